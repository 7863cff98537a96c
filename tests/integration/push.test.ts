import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/lib/domain/mutations';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

/** Sends a body with chunked transfer encoding (no Content-Length), as a streaming client would. */
function postChunked(
	url: string,
	cookie: string,
	chunks: Buffer[]
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: `session=${cookie}`,
				'transfer-encoding': 'chunked'
			}
		});
		req.on('response', (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		// the server may answer and close before the whole body is sent
		req.on('error', reject);
		for (const chunk of chunks) req.write(chunk);
		req.end();
	});
}

describe.each(backends)('push on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let budi: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
	});

	it('applies a batch once: the same batch again is all duplicate and changes nothing', async () => {
		const device = new Device(sari.api);
		const batch = [
			device.mutation('product.put', sari.spaceId, productArgs({ name: 'Kopi' })),
			device.mutation('product.put', sari.spaceId, productArgs({ name: 'Teh' })),
			device.mutation('product.put', sari.spaceId, productArgs({ name: 'Gula', price: 16000, unit: 'kg' }))
		];
		const first = await device.push(batch);
		expect(first.status).toBe(200);
		expect(first.body).toEqual({
			lastMutationId: 3,
			results: [1, 2, 3].map((id) => ({ id, status: 'applied' }))
		});
		const before = await device.pullAll();

		const again = await device.push(batch);
		expect(again.status).toBe(200);
		expect(again.body).toEqual({
			lastMutationId: 3,
			results: [1, 2, 3].map((id) => ({ id, status: 'duplicate' }))
		});

		const after = await device.pullAll();
		const changes = after.pages.flatMap((page) => page.spaces[sari.spaceId].changes);
		expect(changes.map((change) => change.id).sort()).toEqual(
			batch.map((m) => (m.args as { id: string }).id).sort()
		);
		expect(after.products).toEqual(before.products);
		expect(after.lastMutationId).toBe(3);
		const gula = after.products.get((batch[2].args as { id: string }).id);
		expect(gula).toMatchObject({
			spaceId: sari.spaceId,
			name: 'Gula',
			price: 16000,
			unit: 'kg',
			stock: 10,
			minStock: null,
			category: null,
			sku: null,
			description: null,
			weightGrams: null,
			photos: [],
			active: true,
			version: expect.any(Number),
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
	});

	it('answers a batch with a gap 409 with lastMutationId, and applies nothing of it', async () => {
		const device = new Device(sari.api);
		expect((await device.push([device.mutation('product.put', sari.spaceId, productArgs())])).status).toBe(
			200
		);
		const before = await device.pullAll();
		device.nextId = 3; // id 2 never sent
		const lost = productArgs({ name: 'Setelah celah' });
		const answer = await device.push([device.mutation('product.put', sari.spaceId, lost)]);
		expect(answer.status).toBe(409);
		expect(answer.body).toEqual({
			lastMutationId: 1,
			error: { code: 'gap', message: 'Urutan perubahan terputus' }
		});
		const after = await device.pullAll();
		expect(after.products.has(lost.id)).toBe(false);
		expect(after.products).toEqual(before.products);
		expect(after.lastMutationId).toBe(1);
	});

	it('refuses ids that are not consecutive within a batch', async () => {
		const device = new Device(sari.api);
		const first = device.mutation('product.put', sari.spaceId, productArgs());
		device.nextId = 3;
		const third = device.mutation('product.put', sari.spaceId, productArgs());
		const answer = await device.push([first, third]);
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('ids_not_consecutive');
		expect((await device.pullAll()).lastMutationId).toBe(0);
	});

	it('rejects an invalid mutation in the middle with an Indonesian message and applies the ones after it', async () => {
		const device = new Device(sari.api);
		const good = productArgs({ name: 'Beras' });
		const negative = productArgs({ name: 'Rugi', price: -500 });
		const textPrice = productArgs({ name: 'Harga tulisan', price: '15000' });
		const after = productArgs({ name: 'Minyak' });
		const answer = await device.push([
			device.mutation('product.put', sari.spaceId, good),
			device.mutation('product.put', sari.spaceId, negative),
			device.mutation('product.put', sari.spaceId, textPrice),
			device.mutation('product.explode', sari.spaceId, {}),
			device.mutation('product.put', sari.spaceId, { id: after.id, name: 'Tanpa harga', unit: 'pcs' }),
			device.mutation('product.put', sari.spaceId, after)
		]);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			lastMutationId: 6,
			results: [
				{ id: 1, status: 'applied' },
				{ id: 2, status: 'rejected', code: 'invalid', message: 'Harga tidak boleh kurang dari 0' },
				{
					id: 3,
					status: 'rejected',
					code: 'invalid',
					message: 'Harga harus angka rupiah bulat, contoh 15000'
				},
				{ id: 4, status: 'rejected', code: 'invalid', message: 'Jenis perubahan tidak dikenal' },
				{ id: 5, status: 'rejected', code: 'invalid', message: 'Harga wajib diisi' },
				{ id: 6, status: 'applied' }
			]
		});
		const pulled = await device.pullAll();
		expect(pulled.lastMutationId).toBe(6);
		expect(pulled.products.has(good.id)).toBe(true);
		expect(pulled.products.get(after.id)?.name).toBe('Minyak');
		expect(pulled.products.has(negative.id)).toBe(false);
		expect(pulled.products.has(textPrice.id)).toBe(false);
	});

	it('refuses a push body that does not fit the schema as a whole (400 invalid) and changes nothing', async () => {
		const device = new Device(sari.api);
		const before = await device.pullAll();
		const answer = await sari.api.post('/api/sync/push', {
			clientId: device.clientId,
			mutations: [{ id: '1', name: 'product.put', space: sari.spaceId, args: productArgs(), at: 'kemarin' }]
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('invalid');
		expect(answer.body.error.message).toBe('Isian tidak valid');
		expect(answer.body.error.issues).toEqual(
			expect.arrayContaining([
				{ path: ['mutations', 0, 'id'], message: 'Isian tidak valid' },
				{ path: ['mutations', 0, 'at'], message: 'Isian tidak valid' }
			])
		);
		const after = await device.pullAll();
		expect(after.products).toEqual(before.products);
		expect(after.lastMutationId).toBe(0);
	});

	it('answers malformed JSON 400 json and changes nothing', async () => {
		const device = new Device(sari.api);
		const before = await device.pullAll();
		const answer = await sari.api.post('/api/sync/push', undefined, {
			raw: `{"clientId":"${device.clientId}","mutations":[{"id":1,`
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error).toEqual({
			code: 'json',
			message: 'Data yang dikirim rusak (bukan JSON yang benar)'
		});
		const after = await device.pullAll();
		expect(after.products).toEqual(before.products);
		expect(after.lastMutationId).toBe(0);
	});

	it('refuses bodies over 5 MB with 413 (with or without Content-Length) and accepts one just under', async () => {
		const device = new Device(sari.api);
		const before = await device.pullAll();
		const product = productArgs({ name: 'Besar' });
		const body = (padding: number) =>
			JSON.stringify({
				clientId: device.clientId,
				mutations: [
					{ id: 1, name: 'product.put', space: sari.spaceId, args: product, at: new Date().toISOString() }
				],
				padding: 'x'.repeat(padding)
			});
		const overhead = body(0).length;

		const tooLarge = await sari.api.post('/api/sync/push', undefined, {
			raw: body(MAX_BODY_BYTES - overhead + 1)
		});
		expect(tooLarge.status).toBe(413);
		expect(tooLarge.body.error).toEqual({
			code: 'too_large',
			message: 'Data terlalu besar (paling banyak 5 MB)'
		});

		const chunked = await postChunked(`${context.server.url}/api/sync/push`, sari.api.cookie!, [
			Buffer.from(body(MAX_BODY_BYTES))
		]);
		expect(chunked.status).toBe(413);
		expect(JSON.parse(chunked.body).error.code).toBe('too_large');

		expect((await device.pullAll()).products).toEqual(before.products);

		const justUnder = await sari.api.post('/api/sync/push', undefined, {
			raw: body(MAX_BODY_BYTES - overhead)
		});
		expect(justUnder.status).toBe(200);
		expect(justUnder.body.results).toEqual([{ id: 1, status: 'applied' }]);
		expect((await device.pullAll()).products.get(product.id)?.name).toBe('Besar');
	});

	it('refuses a push without a session', async () => {
		const answer = await new ApiClient(context.server.url).post('/api/sync/push', {
			clientId: crypto.randomUUID(),
			mutations: []
		});
		expect(answer.status).toBe(401);
		expect(answer.body.error.code).toBe('unauthorized');
	});

	it("keeps sellers out of each other's spaces", async () => {
		const sariDevice = new Device(sari.api);
		const budiDevice = new Device(budi.api);
		const sariProduct = productArgs({ name: 'Punya Sari', stock: 5 });
		await sariDevice.push([sariDevice.mutation('product.put', sari.spaceId, sariProduct)]);

		const intruder = productArgs({ name: 'Titipan Budi' });
		const answer = await budiDevice.push([
			budiDevice.mutation('product.put', sari.spaceId, intruder),
			budiDevice.mutation('stock.adjust', sari.spaceId, {
				productId: sariProduct.id,
				delta: -5,
				reason: 'sale'
			}),
			// Sari's product id, written into Budi's own space: the id is taken
			budiDevice.mutation('product.put', budi.spaceId, { ...sariProduct, name: 'Curian' }),
			budiDevice.mutation('stock.adjust', budi.spaceId, {
				productId: sariProduct.id,
				delta: -5,
				reason: 'sale'
			}),
			budiDevice.mutation('product.delete', budi.spaceId, { id: sariProduct.id })
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.results).toEqual([
			{ id: 1, status: 'rejected', code: 'forbidden', message: 'Anda tidak punya izin untuk ini' },
			{ id: 2, status: 'rejected', code: 'forbidden', message: 'Anda tidak punya izin untuk ini' },
			{ id: 3, status: 'rejected', code: 'conflict', message: 'Produk ini sudah ada di toko lain' },
			{ id: 4, status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' },
			{ id: 5, status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' }
		]);
		expect(answer.body.lastMutationId).toBe(5);

		const sariView = await sariDevice.pullAll();
		expect(sariView.products.get(sariProduct.id)).toMatchObject({ name: 'Punya Sari', stock: 5 });
		expect(sariView.products.has(intruder.id)).toBe(false);
		const budiView = await budiDevice.pullAll();
		expect(Object.keys(budiView.pages[0].spaces)).toEqual([budi.spaceId]);
		expect(budiView.products.size).toBe(0);

		// pulling with a cursor that names Sari's space
		const pull = await budiDevice.pull({ [sari.spaceId]: 0 });
		expect(pull.status).toBe(403);
		expect(pull.body.error.code).toBe('forbidden');

		// Sari's device id used by Budi
		const stolenPush = await budi.api.post('/api/sync/push', {
			clientId: sariDevice.clientId,
			mutations: []
		});
		expect(stolenPush.status).toBe(403);
		expect(stolenPush.body.error).toEqual({
			code: 'client_taken',
			message: 'Perangkat ini terdaftar untuk akun lain'
		});
		const stolenPull = await budi.api.post('/api/sync/pull', { clientId: sariDevice.clientId });
		expect(stolenPull.status).toBe(403);
		expect(stolenPull.body.error.code).toBe('client_taken');
	});

	it('patches only the fields given, moves stock only through stock.adjust, and tombstones deletes', async () => {
		const device = new Device(sari.api);
		const product = productArgs({ name: 'Sabun', price: 4000, stock: 12, category: 'Mandi' });
		await device.push([device.mutation('product.put', sari.spaceId, product)]);
		const start = await device.pullAll();
		const created = start.products.get(product.id)!;

		const answer = await device.push([
			device.mutation('product.put', sari.spaceId, {
				id: product.id,
				price: 4500,
				stock: 999,
				active: false
			}),
			device.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: -2, reason: 'sale' })
		]);
		expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
		const patched = (await device.pullAll(start.cursors)).products.get(product.id)!;
		expect(patched).toMatchObject({
			name: 'Sabun',
			price: 4500,
			stock: 10,
			category: 'Mandi',
			active: false
		});
		expect(patched.version).toBeGreaterThan(created.version);
		expect(patched.createdAt).toBe(created.createdAt);

		const cursors = { ...start.cursors };
		await device.pullAll(cursors);
		const deleted = await device.push([
			device.mutation('product.delete', sari.spaceId, { id: product.id }),
			device.mutation('product.put', sari.spaceId, { id: product.id, name: 'Hidup lagi' }),
			device.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: 1, reason: 'restock' })
		]);
		expect(deleted.body.results).toEqual([
			{ id: 4, status: 'applied' },
			{ id: 5, status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' },
			{ id: 6, status: 'rejected', code: 'not_found', message: 'Produk tidak ditemukan' }
		]);
		const tail = await device.pull(cursors);
		expect(tail.body.spaces[sari.spaceId].changes).toEqual([
			{ entity: 'product', id: product.id, op: 'delete' }
		]);
	});
});
