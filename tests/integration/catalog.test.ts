import { Migrator, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import type { StockMovement } from '../../src/lib/domain/product';
import { migrationProvider } from '../../src/lib/server/db/migrations';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase, withDatabase } from '../helpers/database';
import { sha256 } from '../helpers/images';
import { backends, createTestDatabase, TestServer, useTestServer } from '../helpers/server';

/** A photo name, as the phone computes it from the compressed bytes. */
const photo = (label: string) => sha256(Buffer.from(label));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(backends)('catalog on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	/** Sari's second phone, with its own login. */
	let secondLogin: ApiClient;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
		secondLogin = new ApiClient(context.server.url);
		expect((await secondLogin.post('/api/auth/login', { phone: sari.phone, pin: sari.pin })).status).toBe(
			200
		);
	});

	async function pushOne(device: Device, mutationName: string, args: unknown): Promise<MutationResult> {
		const answer = await device.push([device.mutation(mutationName, sari.spaceId, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0];
	}

	it('creates a product with every catalog field and pulls it back exactly', async () => {
		const device = new Device(sari.api);
		const args = {
			id: uuidv7(),
			name: 'Keripik Singkong Pedas',
			price: 12500,
			unit: 'bungkus',
			stock: 40,
			minStock: 5,
			category: 'Makanan',
			sku: '899-1234/KRP.01',
			description: 'Pedas manis, 200 gram',
			weightGrams: 200,
			photos: [photo('depan'), photo('belakang'), photo('isi')],
			active: false,
			costPrice: 8000
		};
		expect(await pushOne(device, 'product.put', args)).toEqual({ id: 1, status: 'applied' });
		const product = (await new Device(sari.api).pullAll()).products.get(args.id);
		expect(product).toEqual({
			...args,
			spaceId: sari.spaceId,
			changedBy: { id: sari.account.user.id, name: 'Sari', role: 'owner' },
			version: expect.any(Number),
			createdAt: expect.stringMatching(ISO),
			updatedAt: expect.stringMatching(ISO)
		});

		// the optional fields left out of a create are empty, not missing
		const plain = productArgs({ name: 'Tanpa tambahan' });
		await pushOne(device, 'product.put', plain);
		expect((await device.pullAll()).products.get(plain.id)).toMatchObject({
			minStock: null,
			sku: null,
			weightGrams: null,
			photos: [],
			category: null,
			description: null
		});

		// and a patch can empty them again
		await pushOne(device, 'product.put', {
			id: args.id,
			minStock: null,
			sku: '',
			weightGrams: null,
			photos: [],
			category: null
		});
		expect((await device.pullAll()).products.get(args.id)).toMatchObject({
			name: args.name,
			minStock: null,
			sku: null,
			weightGrams: null,
			photos: [],
			category: null,
			description: args.description
		});
	});

	it('rejects six photos, a weight of 0 and a negative minimum stock, and stores nothing of them', async () => {
		const device = new Device(sari.api);
		const existing = productArgs({ name: 'Teh botol', photos: [photo('teh')] });
		await pushOne(device, 'product.put', existing);
		const sixPhotos = Array.from({ length: 6 }, (_, i) => photo(`foto ${i}`));
		const created = productArgs({ name: 'Enam foto', photos: sixPhotos });
		const weightless = productArgs({ name: 'Tanpa berat', weightGrams: 0 });
		const answer = await device.push([
			device.mutation('product.put', sari.spaceId, created),
			device.mutation('product.put', sari.spaceId, { id: existing.id, photos: sixPhotos }),
			device.mutation('product.put', sari.spaceId, weightless),
			device.mutation('product.put', sari.spaceId, { id: existing.id, weightGrams: 0 }),
			device.mutation('product.put', sari.spaceId, { id: existing.id, weightGrams: 2.5 }),
			device.mutation('product.put', sari.spaceId, { id: existing.id, minStock: -1 }),
			device.mutation('product.put', sari.spaceId, { id: existing.id, photos: ['IMG_0001.JPG'] })
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.results).toEqual([
			{ id: 2, status: 'rejected', code: 'invalid', message: 'Paling banyak 5 foto per produk' },
			{ id: 3, status: 'rejected', code: 'invalid', message: 'Paling banyak 5 foto per produk' },
			{
				id: 4,
				status: 'rejected',
				code: 'invalid',
				message: 'Berat harus angka gram bulat, paling sedikit 1'
			},
			{
				id: 5,
				status: 'rejected',
				code: 'invalid',
				message: 'Berat harus angka gram bulat, paling sedikit 1'
			},
			{
				id: 6,
				status: 'rejected',
				code: 'invalid',
				message: 'Berat harus angka gram bulat, paling sedikit 1'
			},
			{ id: 7, status: 'rejected', code: 'invalid', message: 'Stok minimum tidak boleh kurang dari 0' },
			{ id: 8, status: 'rejected', code: 'invalid', message: 'Foto tidak valid' }
		]);
		const pulled = await device.pullAll();
		expect(pulled.products.has(created.id)).toBe(false);
		expect(pulled.products.has(weightless.id)).toBe(false);
		expect(pulled.products.get(existing.id)).toMatchObject({ photos: [photo('teh')], weightGrams: null });

		// five is allowed
		const five = sixPhotos.slice(0, 5);
		expect(await pushOne(device, 'product.put', { id: existing.id, photos: five })).toMatchObject({
			status: 'applied'
		});
		expect((await device.pullAll()).products.get(existing.id)?.photos).toEqual(five);
	});

	it.each([
		['phone A first', false],
		['phone B first', true]
	])(
		'keeps both fields when two phones patch different fields of one product (%s)',
		async (_label, reversed) => {
			const phoneA = new Device(sari.api);
			const phoneB = new Device(secondLogin);
			const product = productArgs({ name: 'Gula pasir', price: 15000, unit: 'kg', sku: 'GULA-1' });
			await pushOne(phoneA, 'product.put', product);
			// both phones now have the product and edit it offline
			await phoneA.pullAll();
			await phoneB.pullAll();

			const pushA = () =>
				pushOne(phoneA, 'product.put', { id: product.id, name: 'Gula pasir lokal', photos: [photo('gula')] });
			const pushB = () => pushOne(phoneB, 'product.put', { id: product.id, price: 16500, sku: 'GULA-2' });
			const results = reversed ? [await pushB(), await pushA()] : [await pushA(), await pushB()];
			expect(results.map((result) => result.status)).toEqual(['applied', 'applied']);

			for (const device of [phoneA, phoneB]) {
				expect((await device.pullAll()).products.get(product.id)).toMatchObject({
					name: 'Gula pasir lokal',
					price: 16500,
					unit: 'kg',
					sku: 'GULA-2',
					photos: [photo('gula')]
				});
			}
		}
	);

	it('keeps both fields when the two phones push at the same moment', async () => {
		const phoneA = new Device(sari.api);
		const phoneB = new Device(secondLogin);
		const product = productArgs({ name: 'Minyak goreng', price: 18000, unit: 'liter' });
		await pushOne(phoneA, 'product.put', product);
		for (let round = 0; round < 5; round++) {
			const [a, b] = await Promise.all([
				pushOne(phoneA, 'product.put', { id: product.id, photos: [photo(`minyak ${round}`)] }),
				pushOne(phoneB, 'product.put', { id: product.id, sku: `MG-${round}` })
			]);
			expect([a.status, b.status]).toEqual(['applied', 'applied']);
			expect((await phoneA.pullAll()).products.get(product.id)).toMatchObject({
				photos: [photo(`minyak ${round}`)],
				sku: `MG-${round}`,
				price: 18000
			});
		}
	});

	it('records each stock.adjust as a movement with its reason, device time and the stock after it', async () => {
		const device = new Device(sari.api);
		const product = productArgs({ name: 'Beras 5 kg', stock: 10 });
		await pushOne(device, 'product.put', product);
		const start = await device.pullAll();

		const restockId = uuidv7();
		// the phone's clock, in Jakarta time
		const restock = {
			...device.mutation('stock.adjust', sari.spaceId, {
				id: restockId,
				productId: product.id,
				delta: 25,
				reason: 'restock'
			}),
			at: '2025-03-01T08:30:00+07:00'
		};
		const sale = device.mutation('stock.adjust', sari.spaceId, {
			productId: product.id,
			delta: -3,
			reason: 'sale'
		});
		const answer = await device.push([restock, sale]);
		expect(answer.body.results.map((r: MutationResult) => r.status)).toEqual(['applied', 'applied']);

		const pulled = await device.pullAll({ ...start.cursors });
		expect(pulled.products.get(product.id)?.stock).toBe(32);
		const changes = pulled.pages.flatMap((page) => page.spaces[sari.spaceId].changes);
		// a movement comes after the product version it moved; the product, changed again by the second, once
		expect(changes.map((change) => change.entity)).toEqual(['stockMovement', 'product', 'stockMovement']);
		const movements = [...pulled.movements.values()];
		expect(movements).toHaveLength(2);
		expect(pulled.movements.get(restockId)).toEqual({
			id: restockId,
			spaceId: sari.spaceId,
			productId: product.id,
			delta: 25,
			reason: 'restock',
			stockAfter: 35,
			at: '2025-03-01T01:30:00.000Z',
			changedBy: { id: sari.account.user.id, name: 'Sari', role: 'owner' },
			version: expect.any(Number),
			createdAt: expect.stringMatching(ISO),
			updatedAt: expect.stringMatching(ISO)
		});
		const saleMovement = movements.find((movement) => movement.id !== restockId)!;
		// made on the server when the phone sent none
		expect(saleMovement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(saleMovement).toMatchObject({ delta: -3, reason: 'sale', stockAfter: 32, at: sale.at });
		expect(saleMovement.version).toBeGreaterThan(pulled.movements.get(restockId)!.version);
		expect(changes.find((change) => change.id === restockId)).toMatchObject({
			entity: 'stockMovement',
			op: 'put'
		});

		// a rejected adjust leaves no movement
		const tooMuch = await pushOne(device, 'stock.adjust', {
			id: uuidv7(),
			productId: product.id,
			delta: 1_000_000_000,
			reason: 'restock'
		});
		expect(tooMuch).toMatchObject({ status: 'rejected', code: 'invalid' });
		const missing = await pushOne(device, 'stock.adjust', {
			productId: uuidv7(),
			delta: 1,
			reason: 'restock'
		});
		expect(missing).toMatchObject({ status: 'rejected', code: 'not_found' });
		const after = await device.pullAll({ ...pulled.cursors });
		expect(after.movements.size).toBe(0);
		expect(after.pages.flatMap((page) => page.spaces[sari.spaceId].changes)).toEqual([]);
	});

	it('counts a movement id once: a second mutation with the same movement is rejected as conflict', async () => {
		const device = new Device(sari.api);
		const product = productArgs({ name: 'Telur', stock: 30 });
		await pushOne(device, 'product.put', product);
		const adjust = { id: uuidv7(), productId: product.id, delta: -6, reason: 'sale' };
		const answer = await device.push([
			device.mutation('stock.adjust', sari.spaceId, adjust),
			device.mutation('stock.adjust', sari.spaceId, adjust)
		]);
		expect(answer.body.results).toEqual([
			{ id: 2, status: 'applied' },
			{ id: 3, status: 'rejected', code: 'conflict', message: 'Perubahan stok ini sudah tercatat' }
		]);
		// from another phone too
		const other = new Device(secondLogin);
		expect(await pushOne(other, 'stock.adjust', adjust)).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});

		const pulled = await device.pullAll();
		expect(pulled.products.get(product.id)?.stock).toBe(24);
		expect([...pulled.movements.values()].filter((m) => m.productId === product.id)).toEqual([
			expect.objectContaining({ id: adjust.id, delta: -6, stockAfter: 24 })
		]);
	});

	it('gives movements that add up to the stock change when two phones adjust at the same time', async () => {
		const owner = new Device(sari.api);
		const product = productArgs({ name: 'Air galon', unit: 'galon', stock: 50 });
		await pushOne(owner, 'product.put', product);
		const phones = [new Device(sari.api), new Device(secondLogin)];
		await Promise.all(
			phones.map(async (phone, p) => {
				for (let batch = 0; batch < 8; batch++) {
					const mutations = Array.from({ length: 4 }, (_, m) =>
						phone.mutation('stock.adjust', sari.spaceId, {
							id: uuidv7(),
							productId: product.id,
							delta: p === 0 ? m + 1 : -(batch % 3) - 1,
							reason: p === 0 ? 'restock' : 'sale'
						})
					);
					const answer = await phone.push(mutations);
					expect(answer.body.results.map((r: MutationResult) => r.status)).toEqual(Array(4).fill('applied'));
				}
			})
		);

		const pulled = await owner.pullAll();
		const stock = pulled.products.get(product.id)!.stock;
		const movements: StockMovement[] = [...pulled.movements.values()]
			.filter((movement) => movement.productId === product.id)
			.sort((a, b) => a.version - b.version);
		expect(movements).toHaveLength(64);
		const sum = movements.reduce((total, movement) => total + movement.delta, 0);
		expect(stock - 50).toBe(sum);
		// in the order the server applied them, each movement's stockAfter follows from the one before
		let running = 50;
		for (const movement of movements) {
			running += movement.delta;
			expect(movement.stockAfter).toBe(running);
		}
		expect(running).toBe(stock);
	});

	it("brings a deleted product back with product.restore, as it was, and refuses a stranger's id", async () => {
		const device = new Device(sari.api);
		const args = productArgs({ name: 'Roti sobek', stock: 7, photos: [photo('roti')] });
		await pushOne(device, 'product.put', args);
		await pushOne(device, 'product.delete', { id: args.id });
		const watcher = new Device(sari.api);
		const afterDelete = await watcher.pullAll();
		expect(afterDelete.products.has(args.id)).toBe(false);

		expect(await pushOne(device, 'product.restore', { id: args.id })).toMatchObject({ status: 'applied' });
		const afterRestore = await watcher.pullAll(afterDelete.cursors);
		expect(afterRestore.products.get(args.id)).toMatchObject({
			name: 'Roti sobek',
			stock: 7,
			photos: [photo('roti')]
		});
		// restoring what is not deleted changes nothing; an unknown id is not_found
		expect(await pushOne(device, 'product.restore', { id: args.id })).toMatchObject({ status: 'applied' });
		expect(await pushOne(device, 'product.restore', { id: uuidv7() })).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
	});
});

