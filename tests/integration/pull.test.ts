import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHANGES_PER_PULL, type PullResponse } from '../../src/lib/domain/mutations';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

describe.each(backends)('pull on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
	});

	it('pages 1,200 products from cursor 0 in order, each exactly once, and sends a delete as op delete', async () => {
		const device = new Device(sari.api);
		const ids: string[] = [];
		for (const size of [400, 500, 300]) {
			const batch = Array.from({ length: size }, (_, i) => {
				const args = productArgs({ name: `Produk ${ids.length + i + 1}`, price: 1000 + i });
				return device.mutation('product.put', sari.spaceId, args);
			});
			ids.push(...batch.map((mutation) => (mutation.args as { id: string }).id));
			const answer = await device.push(batch);
			expect(answer.status).toBe(200);
			expect(answer.body.results.every((result: { status: string }) => result.status === 'applied')).toBe(
				true
			);
		}
		expect(ids).toHaveLength(1200);

		// a second phone of the same seller starts from nothing
		const phone = new Device(sari.api);
		const cursors: Record<string, number> = {};
		const pages: PullResponse['spaces'][string][] = [];
		for (;;) {
			const answer = await phone.pull(cursors);
			expect(answer.status).toBe(200);
			expect(Object.keys(answer.body.spaces)).toEqual([sari.spaceId]);
			expect(answer.body.lastMutationId).toBe(0);
			const page = answer.body.spaces[sari.spaceId];
			pages.push(page);
			cursors[sari.spaceId] = page.cursor;
			if (!page.more) break;
		}
		expect(pages.map((page) => page.changes.length)).toEqual([
			MAX_CHANGES_PER_PULL,
			MAX_CHANGES_PER_PULL,
			200
		]);
		expect(pages.map((page) => page.more)).toEqual([true, true, false]);
		const changes = pages.flatMap((page) => page.changes);
		expect(new Set(changes.map((change) => change.id))).toEqual(new Set(ids));
		expect(changes.every((change) => change.entity === 'product' && change.op === 'put')).toBe(true);
		const versions = changes.map((change) => (change.value as { version: number }).version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(versions.length);
		pages.forEach((page) =>
			expect(page.cursor).toBe((page.changes.at(-1)!.value as { version: number }).version)
		);

		// nothing new: the cursor stays
		const idle = await phone.pull(cursors);
		expect(idle.body.spaces[sari.spaceId]).toEqual({
			cursor: cursors[sari.spaceId],
			changes: [],
			more: false
		});

		const gone = ids[17];
		const deleted = await device.push([device.mutation('product.delete', sari.spaceId, { id: gone })]);
		expect(deleted.body.results).toEqual([{ id: 1201, status: 'applied' }]);
		const tail = await phone.pull(cursors);
		expect(tail.body.spaces[sari.spaceId].changes).toEqual([{ entity: 'product', id: gone, op: 'delete' }]);
		expect(tail.body.spaces[sari.spaceId].cursor).toBeGreaterThan(cursors[sari.spaceId]);

		// from scratch, the deleted product comes as a delete and the other 1,199 as puts
		const fresh = await new Device(sari.api).pullAll();
		expect(fresh.products.size).toBe(1199);
		expect(fresh.deleted).toEqual(new Set([gone]));
		expect(fresh.lastMutationId).toBe(0);
		expect((await device.pullAll()).lastMutationId).toBe(1201);
	});

	it('refuses a pull without a session, and a body that does not fit', async () => {
		const anonymous = await new ApiClient(context.server.url).post('/api/sync/pull', {
			clientId: crypto.randomUUID()
		});
		expect(anonymous.status).toBe(401);
		const invalid = await sari.api.post('/api/sync/pull', {
			clientId: 'mine',
			cursors: { [sari.spaceId]: -1 }
		});
		expect(invalid.status).toBe(400);
		expect(invalid.body.error.code).toBe('invalid');
		expect(invalid.body.error.issues.map((issue: { path: unknown[] }) => issue.path)).toEqual(
			expect.arrayContaining([['clientId'], ['cursors', sari.spaceId]])
		);
	});
});
