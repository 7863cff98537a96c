import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeFields, type FinancingApplication, type FinancingFields } from '$lib/domain/financing';
import type { Product } from '$lib/domain/product';
import type { PushRequest } from '$lib/domain/mutations';
import { LapakDb } from './db';
import { getMeta } from '../meta';
import { InvalidChange, mutate } from './outbox';
import { SyncEngine } from './engine';

const SPACE = '0192f0c4-0000-7000-8000-00000000aaaa';
const uuid = (n: number) => `0192f0c4-0000-7000-8000-${String(n).padStart(12, '0')}`;

/**
 * A small stand-in for the server's sync API: enough of DESIGN.md §3 to drive the phone's engine
 * (the real server is exercised over HTTP by the integration tests).
 */
class FakeServer {
	products = new Map<string, Product & { deleted?: boolean }>();
	version = 0;
	lastMutationId = new Map<string, number>();
	refuse = new Set<number>();
	status: 'up' | 'down' | 401 = 'up';
	pushes = 0;
	photos = new Map<string, number>();
	photoStatus = 201;
	/** Every address a photo or document was PUT to. */
	uploads: string[] = [];
	financing = new Map<string, FinancingApplication>();
	/** What `/api/me` answers. */
	account = {
		user: { id: 'user-on-phone', name: 'Sari', phone: '+6281200000000', role: 'seller' },
		spaces: [{ id: SPACE, name: 'Warung Bu Sari', slug: 'warung-bu-sari', role: 'owner' }]
	};

	fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		if (this.status === 'down') throw new TypeError('Failed to fetch');
		if (this.status === 401) return Response.json({ error: { code: 'unauthorized' } }, { status: 401 });
		if (init?.method === 'PUT') {
			this.uploads.push(String(input));
			const hash = String(input).split('?')[0].split('/').at(-1)!;
			if (this.photoStatus < 300) this.photos.set(hash, (init.body as Blob).size);
			return new Response(null, { status: this.photoStatus });
		}
		if (String(input).endsWith('/api/me')) return Response.json(this.account);
		const body = JSON.parse(String(init?.body));
		if (String(input).endsWith('/push')) return this.push(body);
		return this.pull(body);
	};

	private push(body: PushRequest): Response {
		this.pushes++;
		const last = this.lastMutationId.get(body.clientId) ?? 0;
		const fresh = body.mutations.filter((m) => m.id > last);
		if (fresh.length && fresh[0].id !== last + 1)
			return Response.json({ lastMutationId: last }, { status: 409 });
		const results = body.mutations.map((m) => {
			if (m.id <= last) return { id: m.id, status: 'duplicate' };
			if (this.refuse.has(m.id))
				return { id: m.id, status: 'rejected', code: 'invalid', message: 'Harga salah' };
			const args = m.args as Record<string, unknown>;
			const version = ++this.version;
			if (m.name === 'product.put') {
				const old = this.products.get(String(args.id));
				this.products.set(String(args.id), {
					stock: 0,
					category: null,
					description: null,
					photo: null,
					active: true,
					createdAt: m.at,
					...old,
					...(args as object),
					spaceId: m.space,
					version,
					updatedAt: m.at
				} as Product);
			} else if (m.name === 'financing.patch') {
				const { id, fields } = args as { id: string; fields: FinancingFields };
				const old = this.financing.get(id);
				const by = { id: 'user-on-server', name: 'Sari' };
				const fieldChanges = { ...old?.fieldChanges };
				for (const field of Object.keys(fields)) Object.assign(fieldChanges, { [field]: { by, at: m.at } });
				this.financing.set(id, {
					id,
					spaceId: m.space,
					status: old?.status ?? 'draft',
					fields: mergeFields(old?.fields ?? {}, fields),
					fieldChanges,
					ratePercent: 6,
					salesRecord: null,
					submittedAt: null,
					decisions: [],
					createdAt: old?.createdAt ?? m.at,
					version,
					updatedAt: m.at
				});
			} else if (m.name === 'financing.submit') {
				const application = this.financing.get(String(args.id))!;
				this.financing.set(application.id, { ...application, status: 'submitted', version });
			} else if (m.name === 'stock.adjust') {
				const product = this.products.get(String(args.productId))!;
				this.products.set(product.id, { ...product, stock: product.stock + Number(args.delta), version });
			}
			return { id: m.id, status: 'applied' };
		});
		this.lastMutationId.set(body.clientId, body.mutations.at(-1)?.id ?? last);
		return Response.json({ lastMutationId: this.lastMutationId.get(body.clientId), results });
	}

	private pull(body: { clientId: string; cursors: Record<string, number> }): Response {
		const cursor = body.cursors[SPACE] ?? 0;
		const rows = [
			...[...this.products.values()].map((value) => ({ entity: 'product', value })),
			...[...this.financing.values()].map((value) => ({ entity: 'financing', value }))
		]
			.filter((row) => row.value.version > cursor)
			.sort((a, b) => a.value.version - b.value.version);
		const page = rows.slice(0, 2);
		const changes = page.map(({ entity, value }) => ({ entity, id: value.id, op: 'put', value }));
		return Response.json({
			lastMutationId: this.lastMutationId.get(body.clientId) ?? 0,
			spaces: {
				[SPACE]: { cursor: page.at(-1)?.value.version ?? cursor, changes, more: rows.length > 2 }
			}
		});
	}
}

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

