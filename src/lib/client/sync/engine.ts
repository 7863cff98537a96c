import type { Account } from '$lib/domain/auth';
import { MAX_MUTATIONS_PER_PUSH, type PullResponse, type PushResponse } from '$lib/domain/sync-protocol';
import { ApiError, callApi, NetworkError, type Fetch, type SessionRenewer } from '../api';
import type { LapakDb, StoredDocument, StoredPhoto } from './db';
import { getClientId, getMeta, setMeta } from '../meta';
import { forgetSpace, storeChanges, syncedTables } from './entities';
import { uploadWaiting, type UploadProgress } from './uploads';

export type { UploadProgress };

/** Why the last sync did not finish, as the status bar tells it. */
export type SyncProblem = 'offline' | 'network' | 'session_expired' | 'storage_full' | null;

export interface SyncState {
	syncing: boolean;
	problem: SyncProblem;
	/** While the photos or documents of a round go up; null otherwise. */
	upload: UploadProgress | null;
}

export interface SyncEngineOptions {
	fetch?: Fetch;
	/** Called whenever `syncing` or `problem` changes. */
	onState?: (state: SyncState) => void;
	/** Backoff after a failure: 1 s, 2 s, 4 s … up to this. */
	maxBackoffMs?: number;
	/** Web Locks name; one tab at a time runs a sync under it. */
	lockName?: string;
	/** Renews a lost session cookie from the device credential before a 401 stops the sync. */
	renewSession?: SessionRenewer;
	/** Called when the account was asked again (new spaces, or a space taken away), with the space in use. */
	onAccount?: (account: Account, currentSpaceId: string | null) => void;
}

const MAX_PULL_ROUNDS = 10_000;

/**
 * Push-then-pull sync of the outbox and the local tables with the server (DESIGN.md §3).
 * `schedule()` is the only entry point the app needs: it coalesces triggers, runs one round at a time
 * (across tabs, through Web Locks) and retries with backoff after a failure.
 */
export class SyncEngine {
	readonly state: SyncState = { syncing: false, problem: null, upload: null };
	private running = false;
	private again = false;
	private failures = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly fetchImpl: Fetch;
	/** The last round met a full storage on the server: photos wait on the phone until there is room. */
	private storageFull = false;
	/** While a pull of several pages runs: resolves when it has ended, stored or not. */
	private bulkPull: Promise<void> | null = null;
	private endBulkPull: (() => void) | null = null;

	constructor(
		private readonly local: LapakDb,
		private readonly options: SyncEngineOptions = {}
	) {
		this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
	}

