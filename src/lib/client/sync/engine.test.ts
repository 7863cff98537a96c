import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LapakDb } from './db';
import { getMeta } from '../meta';
import { InvalidChange, mutate } from './outbox';
import { SyncEngine } from './engine';
import { FakeServer, SPACE, uuid } from './fake-sync-server';

let local: LapakDb;
let server: FakeServer;
let engine: SyncEngine;
let name = 0;

beforeEach(() => {
	local = new LapakDb(`test-${++name}`);
	server = new FakeServer();
	engine = new SyncEngine(local, { fetch: server.fetch });
});

afterEach(async () => {
	engine.stop();
	await local.delete();
});

const addProduct = (n: number, price = 1000) =>
	mutate(local, SPACE, 'product.put', { id: uuid(n), name: `Produk ${n}`, price, unit: 'pcs', stock: 5 });

describe('mutate', () => {
	it('writes the record and its outbox entry together, numbered 1, 2, 3', async () => {
		await addProduct(1);
		await mutate(local, SPACE, 'stock.adjust', { productId: uuid(1), delta: -2, reason: 'sale' });
		expect((await local.products.get(uuid(1)))?.stock).toBe(3);
		expect((await local.outbox.toArray()).map((e) => [e.id, e.name, e.entityId])).toEqual([
			[1, 'product.put', uuid(1)],
			[2, 'stock.adjust', uuid(1)]
		]);
	});

	it('refuses bad input and writes nothing', async () => {
		await expect(addProduct(1, -5)).rejects.toBeInstanceOf(InvalidChange);
		await expect(
			mutate(local, SPACE, 'stock.adjust', { productId: uuid(9), delta: 1, reason: 'restock' })
		).rejects.toThrow('err.product_missing');
		expect(await local.products.count()).toBe(0);
		expect(await local.outbox.count()).toBe(0);
		expect(await getMeta(local, 'nextMutationId')).toBeUndefined();
	});
});