describe('financing', () => {
	const APPLICATION = uuid(500);
	const account = {
		user: { id: 'user-on-phone', name: 'Sari', phone: '+6281200000000', role: 'seller' as const },
		spaces: []
	};
	const patch = (fields: FinancingFields) =>
		mutate(local, SPACE, 'financing.patch', { id: APPLICATION, fields });

	it('keeps a draft field by field on the phone and gets the server copy back after sending it', async () => {
		await local.meta.put({ key: 'account', value: account });
		await patch({ product: 'mikro', amount: 20_000_000 });
		await patch({ fullName: 'Sari Wulandari', amount: 25_000_000 });
		const draft = await local.financing.get(APPLICATION);
		expect(draft).toMatchObject({
			spaceId: SPACE,
			status: 'draft',
			fields: { product: 'mikro', amount: 25_000_000, fullName: 'Sari Wulandari' },
			version: 0
		});
		expect(draft?.fieldChanges.fullName?.by).toEqual({ id: 'user-on-phone', name: 'Sari' });
		// One outbox entry per save, each with only the fields of that save.
		expect((await local.outbox.toArray()).map((entry) => entry.args)).toEqual([
			{ id: APPLICATION, fields: { product: 'mikro', amount: 20_000_000 } },
			{ id: APPLICATION, fields: { fullName: 'Sari Wulandari', amount: 25_000_000 } }
		]);

		await engine.run();
		expect(await local.outbox.count()).toBe(0);
		const synced = await local.financing.get(APPLICATION);
		expect(synced?.version).toBeGreaterThan(0);
		expect(synced?.ratePercent).toBe(6);
		expect(synced?.fields).toEqual({ product: 'mikro', amount: 25_000_000, fullName: 'Sari Wulandari' });
	});

	it('merges a change made on another phone without losing the fields filled here', async () => {
		await patch({ fullName: 'Sari' });
		await engine.run();
		// A facilitator's phone fills the address on the server meanwhile.
		const onServer = server.financing.get(APPLICATION)!;
		server.financing.set(APPLICATION, {
			...onServer,
			fields: mergeFields(onServer.fields, { address: 'Jl. Melati 3' }),
			fieldChanges: { ...onServer.fieldChanges, address: { by: { id: 'budi', name: 'Budi' }, at: 'x' } },
			version: ++server.version
		});
		await patch({ businessName: 'Warung Sari' });
		await engine.run();
		const merged = await local.financing.get(APPLICATION);
		expect(merged?.fields).toEqual({
			fullName: 'Sari',
			address: 'Jl. Melati 3',
			businessName: 'Warung Sari'
		});
		expect(merged?.fieldChanges.address?.by.name).toBe('Budi');
	});

	it('freezes a submitted application on the phone until the lender returns it', async () => {
		await patch({ fullName: 'Sari' });
		// Incomplete: the phone already knows the server would refuse it.
		await expect(mutate(local, SPACE, 'financing.submit', { id: APPLICATION })).rejects.toThrow(
			'err.financing_not_eligible'
		);
		await local.financing.update(APPLICATION, { status: 'submitted' });
		await expect(patch({ fullName: 'Sari W' })).rejects.toThrow('err.financing_frozen');
		await engine.run();
		server.financing.set(APPLICATION, {
			...server.financing.get(APPLICATION)!,
			status: 'needs_revision',
			decisions: [
				{ status: 'needs_revision', note: 'Foto KTP buram', by: { id: 'l', name: 'Bank' }, at: 'x' }
			],
			version: ++server.version
		});
		await engine.run();
		expect((await local.financing.get(APPLICATION))?.decisions[0]?.note).toBe('Foto KTP buram');
		await patch({ fullName: 'Sari W' });
		expect((await local.financing.get(APPLICATION))?.fields.fullName).toBe('Sari W');
	});

	it('uploads document photos to the private documents endpoint of their space, never as public photos', async () => {
		const keep = (n: number) =>
			local.documents.put({
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
		expect(await local.documents.where('uploaded').equals(0).count()).toBe(2);

		server.status = 'up';
		await engine.run();
		expect(server.uploads).toEqual([
			`/api/documents/${'1'.repeat(64)}?space=${SPACE}`,
			`/api/documents/${'2'.repeat(64)}?space=${SPACE}`
		]);
		expect(await local.documents.where('uploaded').equals(1).count()).toBe(2);
		expect(await local.photos.count()).toBe(0);

		await keep(3);
		server.photoStatus = 403;
		await engine.run();
		expect((await local.documents.get('3'.repeat(64)))?.uploaded).toBe(2);
		expect(engine.state.problem).toBeNull();
	});

	it('sends the documents before the changes that refer to them', async () => {
		await patch({ ktpPhoto: '4'.repeat(64) });
		await local.documents.put({
			sha256: '4'.repeat(64),
			blob: new Blob([new Uint8Array(10)], { type: 'image/webp' }),
			spaceId: SPACE,
			uploaded: 0,
			attempts: 0,
			createdAt: '2026-11-28T00:00:00Z'
		});
		const order: string[] = [];
		const fetchBefore = server.fetch;
		engine = new SyncEngine(local, {
			fetch: (input, init) => {
				order.push(init?.method === 'PUT' ? 'document' : String(input).split('/').at(-1)!);
				return fetchBefore(input, init);
			}
		});
		await engine.run();
		expect(order.slice(0, 2)).toEqual(['document', 'push']);
	});
});

describe('facilitators', () => {
	const NEW_SPACE = uuid(700);
	const facilitator = {
		user: { id: 'budi', name: 'Budi', phone: '+6281299990000', role: 'facilitator' as const },
		spaces: []
	};

	it('signs a seller up offline, marks the records as the facilitator’s, and sends the sign-up before the documents of the new shop', async () => {
		await local.meta.put({ key: 'account', value: facilitator });
		await mutate(local, NEW_SPACE, 'seller.create', {
			ownerName: 'Sari',
			phone: '+6281234567890',
			businessName: 'Warung Bu Sari'
		});
		await mutate(local, NEW_SPACE, 'product.put', {
			id: uuid(701),
			name: 'Kopi',
			price: 3000,
			unit: 'gelas'
		});
		await mutate(local, NEW_SPACE, 'financing.patch', {
			id: uuid(702),
			fields: { ktpPhoto: '5'.repeat(64) }
		});
		await local.documents.put({
			sha256: '5'.repeat(64),
			blob: new Blob([new Uint8Array(10)], { type: 'image/webp' }),
			spaceId: NEW_SPACE,
			uploaded: 0,
			attempts: 0,
			createdAt: '2026-11-28T00:00:00Z'
		});
		expect(await local.sellers.get(NEW_SPACE)).toMatchObject({
			businessName: 'Warung Bu Sari',
			activation: { status: 'waiting' },
			members: [{ id: 'budi', name: 'Budi', role: 'facilitator' }]
		});
		expect((await local.products.get(uuid(701)))?.changedBy).toEqual({
			id: 'budi',
			name: 'Budi',
			role: 'facilitator'
		});

		const order: string[] = [];
		const fetchBefore = server.fetch;
		engine = new SyncEngine(local, {
			fetch: (input, init) => {
				const what = init?.method === 'PUT' ? 'document' : String(input).split('/').at(-1)!;
				const names =
					what === 'push'
						? JSON.parse(String(init?.body)).mutations.map((m: { name: string }) => m.name)
						: [];
				order.push(names.length ? `push ${names.join(', ')}` : what);
				return fetchBefore(input, init);
			}
		});
		await engine.run();
		// The server must have the new shop before a document can be kept in it.
		expect(order.slice(0, 3)).toEqual([
			'push seller.create',
			'document',
			'push product.put, financing.patch'
		]);
		expect(server.uploads).toEqual([`/api/documents/${'5'.repeat(64)}?space=${NEW_SPACE}`]);
		expect(await local.outbox.count()).toBe(0);
	});

	it('keeps a seller signed up here as the shop in use while the server does not know it yet', async () => {
		await local.meta.put({ key: 'account', value: facilitator });
		await local.meta.put({ key: 'currentSpaceId', value: NEW_SPACE });
		await mutate(local, NEW_SPACE, 'seller.create', {
			ownerName: 'Sari',
			phone: '+6281234567890',
			businessName: 'Warung Bu Sari'
		});
		server.account = { ...facilitator, spaces: [] } as unknown as typeof server.account;
		await engine.refreshAccount();
		expect(await getMeta(local, 'currentSpaceId')).toBe(NEW_SPACE);
		expect(await local.sellers.get(NEW_SPACE)).toBeDefined();
	});
});
