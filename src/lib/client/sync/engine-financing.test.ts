import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeFields, type FinancingFields } from '$lib/domain/financing';
import { LapakDb } from './db';
import { getMeta } from '../meta';
import { mutate } from './outbox';
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