	/** Asks for a sync round soon; many calls in a row make one round. */
	schedule(delayMs = 50): void {
		if (this.state.problem === 'session_expired') return;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.run(), delayMs);
	}

	/** After logging in again: forget the expired session and sync at once. */
	resume(): void {
		this.failures = 0;
		this.setState({ problem: null });
		this.schedule(0);
	}

	stop(): void {
		clearTimeout(this.timer);
	}

	/** Runs rounds until nothing new was asked for meanwhile. Resolves when done (or failed). */
	async run(): Promise<void> {
		if (this.running) {
			this.again = true;
			return;
		}
		if (typeof navigator !== 'undefined' && navigator.onLine === false) {
			this.setState({ problem: 'offline' });
			return;
		}
		this.running = true;
		this.setState({ syncing: true });
		try {
			await this.roundsRenewingSession();
			this.failures = 0;
			this.setState({ syncing: false, problem: this.storageFull ? 'storage_full' : null });
		} catch (error) {
			if (error instanceof ApiError && error.status === 401) {
				this.setState({ syncing: false, problem: 'session_expired' });
			} else {
				const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
				this.setState({ syncing: false, problem: offline ? 'offline' : 'network' });
				if (!offline) this.retryLater();
				if (!(error instanceof NetworkError) && !(error instanceof ApiError)) console.error(error);
			}
		} finally {
			this.running = false;
		}
	}

	/**
	 * Rounds until nothing new was asked for. A 401 (the browser lost its session cookie: killed before it
	 * wrote it to disk) first renews the session from the device credential and runs the rounds again; the
	 * seller is asked for the PIN only when that is refused.
	 */
	private async roundsRenewingSession(): Promise<void> {
		for (let renewed = false; ; renewed = true) {
			try {
				do {
					this.again = false;
					await this.withLock(() => this.round());
				} while (this.again);
				return;
			} catch (error) {
				const lostSession = error instanceof ApiError && error.status === 401;
				if (!lostSession || renewed || !this.options.renewSession) throw error;
				const outcome = await this.options.renewSession();
				if (outcome === 'unreachable') throw new NetworkError('session renewal unreachable');
				if (outcome === 'refused') throw error;
			}
		}
	}

	/** One round: send every waiting document, change and photo, then bring the server's changes down. */
	async round(): Promise<void> {
		this.storageFull = false;
		// Documents go first: a financing submission in the outbox refers to them, and the server checks
		// that they are there. A server that keeps failing on a document must not hold up the orders
		// behind it, though: only no connection or no session stops the round here.
		const documentsFailed = await this.uploadDocuments().then(
			() => undefined,
			(error: unknown) => {
				if (error instanceof NetworkError || (error instanceof ApiError && error.status === 401)) throw error;
				return error;
			}
		);
		await this.push();
		await this.uploadPhotos();
		const pulled = await this.pull();
		if (pulled) await setMeta(this.local, 'lastSyncAt', new Date().toISOString());
		else this.again = true;
		if (documentsFailed) throw documentsFailed;
	}

	/** Sends the outbox in order, in batches, deleting each entry once the server has answered for it. */
	async push(): Promise<void> {
		let restarts = 0;
		for (;;) {
			let batch = await this.local.outbox.orderBy('id').limit(MAX_MUTATIONS_PER_PUSH).toArray();
			if (batch.length === 0) return;
			// A seller signed up on this phone: the server must have the new space before the documents of
			// its financing form can be uploaded there, and before a submission behind them checks they
			// arrived. So the batch ends with the sign-up, and the documents go up right after it.
			const signUp = batch.findIndex((entry) => entry.name === 'seller.create');
			if (signUp >= 0) batch = batch.slice(0, signUp + 1);
			const clientId = await getClientId(this.local);
			let answer: PushResponse;
			try {
				answer = await callApi<PushResponse>(
					'/api/sync/push',
					{
						clientId,
						mutations: batch.map(({ id, name, space, args, at }) => ({ id, name, space, args, at }))
					},
					this.fetchImpl
				);
			} catch (error) {
				// 409: the server's sequence for this device is not where ours continues (its database
				// was restored). 403 client_taken: this device id belongs to the account used before.
				// Either way the waiting changes are sent again as a fresh device.
				const restart =
					error instanceof ApiError &&
					(error.status === 409 || (error.status === 403 && error.code === 'client_taken'));
				if (restart && restarts++ < 2) {
					await this.restartSequence();
					continue;
				}
				throw error;
			}
			// A server that answers none of a batch would have it sent again at once, for ever: back off.
			if ((await this.settle(batch, answer)) === 0) throw new ApiError(502, 'unanswered', '', undefined);
			if (signUp >= 0) await this.uploadDocuments().catch(() => undefined);
		}
	}

	/**
	 * Uploads the photos taken on this phone, oldest first. Products sync on their own; a product whose
	 * photo has not arrived yet shows it from the phone here and from the server elsewhere once it has.
	 * Without a connection this throws, and the round is retried with backoff; a photo the server refuses
	 * for good (not an image, too big) is marked so it is not sent again.
	 */
	async uploadPhotos(): Promise<void> {
		await this.uploadWaiting('photo', this.local.photos, (photo) => `/api/photos/${photo.sha256}`);
	}

	/**
	 * Uploads the financing documents photographed on this phone (KTP, place of business, NIB/SKU) to
	 * the private documents endpoint of their space, never to the public photo store. Same rules as
	 * photos: no connection throws, a document refused for good is marked and not sent again.
	 */
	async uploadDocuments(): Promise<void> {
		// The space of a seller signed up on this phone does not exist on the server until its sign-up is sent.
		const unsent = new Set(
			(await this.local.outbox.toArray())
				.filter((entry) => entry.name === 'seller.create')
				.map((entry) => entry.space)
		);
		await this.uploadWaiting(
			'document',
			this.local.documents,
			(document) => `/api/documents/${document.sha256}?space=${encodeURIComponent(document.spaceId)}`,
			(document) => !unsent.has(document.spaceId)
		);
	}

	/** Uploads the waiting rows of a table (sync/uploads.ts), telling the status bar how far it is. */
	private async uploadWaiting<T extends StoredPhoto | StoredDocument>(
		kind: UploadProgress['kind'],
		table: LapakDb['photos'] | LapakDb['documents'],
		urlOf: (row: T) => string,
		ready: (row: T) => boolean = () => true
	): Promise<void> {
		const outcome = await uploadWaiting(kind, table, urlOf, ready, {
			fetch: this.fetchImpl,
			onProgress: (upload) => this.setState({ upload })
		});
		if (outcome === 'storage_full') this.storageFull = true;
	}

	/**
	 * Takes in the server's answer to a batch. An entry leaves the outbox only with an answer of its own
	 * (`applied`, `duplicate`, or `rejected`, which is kept to be shown, once); an entry the answer passed
	 * without one (its `lastMutationId` is beyond it) stays, to be sent again and answered, and its space
	 * is read again from the start, so the phone ends equal to the server whatever was lost on the way.
	 */
	private async settle(batch: { id: number; space: string }[], answer: PushResponse): Promise<number> {
		const results = new Map(answer.results.map((result) => [result.id, result]));
		const local = this.local;
		return local.transaction(
			'rw',
			[local.outbox, local.rejections, local.cursors, ...syncedTables(local)],
			async () => {
				const spacesToReload = new Set<string>();
				const refusedSignUps = new Set<string>();
				const answered: number[] = [];
				for (const { id } of batch) {
					const entry = await local.outbox.get(id);
					if (!entry) continue; // answered already (a duplicated request's other answer)
					const result = results.get(id);
					if (!result) {
						if (id <= answer.lastMutationId) spacesToReload.add(entry.space);
						continue;
					}
					answered.push(id);
					if (result.status !== 'rejected') continue;
					await local.rejections.add({
						mutationId: entry.id,
						name: entry.name,
						entityId: entry.entityId,
						code: result.code ?? 'invalid',
						message: result.message ?? '',
						at: new Date().toISOString()
					});
					spacesToReload.add(entry.space);
					if (entry.name === 'seller.create') refusedSignUps.add(entry.space);
				}
				await local.outbox.bulkDelete(answered);
				// The phone applied the refused change optimistically; pulling the space again from the
				// start replaces the local records with the server's, which never contained it. A space the
				// phone holds no cursor of is pulled from the start anyway, if the user may read it at all
				// (asking for one the user may not read would refuse the whole pull: a removed facilitator).
				for (const spaceId of spacesToReload) {
					if (await local.cursors.get(spaceId)) await local.cursors.put({ spaceId, cursor: 0 });
				}
				// A sign-up the server refused made no shop there: what the phone holds of it goes, with the
				// refusal shown to the person.
				for (const spaceId of refusedSignUps) await forgetSpace(local, spaceId);
				return answered.length;
			}
		);
	}

	/**
	 * Pulls every readable space until the server has nothing more. Changes are applied only while the
	 * outbox is empty (checked inside the same transaction); returns false when a local change got in the
	 * way, so the caller pushes it and pulls again.
	 */
	/**
	 * Null, or a promise that resolves when the pull of many pages under way has ended. Screens that show
	 * figures over whole tables wait for it instead of reading them again after every page (a phone that
	 * takes in a year of orders at its first login).
	 */
	bulkPullDone(): Promise<void> | null {
		return this.bulkPull;
	}

	async pull(): Promise<boolean> {
		try {
			return await this.pullPages();
		} finally {
			this.endBulkPull?.();
			this.bulkPull = this.endBulkPull = null;
		}
	}

	private async pullPages(): Promise<boolean> {
		let refreshedAccount = false;
		// The next page, asked for while this one is stored: the cursors it asks from are this page's.
		let next: { cursors: Record<string, number>; answer: Promise<PullResponse> } | null = null;
		for (let round = 0; round < MAX_PULL_ROUNDS; round++) {
			let cursors: Record<string, number>;
			let request: Promise<PullResponse>;
			if (next) {
				({ cursors, answer: request } = next);
				next = null;
			} else {
				const clientId = await getClientId(this.local);
				const cursorRows = await this.local.cursors.toArray();
				cursors = Object.fromEntries(cursorRows.map((row) => [row.spaceId, row.cursor]));
				request = callApi<PullResponse>('/api/sync/pull', { clientId, cursors }, this.fetchImpl);
			}
			let answer: PullResponse;
			try {
				answer = await request;
			} catch (error) {
				// 403: a space we hold is no longer ours to read. Ask who we are, drop the rest, try again.
				if (error instanceof ApiError && error.status === 403 && !refreshedAccount) {
					refreshedAccount = true;
					await this.refreshAccount();
					continue;
				}
				throw error;
			}
			// A space the phone has no account entry for (a seller it signed up, now on the server; a shop
			// newly opened to this user): ask who we are, so the switcher shows its name and shop link.
			const account = await getMeta(this.local, 'account');
			const known = new Set(account?.spaces.map((space) => space.id));
			let refreshedNow = false;
			if (account && !refreshedAccount && Object.keys(answer.spaces).some((id) => !known.has(id))) {
				refreshedAccount = refreshedNow = true;
				await this.refreshAccount();
			}
			if (Object.values(answer.spaces).some((page) => page.more)) {
				this.bulkPull ??= new Promise((resolve) => (this.endBulkPull = resolve));
			}
			if (!refreshedNow && Object.values(answer.spaces).some((page) => page.more)) {
				const nextCursors = { ...cursors };
				for (const [spaceId, page] of Object.entries(answer.spaces)) nextCursors[spaceId] = page.cursor;
				const clientId = await getClientId(this.local);
				const prefetch = callApi<PullResponse>(
					'/api/sync/pull',
					{ clientId, cursors: nextCursors },
					this.fetchImpl
				);
				// Dropped unanswered when this page cannot be stored; its failure then is nobody's business.
				prefetch.catch(() => undefined);
				next = { cursors: nextCursors, answer: prefetch };
			}
			const outcome = await this.applyPull(cursors, answer);
			if (outcome === 'blocked') return false;
			if (outcome === 'done') return true;
		}
		return true;
	}

	/**
	 * Stores one answer of pull: each space's page with bulk writes per table, in one transaction with the
	 * new cursors, so a page is stored whole or not at all, and live queries on screen re-run once a page.
	 */
	private async applyPull(
		sent: Record<string, number>,
		answer: PullResponse
	): Promise<'blocked' | 'more' | 'done'> {
		const local = this.local;
		return local.transaction('rw', [...syncedTables(local), local.outbox, local.cursors], async () => {
			if ((await local.outbox.count()) > 0) return 'blocked';
			let more = false;
			const syncedAt = new Date().toISOString();
			for (const [spaceId, page] of Object.entries(answer.spaces)) {
				// From cursor 0 the server sends the whole space: what the phone holds beyond it is stale.
				if ((sent[spaceId] ?? 0) === 0) await forgetSpace(local, spaceId);
				await storeChanges(local, spaceId, page.changes);
				await local.cursors.put({ spaceId, cursor: page.cursor, syncedAt });
				more ||= page.more;
			}
			return more ? 'more' : 'done';
		});
	}

	/** Refreshes the account and forgets the data of spaces this user may no longer read. */
	async refreshAccount(): Promise<Account> {
		const account = await callApi<Account>('/api/me', undefined, this.fetchImpl);
		const readable = new Set(account.spaces.map((space) => space.id));
		await this.local.transaction(
			'rw',
			[
				this.local.meta,
				this.local.cursors,
				...syncedTables(this.local),
				this.local.documents,
				this.local.outbox
			],
			async () => {
				await setMeta(this.local, 'account', account);
				for (const { spaceId } of await this.local.cursors.toArray()) {
					if (readable.has(spaceId)) continue;
					await this.local.cursors.delete(spaceId);
					await forgetSpace(this.local, spaceId);
					// Identity documents are personal data: they do not stay on a phone that may no
					// longer see the business they belong to.
					await this.local.documents.filter((document) => document.spaceId === spaceId).delete();
				}
				const current = await getMeta(this.local, 'currentSpaceId');
				// A seller signed up here and not sent yet is no space of the server's yet, but it is ours.
				const unsent = (await this.local.outbox.toArray()).some(
					(entry) => entry.name === 'seller.create' && entry.space === current
				);
				if (!current || (!readable.has(current) && !unsent)) {
					if (account.spaces[0]) await setMeta(this.local, 'currentSpaceId', account.spaces[0].id);
					else await this.local.meta.delete('currentSpaceId');
				}
			}
		);
		this.options.onAccount?.(account, (await getMeta(this.local, 'currentSpaceId')) ?? null);
		return account;
	}

	/**
	 * Gives the waiting changes new numbers 1, 2, 3 … under a new device id. Used when the server no
	 * longer knows this device's sequence (its database was restored, or the id belongs to another
	 * account): the changes are kept and sent again as a fresh device.
	 */
	private async restartSequence(): Promise<void> {
		const local = this.local;
		await local.transaction('rw', [local.outbox, local.meta], async () => {
			const entries = await local.outbox.orderBy('id').toArray();
			await local.outbox.clear();
			await local.outbox.bulkAdd(entries.map((entry, index) => ({ ...entry, id: index + 1 })));
			await setMeta(local, 'clientId', crypto.randomUUID());
			await setMeta(local, 'nextMutationId', entries.length + 1);
		});
	}

	private retryLater(): void {
		this.failures++;
		const max = this.options.maxBackoffMs ?? 60_000;
		const base = Math.min(max, 1000 * 2 ** Math.min(this.failures - 1, 16));
		this.schedule(base / 2 + Math.random() * (base / 2));
	}

	private async withLock(task: () => Promise<void>): Promise<void> {
		const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
		if (!locks) return task();
		await locks.request(this.options.lockName ?? 'lapak-sync', task);
	}

	private setState(patch: Partial<SyncState>): void {
		Object.assign(this.state, patch);
		this.options.onState?.({ ...this.state });
	}
}
