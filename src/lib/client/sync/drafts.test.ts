import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepDraft } from '../photo-store';
import { DRAFT, LapakDb } from './db';
import { forgetOldDrafts, namedFiles } from './drafts';
import { SyncEngine, type SyncState } from './engine';
import { mutate, mutationTables } from './outbox';

const SPACE = '0192f0c4-0000-7000-8000-00000000bbbb';
const PRODUCT = '0192f0c4-0000-7000-8000-000000000001';
const hash = (n: number) => n.toString(16).repeat(64).slice(0, 64);
const blob = (n: number) => new Blob([new Uint8Array(100 + n)], { type: 'image/webp' });

/** Just enough of the server for photos: push answers every mutation applied, pull has nothing. */
class Server {
	uploads: string[] = [];
	inFlight = 0;
	mostInFlight = 0;
	/** When set, each PUT waits for this before it is answered. */
	gate: ((url: string) => Promise<void>) | null = null;
	answer: (url: string) => Response = () => new Response(null, { status: 201 });
	fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const url = String(input);
		if (init?.method === 'PUT') {
			this.uploads.push(url);
			this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
			try {
				await this.gate?.(url);
				return this.answer(url);
			} finally {
				this.inFlight--;
			}
		}
		const body = JSON.parse(String(init?.body)) as { mutations?: { id: number }[] };
		if (url.endsWith('/push')) {
			const ids = body.mutations!.map((m) => m.id);
			return Response.json({
				lastMutationId: Math.max(...ids),
				results: ids.map((id) => ({ id, status: 'applied' }))
			});
		}
		return Response.json({ lastMutationId: 0, spaces: {} });
	};
}

let local: LapakDb;
let server: Server;
let states: SyncState[];
let engine: SyncEngine;
let name = 0;

beforeEach(() => {
	local = new LapakDb(`drafts-${++name}`);
	server = new Server();
	states = [];
	engine = new SyncEngine(local, { fetch: server.fetch, onState: (state) => states.push(state) });
});

afterEach(async () => {
	engine.stop();
	await local.delete();
});

const pick = (n: number, table = local.photos) =>
	keepDraft(local, table, SPACE, { sha256: hash(n), blob: blob(n) });
const saveProduct = (photos: string[]) =>
	mutate(local, SPACE, 'product.put', { id: PRODUCT, name: 'Kopi', price: 5000, unit: 'gelas', photos });

describe('photos picked in a form', () => {
	it('are uploaded only once a saved product names them', async () => {
		await pick(1);
		await pick(2);
		expect((await local.photos.get(hash(1)))?.uploaded).toBe(DRAFT);

		await saveProduct([hash(2)]);
		expect((await local.photos.get(hash(2)))?.uploaded).toBe(0);
		await engine.run();
		expect(server.uploads).toEqual([`/api/photos/${hash(2)}`]);
		// The one picked and abandoned stays on the phone, a draft, never sent.
		expect((await local.photos.get(hash(1)))?.uploaded).toBe(DRAFT);
	});

	it('stay drafts when the save that names them does not happen (the app killed mid-save)', async () => {
		await pick(3);
		const killed = local.transaction('rw', mutationTables(local), async () => {
			await saveProduct([hash(3)]);
			throw new Error('killed');
		});
		await expect(killed).rejects.toThrow('killed');
		expect(await local.products.get(PRODUCT)).toBeUndefined();
		expect(await local.outbox.count()).toBe(0);
		expect((await local.photos.get(hash(3)))?.uploaded).toBe(DRAFT);
		await engine.run();
		expect(server.uploads).toEqual([]);
	});

	it('keep a photo already queued or sent as it is when it is picked again', async () => {
		await pick(4);
		await saveProduct([hash(4)]);
		await engine.run();
		await pick(4);
		expect((await local.photos.get(hash(4)))?.uploaded).toBe(1);
	});

	it('follow the same rule for financing documents', async () => {
		await pick(5, local.documents);
		await pick(6, local.documents);
		await mutate(local, SPACE, 'financing.patch', {
			id: '0192f0c4-0000-7000-8000-000000000500',
			fields: { ktpPhoto: hash(5) }
		});
		await engine.run();
		expect(server.uploads).toEqual([`/api/documents/${hash(5)}?space=${SPACE}`]);
		expect((await local.documents.get(hash(6)))?.uploaded).toBe(DRAFT);
	});

	it('are forgotten a day after they were picked when nothing named them', async () => {
		await pick(7);
		await pick(8);
		await saveProduct([hash(8)]);
		expect(await forgetOldDrafts(local, new Date(Date.now() + 23 * 3600_000))).toBe(0);
		expect(await forgetOldDrafts(local, new Date(Date.now() + 25 * 3600_000))).toBe(1);
		expect(await local.photos.get(hash(7))).toBeUndefined();
		expect((await local.photos.get(hash(8)))?.uploaded).toBe(0);
	});

	it('are found wherever a record names them', () => {
		const names = namedFiles({
			id: PRODUCT,
			photos: [hash(1), hash(2)],
			fields: { ktpPhoto: hash(3), note: 'a'.repeat(63) },
			storefrontPhoto: null
		});
		expect([...names]).toEqual([hash(1), hash(2), hash(3)]);
	});
});

describe('uploading the waiting photos', () => {
	const queue = async (count: number) => {
		for (let n = 1; n <= count; n++) {
			await local.photos.put({
				sha256: hash(n),
				blob: blob(n),
				spaceId: SPACE,
				uploaded: 0,
				attempts: 0,
				// Made in the reverse order of their names: the oldest is the last one.
				createdAt: new Date(Date.UTC(2026, 10, 28, 0, 0, 60 - n)).toISOString()
			});
		}
	};

	it('sends a few at once, oldest first, and tells how far it is', async () => {
		await queue(7);
		server.gate = () => new Promise((resolve) => setTimeout(resolve, 5));
		await engine.run();
		expect(server.uploads).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => `/api/photos/${hash(n)}`));
		expect(server.mostInFlight).toBe(3);
		const progress = states.filter((state) => state.upload).map((state) => state.upload);
		expect(progress.map((p) => p!.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(progress.every((p) => p!.total === 7 && p!.kind === 'photo')).toBe(true);
		expect(states.at(-1)).toMatchObject({ syncing: false, problem: null, upload: null });
	});

	it('stops starting new uploads at the first failure and keeps the rest waiting', async () => {
		await queue(6);
		// 5 is answered at once, the two beside it later.
		server.gate = (url) => new Promise((resolve) => setTimeout(resolve, url.endsWith(hash(5)) ? 0 : 50));
		server.answer = (url) =>
			url.endsWith(hash(5)) ? new Response(null, { status: 503 }) : new Response(null, { status: 201 });
		await engine.run();
		expect(engine.state.problem).toBe('network');
		expect(engine.state.upload).toBeNull();
		// 6, 5 and 4 went together; 5 failed, so 3, 2 and 1 were not started.
		expect(server.uploads.length).toBe(3);
		expect(await local.photos.where('uploaded').equals(0).count()).toBe(4);
		expect((await local.photos.get(hash(5)))?.attempts).toBe(1);
	});

	it("keeps the photos waiting, and says so, when the shop's storage is full", async () => {
		await queue(5);
		server.answer = () =>
			Response.json({ error: { code: 'storage_full', message: 'Penuh' } }, { status: 413 });
		await engine.run();
		expect(engine.state.problem).toBe('storage_full');
		expect(server.uploads.length).toBe(3);
		expect(await local.photos.where('uploaded').equals(0).count()).toBe(5);
	});
});
