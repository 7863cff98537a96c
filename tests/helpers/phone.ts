/**
 * A phone in Node: the app's real Dexie database (over fake-indexeddb), its real `mutate()` and its real
 * sync engine, talking HTTP to a test server through a fetch that carries the phone's session cookie and
 * can lose, repeat or delay what it carries. The phone's own modules are imported only here.
 */
// Before Dexie is loaded: Dexie takes the global indexedDB when its module is evaluated.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { LapakDb, type OutboxEntry, type Rejection } from '$lib/client/sync/db';
import { getClientId, getMeta, setMeta } from '$lib/client/meta';
import { mutate } from '$lib/client/sync/outbox';
import { SyncEngine } from '$lib/client/sync/engine';
import type { Account } from '../../src/lib/domain/auth';
import type { MutationArgs, MutationName } from '../../src/lib/domain/mutations';
import { orderNumber, type Order } from '../../src/lib/domain/order';
import type { Product, StockMovement } from '../../src/lib/domain/product';
import { ApiClient, Device } from './client';

export { LapakDb, SyncEngine, getClientId, getMeta, mutate, setMeta };
export type { OutboxEntry, Rejection };

/** An answer as the server sent it, read to the end (so the server has finished with the request). */
export interface Delivered {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
	/** Its line in the phone's log: a fault that decides after seeing the answer changes its `fate`. */
	entry: LogEntry;
}

/** What became of one copy of a request, so tests can check that the fault they meant really happened. */
export interface LogEntry {
	path: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	request: any;
	/**
	 * `answered`: the phone got this answer; `lost`: the server answered, the phone never saw it; `extra`:
	 * the answer to a copy the network sent twice, not the one the phone got; `late`: a request held back
	 * and delivered after the next one (the phone had given up on it); `unsent`: no answer at all.
	 */
	fate: 'answered' | 'lost' | 'extra' | 'late' | 'unsent';
	status?: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	answer?: any;
}

/** One request of the phone, and the way to really send it (as often as a fault wants). */
export interface Exchange {
	path: string;
	method: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	send(fate: LogEntry['fate']): Promise<Delivered>;
}

/** Decides what the network does with one request; returns what the phone gets, or throws (no answer). */
export type Fault = (exchange: Exchange, phone: Phone) => Promise<Response>;

/** What a browser's fetch throws when the connection drops. */
export function networkFailure(): TypeError {
	return new TypeError('fetch failed');
}

export function toResponse(delivered: Delivered): Response {
	const empty = delivered.status === 204 || delivered.status === 304;
	return new Response(empty ? null : delivered.text, {
		status: delivered.status,
		headers: delivered.headers
	});
}

/** A good connection. */
export const deliver: Fault = async (exchange) => toResponse(await exchange.send('answered'));

/** The server gets the request and commits, and the answer is lost on the way back. */
export const loseAnswer: Fault = async (exchange) => {
	await exchange.send('lost');
	throw networkFailure();
};

/** The request reaches the server twice at once (a retrying proxy); the phone gets one of the answers. */
export function duplicate(answerOf: 'first' | 'second' = 'second'): Fault {
	return async (exchange) => {
		const [first, second] = await Promise.all([
			exchange.send(answerOf === 'first' ? 'answered' : 'extra'),
			exchange.send(answerOf === 'second' ? 'answered' : 'extra')
		]);
		return toResponse(answerOf === 'first' ? first : second);
	};
}

/**
 * The request is held back (the phone's fetch fails: it gave up waiting) and reaches the server only after
 * the phone's next request has been answered: reordered.
 */
export const holdBack: Fault = async (exchange, phone) => {
	phone.held.push(exchange);
	throw networkFailure();
};

type LoginAnswer = Account & { deviceCode?: string };

/**
 * One install of the app: its own IndexedDB database, its own session cookie, the real sync engine. `fault`
 * decides what the network does with each request (a good connection by default). A second tab of the same
 * install is `phone.tab()`: the same database, another engine.
 */
export class Phone {
	readonly db: LapakDb;
	readonly engine: SyncEngine;
	fault: Fault = deliver;
	/** Every copy of every request sent to the server, with what became of it. */
	readonly log: LogEntry[] = [];
	/** Requests held back by `holdBack`, sent after the next request. */
	readonly held: Exchange[] = [];
	cookie: string | null = null;

	constructor(
		readonly base: string,
		readonly label: string,
		readonly dbName = `lapak-${label}-${randomUUID()}`
	) {
		this.db = new LapakDb(dbName);
		this.engine = new SyncEngine(this.db, { fetch: this.fetch });
	}

	/** Another tab of this install: the same IndexedDB database and session, its own engine and network. */
	tab(label = `${this.label}-tab`): Phone {
		const other = new Phone(this.base, label, this.dbName);
		other.cookie = this.cookie;
		return other;
	}

