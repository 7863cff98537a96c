import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHANGES_PER_PULL, type PullResponse } from '../../src/lib/domain/mutations';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
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

	it('answers a poll with every cursor up to date only for a live session, with the current lastMutationId', async () => {
		const rina = await registerSeller(context.server.url, 'Rina', 'Warung Rina');
		const userId = rina.account.user.id;
		const device = new Device(rina.api);
		const product = device.mutation('product.put', rina.spaceId, productArgs());
		expect((await device.push([product])).status).toBe(200);
		const { cursors } = await device.pullAll();
		const poll = await device.pull(cursors);
		expect(poll.status).toBe(200);
		expect(poll.body).toEqual({
			lastMutationId: 1,
			spaces: { [rina.spaceId]: { cursor: cursors[rina.spaceId], changes: [], more: false } }
		});

		// another seller: not with a cursor of Rina's space, not with Rina's phone's clientId
		const budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
		const budiCursors = (await new Device(budi.api).pullAll()).cursors;
		const foreignSpace = await new Device(budi.api).pull({ ...budiCursors, [rina.spaceId]: 1 });
		expect([foreignSpace.status, foreignSpace.body.error.code]).toEqual([403, 'forbidden']);
		const foreignClient = await budi.api.post('/api/sync/pull', {
			clientId: device.clientId,
			cursors: budiCursors
		});
		expect([foreignClient.status, foreignClient.body.error.code]).toEqual([403, 'client_taken']);

		// a session in its second half is renewed by a poll, as by any request
		const setExpiry = (expiresAt: Date) =>
			withDatabase(context.database, (db) =>
				db
					.updateTable('sessions')
					.set({ expires_at: expiresAt.toISOString() })
					.where('user_id', '=', userId)
					.execute()
			);
		await setExpiry(new Date(Date.now() + 10 * 24 * 3_600_000));
		const renewing = await device.pull(cursors);
		expect(renewing.status).toBe(200);
		expect(renewing.headers.getSetCookie().some((line) => line.startsWith('session='))).toBe(true);
		const [renewed] = await withDatabase(context.database, (db) =>
			db.selectFrom('sessions').select('expires_at').where('user_id', '=', userId).execute()
		);
		expect(Date.parse(renewed.expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3_600_000);

		// an expired session: 401, and the cookie goes
		await setExpiry(new Date(Date.now() - 1000));
		const expired = await device.pull(cursors);
		expect([expired.status, expired.body.error.code]).toEqual([401, 'unauthorized']);
		expect(rina.api.cookie).toBeNull();

		// a session logged out: its cookie replayed polls nothing
		const login = await rina.api.post('/api/auth/login', { phone: rina.phone, pin: rina.pin });
		expect(login.status).toBe(200);
		expect((await device.pull(cursors)).status).toBe(200);
		const stolen = rina.api.cookie;
		expect((await rina.api.post('/api/auth/logout')).status).toBe(204);
		rina.api.cookie = stolen;
		const replayed = await device.pull(cursors);
		expect([replayed.status, replayed.body.error.code]).toEqual([401, 'unauthorized']);
		// nor does a body that does not fit get past the session
		expect((await rina.api.post('/api/sync/pull', { clientId: 'mine' })).status).toBe(401);
	});
});