describe.each(backends)('catalog migration on $name', ({ name }) => {
	it('keeps the products of the first release, moving the photo into photos', async () => {
		const database = await createTestDatabase(name);
		let server: TestServer | null = null;
		try {
			// a database as the first release left it
			const spaceId = crypto.randomUUID();
			const withPhoto = uuidv7();
			const withoutPhoto = uuidv7();
			const cover = photo('sampul');
			const db = openDatabase(database);
			try {
				const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('001-initial');
				expect(error).toBeUndefined();
				const now = '2025-01-02T03:04:05.000Z';
				await db
					.insertInto('spaces')
					.values({ id: spaceId, name: 'Warung Lama', slug: 'warung-lama', version: 2, created_at: now })
					.execute();
				const old = {
					space_id: spaceId,
					unit: 'pcs',
					active: 1,
					deleted: 0,
					created_at: now,
					updated_at: now
				};
				// the first release's products table had `photo` and none of the catalog columns
				await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
					.insertInto('products')
					.values([
						{ ...old, id: withPhoto, name: 'Kopi', price: 2500, stock: 7, photo: cover, version: 1 },
						{ ...old, id: withoutPhoto, name: 'Teh', price: 2000, stock: 3, photo: null, version: 2 }
					])
					.execute();
			} finally {
				await db.destroy();
			}

			server = await TestServer.start(database);
			const owner = await registerSeller(server.url, 'Lama', 'Warung Lama Baru');
			await withDatabase(database, (db) =>
				db
					.insertInto('memberships')
					.values({
						space_id: spaceId,
						user_id: owner.account.user.id,
						role: 'owner',
						created_at: new Date().toISOString()
					})
					.execute()
			);

			const device = new Device(owner.api);
			const pulled = await device.pullAll();
			expect(pulled.products.get(withPhoto)).toEqual({
				id: withPhoto,
				spaceId,
				name: 'Kopi',
				price: 2500,
				unit: 'pcs',
				stock: 7,
				minStock: null,
				category: null,
				sku: null,
				description: null,
				weightGrams: null,
				photos: [cover],
				active: true,
				// no harga modal before migration 010
				costPrice: null,
				// written before who changed what was recorded
				changedBy: null,
				version: 1,
				createdAt: '2025-01-02T03:04:05.000Z',
				updatedAt: '2025-01-02T03:04:05.000Z'
			});
			expect(pulled.products.get(withoutPhoto)).toMatchObject({ name: 'Teh', photos: [], version: 2 });

			// and the migrated product takes the new fields and stock movements
			const answer = await device.push([
				device.mutation('product.put', spaceId, { id: withPhoto, sku: 'KOPI-1', weightGrams: 25 }),
				device.mutation('stock.adjust', spaceId, { productId: withPhoto, delta: 3, reason: 'restock' })
			]);
			expect(answer.body.results.map((r: MutationResult) => r.status)).toEqual(['applied', 'applied']);
			const next = await device.pullAll({ ...pulled.cursors });
			expect(next.products.get(withPhoto)).toMatchObject({
				sku: 'KOPI-1',
				weightGrams: 25,
				stock: 10,
				photos: [cover]
			});
			expect([...next.movements.values()]).toEqual([expect.objectContaining({ delta: 3, stockAfter: 10 })]);
			// versions go on from the space's counter: the patch took 3, the adjust 4 and its movement 5
			expect(next.products.get(withPhoto)!.version).toBe(4);
			expect([...next.movements.values()][0].version).toBe(5);
		} finally {
			await server?.stop();
			await database.drop();
		}
	});
});
