import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { backends, useTestServer } from '../helpers/server';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(backends)('orders on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let budi: Seller;
	/** Sari's second phone, logged in on its own. */
	let secondPhone: ApiClient;
	let orderCount = 0;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
		secondPhone = new ApiClient(context.server.url);
		const login = await secondPhone.post('/api/auth/login', { phone: sari.phone, pin: sari.pin });
		expect(login.status).toBe(200);
	});

	async function pushOne(
		device: Device,
		mutationName: string,
		args: unknown,
		space = sari.spaceId
	): Promise<MutationResult> {
		const answer = await device.push([device.mutation(mutationName, space, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0];
	}

	/** A new product of Sari's, returned with its id. */
	async function product(device: Device, overrides: Record<string, unknown> = {}) {
		const args = productArgs(overrides);
		expect(await pushOne(device, 'product.put', args)).toMatchObject({ status: 'applied' });
		return args;
	}

	function orderArgs(items: { productId?: string | null; name?: string; qty: number; price: number }[]) {
		return { id: uuidv7(), number: `KP-${++orderCount}`, items, buyer: { name: 'Bu Tini' } };
	}

	it('records a sale: the order is pulled as the domain type, stock moves down with a movement per product', async () => {
		const device = new Device(sari.api);
		const kopi = await product(device, { name: 'Kopi', price: 2500, stock: 10 });
		const teh = await product(device, { name: 'Teh', price: 3000, unit: 'gelas', stock: 4 });
		const before = await device.pullAll();
		const args = {
			...orderArgs([
				{ productId: kopi.id, qty: 3, price: 2000 },
				{ productId: teh.id, qty: 1, price: 3000 },
				{ productId: kopi.id, qty: 1, price: 2500 },
				{ name: 'Ongkos kirim', qty: 1, price: 5000 }
			]),
			buyer: { name: 'Bu Tini', phone: '0857 1111 2222' },
			channel: 'whatsapp',
			payment: { id: uuidv7(), amount: 10000, method: 'cash' },
			note: 'antar sore'
		};
		const at = '2025-03-01T08:30:00+07:00';
		const answer = await device.push([
			{ id: device.nextId++, name: 'order.create', space: sari.spaceId, args, at }
		]);
		expect(answer.body.results).toEqual([{ id: expect.any(Number), status: 'applied' }]);

		const pulled = await device.pullAll({ ...before.cursors });
		const order = pulled.orders.get(args.id);
		const by = { id: sari.account.user.id, name: 'Sari' };
		const atUtc = '2025-03-01T01:30:00.000Z';
		expect(order).toEqual({
			id: args.id,
			spaceId: sari.spaceId,
			number: args.number,
			channel: 'whatsapp',
			items: [
				{ productId: kopi.id, name: 'Kopi', unit: 'pcs', price: 2000, qty: 3 },
				{ productId: teh.id, name: 'Teh', unit: 'gelas', price: 3000, qty: 1 },
				{ productId: kopi.id, name: 'Kopi', unit: 'pcs', price: 2500, qty: 1 },
				{ productId: null, name: 'Ongkos kirim', unit: null, price: 5000, qty: 1 }
			],
			// computed on the server from the items: 6000 + 3000 + 2500 + 5000
			total: 16500,
			buyer: { name: 'Bu Tini', phone: '+6285711112222' },
			delivery: null,
			note: 'antar sore',
			status: 'new',
			payments: [{ id: args.payment.id, amount: 10000, method: 'cash', at: atUtc }],
			paid: 10000,
			paymentStatus: 'partial',
			history: [
				{ type: 'created', status: 'new', at: atUtc, by },
				{ type: 'payment', paymentId: args.payment.id, amount: 10000, method: 'cash', at: atUtc, by }
			],
			// made by the server for a sale that comes without one (receipt.ts)
			receiptToken: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
			changedBy: { ...by, role: 'owner' },
			version: expect.any(Number),
			createdAt: atUtc,
			updatedAt: atUtc
		});

		expect(pulled.products.get(kopi.id)?.stock).toBe(6);
		expect(pulled.products.get(teh.id)?.stock).toBe(3);
		const movements = [...pulled.movements.values()].sort((a, b) => a.version - b.version);
		expect(movements).toEqual([
			expect.objectContaining({
				productId: kopi.id,
				delta: -4,
				reason: 'order',
				orderId: args.id,
				stockAfter: 6
			}),
			expect.objectContaining({
				productId: teh.id,
				delta: -1,
				reason: 'order',
				orderId: args.id,
				stockAfter: 3
			})
		]);
		for (const movement of movements) {
			expect(movement.at).toBe(atUtc);
			expect(movement.createdAt).toMatch(ISO);
			// each written row has its own version, after the order's
			expect(movement.version).toBeGreaterThan(order!.version);
		}
	});

	it('lets a seller sell more than the stock count says: stock goes below 0', async () => {
		const device = new Device(sari.api);
		const gula = await product(device, { name: 'Gula', stock: 1 });
		const result = await pushOne(device, 'order.create', {
			...orderArgs([{ productId: gula.id, qty: 3, price: 16000 }]),
			status: 'completed'
		});
		expect(result).toEqual({ id: expect.any(Number), status: 'applied' });
		const pulled = await device.pullAll();
		expect(pulled.products.get(gula.id)?.stock).toBe(-2);
		expect([...pulled.movements.values()].find((m) => m.productId === gula.id)).toMatchObject({
			delta: -3,
			stockAfter: -2,
			reason: 'order'
		});
	});

	it('refuses a product of another shop or a missing one (not_found) and stores nothing of the order', async () => {
		const device = new Device(sari.api);
		const budiDevice = new Device(budi.api);
		const budiProduct = productArgs({ name: 'Beras Budi', stock: 50 });
		expect(await pushOne(budiDevice, 'product.put', budiProduct, budi.spaceId)).toMatchObject({
			status: 'applied'
		});
		const kopi = await product(device, { name: 'Kopi tubruk', stock: 10 });
		const before = await device.pullAll();

		const foreign = orderArgs([
			{ productId: kopi.id, qty: 1, price: 2500 },
			{ productId: budiProduct.id, qty: 1, price: 10000 }
		]);
		const missing = orderArgs([{ productId: uuidv7(), qty: 1, price: 1000 }]);
		const answer = await device.push([
			device.mutation('order.create', sari.spaceId, foreign),
			device.mutation('order.create', sari.spaceId, missing)
		]);
		expect(answer.body.results).toEqual([
			{ id: expect.any(Number), status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' },
			{ id: expect.any(Number), status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' }
		]);
		const after = await device.pullAll({ ...before.cursors });
		expect(after.pages.flatMap((page) => page.spaces[sari.spaceId].changes)).toEqual([]);
		const budiPulled = await budiDevice.pullAll();
		expect(budiPulled.products.get(budiProduct.id)?.stock).toBe(50);
		expect(budiPulled.orders.size).toBe(0);
	});

	it('refuses a second order with the same number in a shop (conflict), allows it in another shop', async () => {
		const device = new Device(sari.api);
		const kopi = await product(device, { stock: 10 });
		const first = orderArgs([{ productId: kopi.id, qty: 1, price: 2500 }]);
		const sameNumber = { ...orderArgs([{ productId: kopi.id, qty: 2, price: 2500 }]), number: first.number };
		const sameId = { ...orderArgs([{ productId: kopi.id, qty: 2, price: 2500 }]), id: first.id };
		const answer = await device.push([
			device.mutation('order.create', sari.spaceId, first),
			device.mutation('order.create', sari.spaceId, sameNumber),
			device.mutation('order.create', sari.spaceId, sameId)
		]);
		expect(answer.body.results).toEqual([
			{ id: expect.any(Number), status: 'applied' },
			{
				id: expect.any(Number),
				status: 'rejected',
				code: 'conflict',
				message: 'Nomor pesanan ini sudah dipakai pesanan lain'
			},
			{ id: expect.any(Number), status: 'rejected', code: 'conflict', message: 'Pesanan ini sudah tercatat' }
		]);
		const pulled = await device.pullAll();
		// only the first order moved stock
		expect(pulled.products.get(kopi.id)?.stock).toBe(9);
		expect([...pulled.orders.values()].filter((order) => order.number === first.number)).toHaveLength(1);

		// the same number in Budi's shop is Budi's own business
		const budiDevice = new Device(budi.api);
		expect(
			await pushOne(
				budiDevice,
				'order.create',
				{ ...orderArgs([{ name: 'Jasa jahit', qty: 1, price: 20000 }]), number: first.number },
				budi.spaceId
			)
		).toMatchObject({ status: 'applied' });
	});

	it('refuses order numbers a phone may not make: the shop page prefix W, lower case, no count', async () => {
		const device = new Device(sari.api);
		const item = [{ name: 'Titipan', qty: 1, price: 1000 }];
		const answer = await device.push(
			['W-1', 'kp-1', 'KP', 'KP-'].map((number) =>
				device.mutation('order.create', sari.spaceId, { ...orderArgs(item), number })
			)
		);
		expect(answer.body.results.map((r: MutationResult) => [r.status, r.code, r.message])).toEqual(
			Array(4).fill(['rejected', 'invalid', 'Nomor pesanan tidak valid'])
		);
		// nor may a phone claim the shop page's channel
		expect(
			await pushOne(device, 'order.create', { ...orderArgs(item), channel: 'storefront' })
		).toMatchObject({ status: 'rejected', code: 'invalid' });
	});

	it('records a partial payment then the rest: unpaid → partial → paid; a payment id counts once', async () => {
		const device = new Device(sari.api);
		const args = orderArgs([{ name: 'Nasi kotak', qty: 10, price: 15000 }]);
		await pushOne(device, 'order.create', args);
		const first = { id: args.id, paymentId: uuidv7(), amount: 50000, method: 'cash' };
		const rest = { id: args.id, paymentId: uuidv7(), amount: 100000, method: 'qris' };

		let pulled = await device.pullAll();
		expect(pulled.orders.get(args.id)).toMatchObject({ total: 150000, paid: 0, paymentStatus: 'unpaid' });

		expect(await pushOne(device, 'order.pay', first)).toMatchObject({ status: 'applied' });
		pulled = await device.pullAll();
		expect(pulled.orders.get(args.id)).toMatchObject({ paid: 50000, paymentStatus: 'partial' });

		// the same payment again, from the other phone: not counted twice
		expect(await pushOne(new Device(secondPhone), 'order.pay', first)).toEqual({
			id: 1,
			status: 'rejected',
			code: 'conflict',
			message: 'Pembayaran ini sudah tercatat'
		});
		expect(await pushOne(device, 'order.pay', rest)).toMatchObject({ status: 'applied' });
		pulled = await device.pullAll();
		const order = pulled.orders.get(args.id)!;
		expect(order).toMatchObject({ paid: 150000, paymentStatus: 'paid' });
		expect(order.payments.map((p) => [p.amount, p.method])).toEqual([
			[50000, 'cash'],
			[100000, 'qris']
		]);
		expect(order.history.map((event) => event.type)).toEqual(['created', 'payment', 'payment']);
	});

	it('two phones move the same order at once (accepted vs cancelled): one applies, the other is a conflict', async () => {
		const device = new Device(sari.api);
		const other = new Device(secondPhone);
		const kopi = await product(device, { name: 'Kopi rebutan', stock: 10 });
		const args = orderArgs([{ productId: kopi.id, qty: 4, price: 2500 }]);
		await pushOne(device, 'order.create', args);

		const [accept, cancel] = await Promise.all([
			device.push([
				device.mutation('order.transition', sari.spaceId, { id: args.id, from: 'new', to: 'accepted' })
			]),
			other.push([
				other.mutation('order.transition', sari.spaceId, { id: args.id, from: 'new', to: 'cancelled' })
			])
		]);
		const results: MutationResult[] = [accept.body.results[0], cancel.body.results[0]];
		expect(results.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
		const loser = results.find((r) => r.status === 'rejected')!;
		expect(loser).toMatchObject({ code: 'conflict', message: 'Pesanan ini sudah diubah dari HP lain' });

		const pulled = await device.pullAll();
		const order = pulled.orders.get(args.id)!;
		const cancelled = results[1].status === 'applied';
		expect(order.status).toBe(cancelled ? 'cancelled' : 'accepted');
		expect(order.history.filter((event) => event.type === 'status')).toHaveLength(1);
		// stock is back only when the cancel won
		expect(pulled.products.get(kopi.id)?.stock).toBe(cancelled ? 10 : 6);
	});

	it('restores stock exactly once when a cancel is retried, and refuses a second cancel', async () => {
		const device = new Device(sari.api);
		const telur = await product(device, { name: 'Telur', unit: 'butir', stock: 30 });
		const args = orderArgs([
			{ productId: telur.id, qty: 12, price: 2000 },
			{ productId: telur.id, qty: 6, price: 2000 }
		]);
		await pushOne(device, 'order.create', args);
		expect((await device.pullAll()).products.get(telur.id)?.stock).toBe(12);

		const batch = [
			device.mutation('order.transition', sari.spaceId, { id: args.id, from: 'new', to: 'accepted' }),
			device.mutation('order.transition', sari.spaceId, { id: args.id, from: 'accepted', to: 'cancelled' })
		];
		const first = await device.push(batch);
		expect(first.body.results.map((r: MutationResult) => r.status)).toEqual(['applied', 'applied']);
		// the answer was lost: the phone sends the same batch again
		const again = await device.push(batch);
		expect(again.body.results.map((r: MutationResult) => r.status)).toEqual(['duplicate', 'duplicate']);
		// and another phone, which had not heard, cancels too
		expect(
			await pushOne(new Device(secondPhone), 'order.transition', {
				id: args.id,
				from: 'accepted',
				to: 'cancelled'
			})
		).toMatchObject({ status: 'rejected', code: 'conflict' });
		// nor can a cancelled order be taken up again
		expect(
			await pushOne(device, 'order.transition', { id: args.id, from: 'cancelled', to: 'accepted' })
		).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message: 'Status pesanan tidak bisa diubah ke situ'
		});

		const pulled = await device.pullAll();
		expect(pulled.products.get(telur.id)?.stock).toBe(30);
		const movements = [...pulled.movements.values()]
			.filter((m) => m.productId === telur.id)
			.sort((a, b) => a.version - b.version);
		expect(movements.map((m) => [m.reason, m.delta, m.stockAfter, m.orderId])).toEqual([
			['order', -18, 12, args.id],
			['order_cancelled', 18, 30, args.id]
		]);
		const order = pulled.orders.get(args.id)!;
		expect(order.status).toBe('cancelled');
		expect(order.history.filter((event) => event.type === 'status')).toEqual([
			expect.objectContaining({
				from: 'new',
				to: 'accepted',
				by: { id: sari.account.user.id, name: 'Sari' }
			}),
			expect.objectContaining({ from: 'accepted', to: 'cancelled' })
		]);
		// a cancelled order owes nothing and takes no payment
		expect(
			await pushOne(device, 'order.pay', { id: args.id, paymentId: uuidv7(), amount: 1000, method: 'cash' })
		).toMatchObject({ status: 'rejected', code: 'invalid', message: 'Pesanan ini sudah dibatalkan' });
	});

	it('refuses a move the order may not make (new → shipped) as invalid', async () => {
		const device = new Device(sari.api);
		const args = orderArgs([{ name: 'Kue', qty: 1, price: 5000 }]);
		await pushOne(device, 'order.create', args);
		expect(
			await pushOne(device, 'order.transition', { id: args.id, from: 'new', to: 'shipped' })
		).toMatchObject({
			status: 'rejected',
			code: 'invalid'
		});
		expect((await device.pullAll()).orders.get(args.id)?.status).toBe('new');
	});

	it("answers another seller's order as not found, in their space or in one's own", async () => {
		const device = new Device(sari.api);
		const args = orderArgs([{ name: 'Kue', qty: 2, price: 5000 }]);
		await pushOne(device, 'order.create', args);
		const budiDevice = new Device(budi.api);
		const transition = { id: args.id, from: 'new', to: 'cancelled' };
		const pay = { id: args.id, paymentId: uuidv7(), amount: 10000, method: 'cash' };
		// naming Sari's space: not Budi's to write
		expect(await pushOne(budiDevice, 'order.transition', transition)).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		// naming his own space: no such order there
		expect(await pushOne(budiDevice, 'order.transition', transition, budi.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'not_found',
			message: 'Pesanan tidak ditemukan'
		});
		expect(await pushOne(budiDevice, 'order.pay', pay, budi.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
		const order = (await device.pullAll()).orders.get(args.id)!;
		expect(order).toMatchObject({ status: 'new', paid: 0 });
	});

	it('gives each install its own device code, and the same one at its next login', async () => {
		const phoneA = randomUUID();
		const phoneB = randomUUID();
		const login = (api: ApiClient, clientId?: string) =>
			api.post('/api/auth/login', { phone: sari.phone, pin: sari.pin, ...(clientId ? { clientId } : {}) });

		const a = new ApiClient(context.server.url);
		const first = await login(a, phoneA);
		expect(first.status).toBe(200);
		expect(first.body.deviceCode).toMatch(/^[2-9A-HJKMNP-Z]{2,}$/);
		expect(first.body.user.id).toBe(sari.account.user.id);
		const b = new ApiClient(context.server.url);
		const second = await login(b, phoneB);
		expect(second.body.deviceCode).toMatch(/^[2-9A-HJKMNP-Z]{2,}$/);
		expect(second.body.deviceCode).not.toBe(first.body.deviceCode);

		// the same install logging in again keeps its code; /api/me gives it too
		expect((await login(new ApiClient(context.server.url), phoneA)).body.deviceCode).toBe(
			first.body.deviceCode
		);
		expect((await a.get(`/api/me?clientId=${phoneA}`)).body.deviceCode).toBe(first.body.deviceCode);
		// without a clientId, the answers are as before
		const plain = await login(new ApiClient(context.server.url));
		expect(plain.status).toBe(200);
		expect(plain.body).not.toHaveProperty('deviceCode');
		expect((await a.get('/api/me')).body).not.toHaveProperty('deviceCode');

		// the login bound the install: its pushes are Sari's, and its code numbers her orders
		const device = Object.assign(new Device(a), { clientId: phoneA });
		expect(
			await pushOne(device, 'order.create', {
				...orderArgs([{ name: 'Kue', qty: 1, price: 5000 }]),
				number: `${first.body.deviceCode}-1`
			})
		).toMatchObject({ status: 'applied' });

		// someone else's install gets no code (and its pushes stay refused)
		const budiLogin = await new ApiClient(context.server.url).post('/api/auth/login', {
			phone: budi.phone,
			pin: budi.pin,
			clientId: phoneA
		});
		expect(budiLogin.status).toBe(200);
		expect(budiLogin.body).not.toHaveProperty('deviceCode');

		// a new seller's phone gets its code at registration
		const fresh = await new ApiClient(context.server.url).post('/api/auth/register', {
			name: 'Rina',
			phone: `0819${String(Date.now()).slice(-8)}`,
			pin: '135790',
			businessName: 'Kedai Rina',
			clientId: randomUUID()
		});
		expect(fresh.status).toBe(201);
		expect(fresh.body.deviceCode).toMatch(/^[2-9A-HJKMNP-Z]{2,}$/);
		expect([first.body.deviceCode, second.body.deviceCode]).not.toContain(fresh.body.deviceCode);

		// a clientId that is not a UUID is refused before anything else
		const bad = await login(new ApiClient(context.server.url), 'not-a-uuid');
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe('invalid');
		expect((await a.get('/api/me?clientId=nope')).status).toBe(400);
	});

	it('numbers installs from one counter: many logins at once all get different codes', async () => {
		const clients = Array.from({ length: 12 }, () => randomUUID());
		const answers = await Promise.all(
			clients.map((clientId) =>
				new ApiClient(context.server.url).post('/api/auth/login', {
					phone: sari.phone,
					pin: sari.pin,
					clientId
				})
			)
		);
		const codes = answers.map((answer) => answer.body.deviceCode);
		expect(codes.every((code) => typeof code === 'string')).toBe(true);
		expect(new Set(codes).size).toBe(clients.length);
		const rows = await withDatabase(context.database, (db) =>
			db.selectFrom('clients').select(['id', 'sequence']).where('id', 'in', clients).execute()
		);
		expect(new Set(rows.map((row) => row.sequence)).size).toBe(clients.length);
	});
});