describe('SyncEngine', () => {
	it('pushes the outbox, empties it, and pulls every page of the server state', async () => {
		for (let n = 1; n <= 5; n++) await addProduct(n);
		await engine.run();
		expect(engine.state.problem).toBeNull();
		expect(await local.outbox.count()).toBe(0);
		expect(server.products.size).toBe(5);
		const stored = await local.products.toArray();
		expect(stored.map((p) => p.version).sort()).toEqual([1, 2, 3, 4, 5]);
		expect((await local.cursors.get(SPACE))?.cursor).toBe(5);
		expect(await getMeta(local, 'lastSyncAt')).toBeTruthy();
	});

	it('keeps a refused change visible and puts the server state back', async () => {
		await addProduct(1);
		await addProduct(2, 999);
		server.refuse.add(2);
		await engine.run();
		const rejections = await local.rejections.toArray();
		expect(rejections).toMatchObject([
			{ mutationId: 2, name: 'product.put', entityId: uuid(2), code: 'invalid' }
		]);
		expect(await local.outbox.count()).toBe(0);
		expect((await local.products.toArray()).map((p) => p.id)).toEqual([uuid(1)]);
	});

	it('does not apply a pull over local changes that are still waiting', async () => {
		await addProduct(1);
		await engine.push();
		await mutate(local, SPACE, 'product.put', { id: uuid(1), name: 'Nama baru' });
		expect(await engine.pull()).toBe(false);
		expect((await local.products.get(uuid(1)))?.name).toBe('Nama baru');
		expect(await local.cursors.count()).toBe(0);
	});

	it('keeps everything on the phone while offline or logged out, and sends it later', async () => {
		await addProduct(1);
		server.status = 'down';
		await engine.run();
		expect(engine.state.problem).toBe('network');
		server.status = 401;
		await engine.run();
		expect(engine.state.problem).toBe('session_expired');
		expect(await local.outbox.count()).toBe(1);
		server.status = 'up';
		engine.resume();
		await engine.run();
		expect(engine.state.problem).toBeNull();
		expect(await local.outbox.count()).toBe(0);
		expect(server.products.has(uuid(1))).toBe(true);
	});

	it.each([
		['the renewal succeeds: the changes go with no PIN asked', 'renewed', null, 0],
		['the renewal is refused: the PIN is asked, the changes wait', 'refused', 'session_expired', 1],
		['the renewal gets no answer: it is tried again later', 'unreachable', 'network', 1]
	] as const)(
		'renews a lost session before asking for the PIN when %s',
		async (_, outcome, problem, left) => {
			await addProduct(1);
			server.status = 401;
			let renewals = 0;
			engine = new SyncEngine(local, {
				fetch: server.fetch,
				maxBackoffMs: 60_000,
				renewSession: async () => {
					renewals++;
					if (outcome === 'renewed') server.status = 'up';
					return outcome;
				}
			});
			await engine.run();
			expect(renewals).toBe(1);
			expect(engine.state.problem).toBe(problem);
			expect(await local.outbox.count()).toBe(left);
			expect(server.products.has(uuid(1))).toBe(left === 0);
		}
	);

	it('asks for the PIN when a renewed session is refused again, without renewing in a loop', async () => {
		await addProduct(1);
		server.status = 401;
		let renewals = 0;
		engine = new SyncEngine(local, {
			fetch: server.fetch,
			renewSession: async () => (renewals++, 'renewed')
		});
		await engine.run();
		expect(renewals).toBe(1);
		expect(engine.state.problem).toBe('session_expired');
		expect(await local.outbox.count()).toBe(1);
	});

	it('sends the waiting changes again as a fresh device when the server lost its sequence', async () => {
		await addProduct(1);
		await engine.push();
		const firstClient = await getMeta(local, 'clientId');
		await addProduct(2);
		server.lastMutationId.clear();
		server.lastMutationId.set(firstClient!, 0);
		// The server forgot mutation 1 (restored backup) while the phone continues at 2: a gap, 409.
		await engine.push();
		expect(await getMeta(local, 'clientId')).not.toBe(firstClient);
		expect(await local.outbox.count()).toBe(0);
		expect(server.products.has(uuid(2))).toBe(true);
		expect(await getMeta(local, 'nextMutationId')).toBe(2);
	});

	it('uploads the photos waiting on the phone and keeps the ones that could not be sent', async () => {
		const keep = (n: number) =>
			local.photos.put({
				sha256: String(n).repeat(64),
				blob: new Blob([new Uint8Array(100 + n)], { type: 'image/webp' }),
				spaceId: SPACE,
				uploaded: 0,
				attempts: 0,
				createdAt: `2026-11-28T00:00:0${n}Z`
			});
		await keep(1);
		await keep(2);
		server.status = 'down';
		await engine.run();
		expect(await local.photos.where('uploaded').equals(0).count()).toBe(2);

		server.status = 'up';
		await engine.run();
		expect([...server.photos.keys()]).toEqual(['1'.repeat(64), '2'.repeat(64)]);
		expect(await local.photos.where('uploaded').equals(1).count()).toBe(2);

		// A photo the server refuses for good is not sent again and again.
		await keep(3);
		server.photoStatus = 413;
		await engine.run();
		expect((await local.photos.get('3'.repeat(64)))?.uploaded).toBe(2);
		expect(engine.state.problem).toBeNull();
	});

	it("keeps a photo queued, and says so, when the shop's storage on the server is full", async () => {
		await local.photos.put({
			sha256: '4'.repeat(64),
			blob: new Blob([new Uint8Array(104)], { type: 'image/webp' }),
			spaceId: SPACE,
			uploaded: 0,
			attempts: 0,
			createdAt: '2026-11-28T00:00:04Z'
		});
		const answer = server.fetch;
		server.fetch = async (input, init) =>
			init?.method === 'PUT'
				? Response.json({ error: { code: 'storage_full', message: 'Penuh' } }, { status: 413 })
				: answer(input, init);
		engine = new SyncEngine(local, { fetch: server.fetch, maxBackoffMs: 10 });
		await engine.run();
		expect((await local.photos.get('4'.repeat(64)))?.uploaded).toBe(0);
		expect(engine.state.problem).toBe('storage_full');

		server.fetch = answer;
		engine = new SyncEngine(local, { fetch: server.fetch, maxBackoffMs: 10 });
		await engine.run();
		expect((await local.photos.get('4'.repeat(64)))?.uploaded).toBe(1);
		expect(engine.state.problem).toBeNull();
	});
});