	/** The fetch the engine is given: the server's address, the session cookie, and the fault. */
	readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
		const path = String(input);
		const method = init.method ?? 'GET';
		const raw = typeof init.body === 'string' ? init.body : undefined;
		if (init.body !== undefined && raw === undefined) {
			// photos and documents: these tests make none, and faults are only meant for JSON requests
			throw new Error(`phone ${this.label}: unexpected binary request ${method} ${path}`);
		}
		const exchange: Exchange = {
			path,
			method,
			body: raw === undefined ? undefined : JSON.parse(raw),
			send: (fate) => this.send(path, method, init.headers, raw, fate)
		};
		// Requests held back before this one reach the server once this one has been answered.
		const late = this.held.splice(0);
		try {
			return await this.fault(exchange, this);
		} finally {
			for (const held of late) await held.send('late').catch(() => undefined);
		}
	};

	/** Sends whatever is still held back (the network's last stragglers). */
	async flushHeld(): Promise<void> {
		for (const held of this.held.splice(0)) await held.send('late').catch(() => undefined);
	}

	private async send(
		path: string,
		method: string,
		headersInit: HeadersInit | undefined,
		body: string | undefined,
		fate: LogEntry['fate']
	): Promise<Delivered> {
		const headers = new Headers(headersInit);
		if (this.cookie) headers.set('cookie', `session=${this.cookie}`);
		const request = body === undefined ? undefined : JSON.parse(body);
		let response: Response;
		let text: string;
		try {
			response = await fetch(this.base + path, { method, headers, body });
			text = await response.text();
		} catch (error) {
			this.log.push({ path, request, fate: 'unsent' });
			throw error;
		}
		for (const line of response.headers.getSetCookie()) {
			const match = /^session=([^;]*)/.exec(line);
			if (match) this.cookie = match[1] || null;
		}
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const entry: LogEntry = { path, request, fate, status: response.status, answer: json };
		this.log.push(entry);
		return { status: response.status, headers: response.headers, text, json, entry };
	}

	async register(input: { name: string; phone: string; pin: string; businessName: string }) {
		return this.signIn('/api/auth/register', input, 201);
	}

	async login(phone: string, pin: string) {
		return this.signIn('/api/auth/login', { phone, pin }, 200);
	}

	/** Logs in as the app does (with this install's clientId) and keeps the account as runtime.ts remember() does. */
	private async signIn(path: string, input: object, expected: number): Promise<Account> {
		const clientId = await getClientId(this.db);
		const answer = await this.send(
			path,
			'POST',
			{ 'content-type': 'application/json' },
			JSON.stringify({ ...input, clientId }),
			'answered'
		);
		if (answer.status !== expected) {
			throw new Error(`${path} for ${this.label}: ${answer.status} ${answer.text}`);
		}
		const { deviceCode, ...account } = answer.json as LoginAnswer;
		const spaceId = account.spaces[0]?.id;
		await this.db.transaction('rw', this.db.meta, async () => {
			await setMeta(this.db, 'account', account);
			if (spaceId) await setMeta(this.db, 'currentSpaceId', spaceId);
			if (deviceCode) await setMeta(this.db, 'deviceCode', deviceCode);
		});
		return account;
	}

	async clientId(): Promise<string> {
		return getClientId(this.db);
	}

	/** One sync round as a trigger starts it; true when it finished with no problem. */
	async syncOnce(): Promise<boolean> {
		await this.engine.run();
		// A failed round schedules its own retry with backoff; the tests retry themselves, when they choose.
		this.engine.stop();
		return this.engine.state.problem === null;
	}

	/** Syncs until a round finishes with nothing left to send (retrying at once after a failure). */
	async sync(maxAttempts = 100): Promise<void> {
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			if ((await this.syncOnce()) && (await this.db.outbox.count()) === 0) return;
			if (this.engine.state.problem === 'session_expired') break;
			await new Promise((resolve) => setTimeout(resolve, attempt < 5 ? 10 : 100));
		}
		throw new Error(
			`phone ${this.label} did not sync (${this.engine.state.problem}, ${await this.db.outbox.count()} waiting)`
		);
	}

	/** Makes a change through the app's one way in; returns its mutation id. */
	async change<N extends MutationName>(space: string, name: N, args: MutationArgs<N>): Promise<number> {
		await mutate(this.db, space, name, args);
		return (await getMeta(this.db, 'nextMutationId'))! - 1;
	}

	/** The next order number of this install, as orders.ts nextOrderNumber() takes it. */
	async nextOrderNumber(): Promise<string> {
		return this.db.transaction('rw', this.db.meta, async () => {
			const code = await getMeta(this.db, 'deviceCode');
			if (!code) throw new Error(`phone ${this.label} has no device code`);
			const count = ((await getMeta(this.db, 'orderCount')) ?? 0) + 1;
			await setMeta(this.db, 'orderCount', count);
			return orderNumber(code, count);
		});
	}

	async rejections(): Promise<Rejection[]> {
		return this.db.rejections.toArray();
	}

	/** What the phone holds of one space, sorted by id. */
	async holdings(space: string): Promise<Holdings> {
		const [products, orders, movements] = await Promise.all([
			this.db.products.where('spaceId').equals(space).toArray(),
			this.db.orders.where('spaceId').equals(space).toArray(),
			this.db.stockMovements.where('spaceId').equals(space).toArray()
		]);
		return { products: byId(products), orders: byId(orders), movements: byId(movements) };
	}

	/** What a fresh install of the same account pulls of one space now, sorted by id. */
	async serverHoldings(space: string): Promise<Holdings> {
		return freshPull(this.base, this.cookie!, space);
	}
}

export interface Holdings {
	products: Product[];
	orders: Order[];
	movements: StockMovement[];
}

function byId<T extends { id: string }>(rows: T[]): T[] {
	return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A pull from cursor 0 under a new clientId with the given session: the server's state of one space. */
export async function freshPull(base: string, cookie: string, space: string): Promise<Holdings> {
	const api = new ApiClient(base);
	api.cookie = cookie;
	const { products, orders, movements } = await new Device(api).pullAll();
	const inSpace = <T extends { spaceId: string }>(rows: Iterable<T>) =>
		[...rows].filter((row) => row.spaceId === space);
	return {
		products: byId(inSpace(products.values())),
		orders: byId(inSpace(orders.values())),
		movements: byId(inSpace(movements.values()))
	};
}

/** A small seeded random number generator (mulberry32), so a run's faults can be replayed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
