import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openEvents } from '../helpers/events';
import {
	backends,
	createTestDatabase,
	TestServer,
	useTestServer,
	type TestDatabase
} from '../helpers/server';

describe.each(backends)('pokes on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let budi: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
	});

	it('pokes the open streams of the space that changed, and only those', async () => {
		const sariPhone = await openEvents(sari.api);
		const budiPhone = await openEvents(budi.api);
		try {
			expect(sariPhone.status).toBe(200);
			const device = new Device(sari.api);
			const started = Date.now();
			await device.push([device.mutation('product.put', sari.spaceId, productArgs())]);
			const poke = await sariPhone.next(2000);
			expect(poke).toEqual({ event: 'poke', data: JSON.stringify({ space: sari.spaceId }) });
			expect(Date.now() - started).toBeLessThan(2000);
			// Budi reads nothing of Sari's space
			expect(await budiPhone.next(300)).toBeNull();

			// a rejected mutation changes nothing and pokes no one
			await device.push([device.mutation('product.put', sari.spaceId, productArgs({ price: -1 }))]);
			expect(await sariPhone.next(300)).toBeNull();
		} finally {
			sariPhone.close();
			budiPhone.close();
		}
	});

	it('answers the event stream 401 without a session, with the SSE headers otherwise', async () => {
		const anonymous = await new ApiClient(context.server.url).get('/api/sync/events');
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('unauthorized');

		const response = await fetch(`${context.server.url}/api/sync/events`, {
			headers: { cookie: `session=${sari.api.cookie}` }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(response.headers.get('cache-control')).toMatch(/no-cache/);
		await response.body?.cancel();
	});
});

// PostgreSQL only: with SQLite there is one process
if (backends.some((backend) => backend.name === 'postgres')) {
	describe('pokes across two processes', () => {
		let database: TestDatabase;
		let first: TestServer;
		let second: TestServer;

		beforeAll(async () => {
			database = await createTestDatabase('postgres');
			// started together: the migration lock must let only one of them migrate
			[first, second] = await Promise.all([TestServer.start(database), TestServer.start(database)]);
		});

		afterAll(async () => {
			await Promise.all([first?.stop(), second?.stop()]);
			await database?.drop();
		});

		it('pokes a stream on process B within 2 s of a push through process A', async () => {
			const viaFirst = await registerSeller(first.url);
			const viaSecond = new ApiClient(second.url);
			viaSecond.cookie = viaFirst.api.cookie;
			const stream = await openEvents(viaSecond);
			try {
				expect(stream.status).toBe(200);
				const device = new Device(viaFirst.api);
				const started = Date.now();
				await device.push([device.mutation('product.put', viaFirst.spaceId, productArgs())]);
				const poke = await stream.next(2000);
				expect(poke).toEqual({ event: 'poke', data: JSON.stringify({ space: viaFirst.spaceId }) });
				expect(Date.now() - started).toBeLessThan(2000);
				// exactly one poke: process B does not also poke on its own
				expect(await stream.next(300)).toBeNull();
				// and the data is there when B is asked
				const pulled = await new Device(viaSecond).pullAll();
				expect(pulled.products.size).toBe(1);
			} finally {
				stream.close();
			}
		});
	});
}

describe.each(backends)('event streams belong to their session on $name', ({ name }) => {
	const context = useTestServer(name);

	it('closes the open streams of a session at logout, and holds at most 5 per session', async () => {
		const seller = await registerSeller(context.server.url);
		const streams = [];
		for (let i = 0; i < 5; i++) streams.push(await openEvents(seller.api));
		expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200, 200, 200]);
		const sixth = await openEvents(seller.api);
		expect(sixth.status).toBe(429);
		sixth.close();
		expect((await seller.api.post('/api/auth/logout', {})).status).toBe(204);
		for (const stream of streams) {
			await stream.next(3000);
			expect(stream.ended).toBe(true);
		}
	});
});
