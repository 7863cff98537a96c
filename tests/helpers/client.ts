import { randomBytes, randomUUID } from 'node:crypto';
import type { Account } from '../../src/lib/domain/auth';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { PullResponse, PushedMutation } from '../../src/lib/domain/mutations';
import type { Order } from '../../src/lib/domain/order';
import type { Product, StockMovement } from '../../src/lib/domain/product';

/** Answers are read loosely: the tests check their shape themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export interface Answer {
	status: number;
	body: Body;
	headers: Headers;
}

/** A fetch-based API client that keeps the session cookie, like a browser would. */
export class ApiClient {
	cookie: string | null = null;
	/**
	 * Sent with every request: the client's address, for a test server started with
	 * ADDRESS_HEADER=x-forwarded-for (elsewhere the header means nothing); a request may give its own.
	 */
	headers: Record<string, string> = { 'x-forwarded-for': '127.0.0.1' };

	constructor(readonly base: string) {}

	/** `raw` is sent as it is (a string, or bytes such as a photo) instead of `body` as JSON. */
	async request(
		method: string,
		path: string,
		body?: unknown,
		options: { raw?: string | Uint8Array; headers?: Record<string, string> } = {}
	): Promise<Answer> {
		const headers: Record<string, string> = { ...this.headers, ...options.headers };
		if (this.cookie) headers.cookie = `session=${this.cookie}`;
		const raw = typeof options.raw === 'object' ? new Uint8Array(options.raw) : options.raw;
		const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
		if (payload !== undefined) headers['content-type'] ??= 'application/json';
		const response = await fetch(this.base + path, { method, headers, body: payload });
		for (const line of response.headers.getSetCookie()) {
			const match = /^session=([^;]*)/.exec(line);
			if (match) this.cookie = match[1] || null;
		}
		const text = await response.text();
		let parsed: Body = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// not JSON: the text itself
		}
		return { status: response.status, body: parsed, headers: response.headers };
	}

	get(path: string): Promise<Answer> {
		return this.request('GET', path);
	}

	post(
		path: string,
		body?: unknown,
		options?: { raw?: string | Uint8Array; headers?: Record<string, string> }
	): Promise<Answer> {
		return this.request('POST', path, body, options);
	}

	/** Uploads photo bytes under a name, as the phone's photo queue does. */
	putPhoto(hash: string, bytes: Uint8Array, contentType: string): Promise<Answer> {
		return this.request('PUT', `/api/photos/${hash}`, undefined, {
			raw: bytes,
			headers: { 'content-type': contentType }
		});
	}
}

/** A phone number no other test uses, written the way a seller types it. */
export function newPhone(): string {
	return `08${(randomBytes(4).readUInt32BE() % 1_000_000_000).toString().padStart(9, '1')}`;
}

export interface Seller {
	api: ApiClient;
	account: Account;
	spaceId: string;
	phone: string;
	pin: string;
}

export async function registerSeller(
	base: string,
	name = 'Sari',
	businessName = 'Warung Bu Sari'
): Promise<Seller> {
	const api = new ApiClient(base);
	const phone = newPhone();
	const pin = '123456';
	const answer = await api.post('/api/auth/register', { name, phone, pin, businessName });
	if (answer.status !== 201)
		throw new Error(`register failed: ${answer.status} ${JSON.stringify(answer.body)}`);
	return { api, account: answer.body, spaceId: answer.body.spaces[0].id, phone, pin };
}

/** One installed app: a clientId and its mutation counter, like the outbox of a phone. */
export class Device {
	readonly clientId: string = randomUUID();
	nextId = 1;

	constructor(readonly api: ApiClient) {}

	mutation(name: string, space: string, args: unknown): PushedMutation {
		return { id: this.nextId++, name, space, args, at: new Date().toISOString() };
	}

	push(mutations: PushedMutation[]): Promise<Answer> {
		return this.api.post('/api/sync/push', { clientId: this.clientId, mutations });
	}

	pull(cursors?: Record<string, number>): Promise<Answer> {
		return this.api.post('/api/sync/pull', { clientId: this.clientId, cursors });
	}

	/**
	 * Pulls until no space has more, and returns every page, the latest product values by id, the deleted
	 * product ids, the stock movements by id, and the orders by id.
	 */
	async pullAll(cursors: Record<string, number> = {}) {
		const pages: PullResponse[] = [];
		const products = new Map<string, Product>();
		const deleted = new Set<string>();
		const movements = new Map<string, StockMovement>();
		const orders = new Map<string, Order>();
		let lastMutationId = 0;
		for (let round = 0; round < 100; round++) {
			const answer = await this.pull(cursors);
			if (answer.status !== 200)
				throw new Error(`pull failed: ${answer.status} ${JSON.stringify(answer.body)}`);
			const page: PullResponse = answer.body;
			pages.push(page);
			lastMutationId = page.lastMutationId;
			let more = false;
			for (const [spaceId, space] of Object.entries(page.spaces)) {
				cursors[spaceId] = space.cursor;
				more ||= space.more;
				for (const change of space.changes) {
					if (change.entity === 'order') {
						if (change.op === 'delete') orders.delete(change.id);
						else orders.set(change.id, change.value as Order);
					} else if (change.entity === 'stockMovement') {
						if (change.op === 'delete') movements.delete(change.id);
						else movements.set(change.id, change.value as StockMovement);
					} else if (change.entity === 'product') {
						if (change.op === 'delete') {
							products.delete(change.id);
							deleted.add(change.id);
						} else {
							products.set(change.id, change.value as Product);
						}
					}
				}
			}
			if (!more) return { pages, products, deleted, movements, orders, cursors, lastMutationId };
		}
		throw new Error('pull did not finish in 100 rounds');
	}
}

export function productArgs(overrides: Record<string, unknown> = {}) {
	return { id: uuidv7(), name: 'Kopi sachet', price: 2500, unit: 'pcs', stock: 10, ...overrides };
}
