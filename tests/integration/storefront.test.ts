import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { openEvents } from '../helpers/events';
import { sha256, tinyPng } from '../helpers/images';
import { backends, createTestDatabase, TestServer, type TestDatabase } from '../helpers/server';
import {
	Buyer,
	checkoutFields,
	fieldError,
	fieldValue,
	formOrderId,
	meta,
	problem,
	textOf
} from '../helpers/storefront';

let nextAddress = 1;
/** A buyer from an address no other test uses (the rate limit counts per address). */
function newBuyer(base: string): Buyer {
	const n = nextAddress++;
	return new Buyer(base, `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`);
}

describe.each(backends)('storefront on $name', ({ name }) => {
	let database: TestDatabase;
	let server: TestServer;
	let sari: Seller;
	let device: Device;
	let slug: string;

	beforeAll(async () => {
		database = await createTestDatabase(name);
		// Every request of these tests is from 127.0.0.1; the buyers say who they are in X-Forwarded-For.
		server = await TestServer.start(database, { ADDRESS_HEADER: 'x-forwarded-for' });
		sari = await registerSeller(server.url, 'Sari', 'Warung Sari');
		slug = sari.account.spaces[0].slug;
		device = new Device(sari.api);
	});

	afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	async function product(overrides: Record<string, unknown> = {}) {
		const args = productArgs(overrides);
		const answer = await device.push([device.mutation('product.put', sari.spaceId, args)]);
		expect(answer.body.results[0]).toMatchObject({ status: 'applied' });
		return args;
	}

	async function pushOne(mutationName: string, args: unknown): Promise<MutationResult> {
		const answer = await device.push([device.mutation(mutationName, sari.spaceId, args)]);
		return answer.body.results[0];
	}

	async function orderCount(): Promise<number> {
		return withDatabase(database, async (db) => {
			const row = await db
				.selectFrom('orders')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('space_id', '=', sari.spaceId)
				.executeTakeFirstOrThrow();
			return Number(row.n);
		});
	}

	it('shows the active products with price, unit, photo and stock, OpenGraph tags, and no script at all', async () => {
		const cover = sha256(tinyPng);
		expect((await sari.api.putPhoto(cover, tinyPng, 'image/png')).status).toBe(201);
		const kopi = await product({ name: 'Kopi Susu', price: 15000, unit: 'pcs', stock: 5, photos: [cover] });
		await product({ name: 'Es Teh', price: 3000, unit: 'gelas', stock: 0 });
		await product({ name: 'Rahasia Dapur', price: 1000, active: false });
		const gone = await product({ name: 'Roti Lama', price: 1000 });
		expect(await pushOne('product.delete', { id: gone.id })).toMatchObject({ status: 'applied' });

		const page = await newBuyer(server.url).get(`/toko/${slug}`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
		expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
		const text = textOf(page.html);
		expect(text).toContain('Warung Sari');
		expect(text).toMatch(/Kopi Susu Rp15\.000\/pcs Tersedia/);
		expect(text).toMatch(/Es Teh Rp3\.000\/gelas Habis/);
		expect(text).not.toContain('Rahasia Dapur');
		expect(text).not.toContain('Roti Lama');
		// the 320 px variant for a 72 px box (the 640 px one on a screen of 3× or more), the first cards at once
		expect(page.html).toContain(
			`<img src="/api/photos/${cover}?w=320" srcset="/api/photos/${cover}?w=320 320w, /api/photos/${cover}?w=640 640w" sizes="72px" alt="Foto Kopi Susu" width="72" height="72" loading="eager" fetchpriority="high"`
		);
		// a quantity only for what can be bought
		expect(fieldValue(page.html, `qty-${kopi.id}`)).toBe('0');
		expect(page.html.match(/name="qty-/g)).toHaveLength(1);

		const host = new URL(server.url).host;
		expect(meta(page.html, 'robots')).toBe('index,follow');
		expect(meta(page.html, 'og:title')).toBe('Warung Sari');
		expect(meta(page.html, 'og:description')).toContain('Warung Sari');
		expect(meta(page.html, 'og:url')).toBe(`https://${host}/toko/${slug}`);
		expect(meta(page.html, 'og:image')).toBe(`https://${host}/api/photos/${cover}`);

		// csr = false: no script, no module preload, nothing to download but HTML, CSS and photos
		expect(page.html).not.toMatch(/<script/i);
		expect(page.html).not.toMatch(/modulepreload/);
	});

	it('loads the first three product photos at once and first, the rest as the buyer scrolls to them', async () => {
		const budi = await registerSeller(server.url, 'Budi', 'Toko Budi');
		const own = new Device(budi.api);
		const photos = Array.from({ length: 6 }, (_, i) => sha256(Buffer.from(`foto ${i} ${uuidv7()}`)));
		const answer = await own.push(
			photos.map((photo, i) =>
				own.mutation('product.put', budi.spaceId, productArgs({ name: `Barang ${i}`, photos: [photo] }))
			)
		);
		expect(answer.status).toBe(200);
		const page = await newBuyer(server.url).get(`/toko/${budi.account.spaces[0].slug}`);
		const images = [...page.html.matchAll(/<img [^>]*>/g)].map((match) => match[0]);
		expect(images).toHaveLength(6);
		expect(images.map((image) => /loading="(\w+)"/.exec(image)?.[1])).toEqual([
			'eager',
			'eager',
			'eager',
			'lazy',
			'lazy',
			'lazy'
		]);
		expect(images.map((image) => image.includes('fetchpriority="high"'))).toEqual([
			true,
			true,
			true,
			false,
			false,
			false
		]);
		for (const image of images)
			expect(image).toMatch(/srcset="[^"]+\?w=320 320w, [^"]+\?w=640 640w" sizes="72px"/);
	});

	it('answers an unknown shop with a 404 page in Indonesian', async () => {
		const page = await newBuyer(server.url).get('/toko/tidak-ada-toko-ini');
		expect(page.status).toBe(404);
		expect(textOf(page.html)).toContain('Halaman tidak ditemukan');
		expect(page.html).not.toMatch(/<script/i);
	});

	it("charges the shop's own prices whatever the form says, and the seller pulls the order as W-1", async () => {
		const kopi = await product({ name: 'Kopi Tubruk', price: 12000, unit: 'gelas', stock: 20 });
		const roti = await product({ name: 'Roti Bakar', price: 8000, unit: 'porsi', stock: 20 });
		const before = await device.pullAll();
		const events = await openEvents(sari.api);
		try {
			const buyer = newBuyer(server.url);
			const page = await buyer.get(`/toko/${slug}`);
			const fields = {
				...checkoutFields(
					{ [kopi.id]: 2, [roti.id]: 1 },
					{
						order: formOrderId(page.html),
						name: 'Budi Santoso',
						phone: '0813-1111-2222',
						delivery: 'delivery',
						address: 'Jl. Melati 5, RT 02',
						note: 'Gulanya sedikit'
					}
				),
				// what a tampering buyer might add: none of it is read
				price: '1',
				[`price-${kopi.id}`]: '1',
				total: '1',
				channel: 'walkin',
				number: 'KP-1'
			};
			const started = Date.now();
			const placed = await buyer.submit(slug, fields);
			expect(placed.status).toBe(303);
			const location = placed.location!;
			expect(location).toMatch(new RegExp(`^/toko/${slug}/pesanan/[0-9a-f-]{36}\\?k=[\\w-]{22}$`));
			const orderId = /pesanan\/([0-9a-f-]{36})/.exec(location)![1];
			expect(orderId).toBe(fields.order);

			// the seller's open app is poked and pulls it
			expect(await events.next(2000)).toEqual({
				event: 'poke',
				data: JSON.stringify({ space: sari.spaceId })
			});
			expect(Date.now() - started).toBeLessThan(2000);
			const pulled = await device.pullAll({ ...before.cursors });
			const order = pulled.orders.get(orderId);
			expect(order).toMatchObject({
				number: 'W-1',
				channel: 'storefront',
				status: 'new',
				items: [
					{ productId: kopi.id, name: 'Kopi Tubruk', unit: 'gelas', price: 12000, qty: 2 },
					{ productId: roti.id, name: 'Roti Bakar', unit: 'porsi', price: 8000, qty: 1 }
				],
				total: 32000,
				paid: 0,
				paymentStatus: 'unpaid',
				buyer: { name: 'Budi Santoso', phone: '+6281311112222' },
				delivery: { method: 'delivery', address: 'Jl. Melati 5, RT 02' },
				note: 'Gulanya sedikit',
				payments: [],
				changedBy: { id: null, name: 'Budi Santoso', role: 'buyer' }
			});
			// the stock the order took is the buyer's doing too
			expect(pulled.products.get(kopi.id)?.changedBy).toEqual({
				id: null,
				name: 'Budi Santoso',
				role: 'buyer'
			});
			expect(order!.history).toEqual([
				{ type: 'created', status: 'new', at: order!.createdAt, by: { id: null, name: 'Budi Santoso' } }
			]);
			expect(pulled.products.get(kopi.id)?.stock).toBe(18);
			expect(pulled.products.get(roti.id)?.stock).toBe(19);
			expect([...pulled.movements.values()].map((m) => [m.productId, m.delta, m.reason, m.orderId])).toEqual(
				expect.arrayContaining([
					[kopi.id, -2, 'order', orderId],
					[roti.id, -1, 'order', orderId]
				])
			);

			// the buyer's order page
			const orderPage = await buyer.get(location);
			expect(orderPage.status).toBe(200);
			expect(orderPage.headers.get('cache-control')).toMatch(/no-store/);
			const text = textOf(orderPage.html);
			expect(text).toContain('Pesanan W-1');
			expect(text).toMatch(/Status pesanan Baru/);
			expect(text).toMatch(/Pembayaran Belum bayar/);
			expect(text).toMatch(/Kopi Tubruk 2 × Rp12\.000 Rp24\.000/);
			expect(text).toMatch(/Total Rp32\.000/);
			expect(text).toContain('Diantar ke: Jl. Melati 5, RT 02');
			const seller = sari.account.user.phone.replace('+', '');
			const wa = /href="(https:\/\/wa\.me\/[^"]+)"[^>]*>Chat penjual soal W-1/.exec(orderPage.html)?.[1];
			expect(wa).toBeDefined();
			const waUrl = new URL(wa!.replace(/&amp;/g, '&'));
			expect(waUrl.pathname).toBe(`/${seller}`);
			expect(waUrl.searchParams.get('text')).toBe(
				'Halo Warung Sari, saya Budi Santoso. Saya mau tanya pesanan W-1.'
			);
			expect(orderPage.html).not.toMatch(/<script/i);
			expect(meta(orderPage.html, 'robots')).toBe('noindex,nofollow');

			// the seller accepts it and takes a payment: the buyer sees it on reload
			expect(await pushOne('order.transition', { id: orderId, from: 'new', to: 'accepted' })).toMatchObject({
				status: 'applied'
			});
			expect(
				await pushOne('order.pay', { id: orderId, paymentId: uuidv7(), amount: 10000, method: 'transfer' })
			).toMatchObject({ status: 'applied' });
			const reloaded = textOf((await buyer.get(location)).html);
			expect(reloaded).toMatch(/Status pesanan Diproses/);
			expect(reloaded).toMatch(/Pembayaran Sebagian/);

			// a wrong, missing or other order's token finds nothing
			const k = new URL(location, server.url).searchParams.get('k')!;
			const wrong = k.slice(0, -1) + (k.endsWith('A') ? 'B' : 'A');
			expect((await buyer.get(location.replace(k, wrong))).status).toBe(404);
			expect((await buyer.get(location.split('?')[0])).status).toBe(404);
			expect((await buyer.get(`/toko/${slug}/pesanan/${uuidv7()}?k=${k}`)).status).toBe(404);
			// nor under another shop's address
			const other = await registerSeller(server.url, 'Rina', 'Kedai Rina');
			expect((await buyer.get(location.replace(slug, other.account.spaces[0].slug))).status).toBe(404);

			// the next shop-page order is W-2
			const next = await newBuyer(server.url).submit(slug, checkoutFields({ [roti.id]: 1 }));
			expect(next.status).toBe(303);
			expect(textOf((await buyer.get(next.location!)).html)).toContain('Pesanan W-2');
		} finally {
			events.close();
		}
	});

	it('refuses a hidden product and a quantity above the stock by name, and stores nothing', async () => {
		const teh = await product({ name: 'Teh Tarik', price: 6000, stock: 10 });
		const pisang = await product({ name: 'Pisang Goreng', price: 2000, stock: 3 });
		const habis = await product({ name: 'Tahu Isi', price: 1500, stock: 0 });
		const buyer = newBuyer(server.url);
		const page = await buyer.get(`/toko/${slug}`);
		// the seller hides Teh Tarik after the buyer opened the page
		expect(await pushOne('product.put', { id: teh.id, active: false })).toMatchObject({ status: 'applied' });
		const before = await device.pullAll();
		const ordersBefore = await orderCount();

		const hidden = await buyer.submit(
			slug,
			checkoutFields({ [teh.id]: 1, [pisang.id]: 1 }, { order: formOrderId(page.html), name: 'Ani' })
		);
		expect(hidden.status).toBe(409);
		expect(problem(hidden.html)).toContain('Teh Tarik sedang tidak dijual');
		// the buyer's input is kept
		expect(fieldValue(hidden.html, 'name')).toBe('Ani');
		expect(fieldValue(hidden.html, `qty-${pisang.id}`)).toBe('1');

		const tooMany = await buyer.submit(slug, checkoutFields({ [pisang.id]: 4 }, { name: 'Ani' }));
		expect(tooMany.status).toBe(409);
		expect(fieldError(tooMany.html, `qty-${pisang.id}`)).toBe('Stok Pisang Goreng tinggal 3');
		expect(fieldValue(tooMany.html, `qty-${pisang.id}`)).toBe('4');
		expect(problem(tooMany.html)).toContain('Pesanan belum terkirim');

		const soldOut = await buyer.submit(slug, checkoutFields({ [habis.id]: 1 }));
		expect(soldOut.status).toBe(409);
		expect(fieldError(soldOut.html, `qty-${habis.id}`)).toBe('Tahu Isi sudah habis');

		const missing = await buyer.submit(slug, checkoutFields({ [uuidv7()]: 1 }));
		expect(missing.status).toBe(409);
		expect(problem(missing.html)).toContain('Produk tidak ditemukan');

		expect(await orderCount()).toBe(ordersBefore);
		const after = await device.pullAll({ ...before.cursors });
		expect(after.pages.flatMap((p) => p.spaces[sari.spaceId].changes)).toEqual([]);
		// exactly the stock asked for is fine, and the refused tries used up no order number
		const exact = await buyer.submit(slug, checkoutFields({ [pisang.id]: 3 }));
		expect(exact.status).toBe(303);
		const pulled = await device.pullAll({ ...before.cursors });
		const order = [...pulled.orders.values()][0];
		expect(order.number).toBe(`W-${ordersBefore + 1}`);
		expect(pulled.products.get(pisang.id)?.stock).toBe(0);
	});

	it('shows what to fix next to each field in Indonesian, keeping what the buyer typed', async () => {
		const kue = await product({ name: 'Kue Lapis', price: 2500, stock: 10 });
		const buyer = newBuyer(server.url);
		const ordersBefore = await orderCount();
		const answer = await buyer.submit(
			slug,
			checkoutFields(
				{ [kue.id]: 2 },
				{ name: '  ', phone: '12345', delivery: 'delivery', address: '', note: 'Tolong dibungkus <rapi>' }
			)
		);
		expect(answer.status).toBe(400);
		expect(fieldError(answer.html, 'name')).toBe('Nama wajib diisi');
		expect(fieldError(answer.html, 'phone')).toBe('Nomor HP tidak valid. Tulis seperti 0812 3456 7890');
		expect(fieldError(answer.html, 'address')).toBe('Alamat wajib diisi kalau diantar');
		expect(answer.html).toMatch(/<input[^>]*id="phone"[^>]*aria-invalid="true"/);
		expect(fieldValue(answer.html, 'phone')).toBe('12345');
		expect(fieldValue(answer.html, 'note')).toBe('Tolong dibungkus <rapi>');
		expect(fieldValue(answer.html, `qty-${kue.id}`)).toBe('2');
		expect(answer.html).toMatch(/<input type="radio" name="delivery" value="delivery" checked/);

		const empty = await buyer.submit(slug, checkoutFields({ [kue.id]: 0 }));
		expect(empty.status).toBe(400);
		expect(problem(empty.html)).toContain('Pesanan masih kosong');
		const fraction = await buyer.submit(slug, checkoutFields({ [kue.id]: 1.5 }));
		expect(fraction.status).toBe(400);
		expect(fieldError(fraction.html, `qty-${kue.id}`)).toBe('Jumlah harus angka bulat, paling sedikit 1');
		expect(await orderCount()).toBe(ordersBefore);
	});

	it('shows the total before sending and stores nothing; a form sent twice places one order', async () => {
		const nasi = await product({ name: 'Nasi Uduk', price: 10000, stock: 10 });
		const buyer = newBuyer(server.url);
		const page = await buyer.get(`/toko/${slug}`);
		const fields = { ...checkoutFields({ [nasi.id]: 3 }, { order: formOrderId(page.html) }), price: '1' };
		const ordersBefore = await orderCount();

		const preview = await buyer.submit(slug, fields, 'periksa');
		expect(preview.status).toBe(200);
		expect(textOf(preview.html)).toMatch(
			/Ringkasan pesanan Nasi Uduk 3 × Rp10\.000 Rp30\.000 Total Rp30\.000/
		);
		expect(fieldValue(preview.html, `qty-${nasi.id}`)).toBe('3');
		expect(await orderCount()).toBe(ordersBefore);

		const first = await buyer.submit(slug, fields);
		const second = await buyer.submit(slug, fields);
		expect(first.status).toBe(303);
		expect(second.status).toBe(303);
		expect(second.location).toBe(first.location);
		expect(await orderCount()).toBe(ordersBefore + 1);
		expect((await device.pullAll()).products.get(nasi.id)?.stock).toBe(7);
	});

	it('takes 30 checkouts a minute from one address; the 31st gets 429 with a friendly message', async () => {
		const permen = await product({ name: 'Permen', price: 500, stock: 1000 });
		const buyer = newBuyer(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 30; i++) {
			// the limit counts every checkout, placed or refused
			const fields = checkoutFields({ [permen.id]: 1 }, i % 10 === 9 ? { name: '' } : {});
			statuses.push((await buyer.submit(slug, fields)).status);
		}
		expect(statuses.filter((status) => status === 303)).toHaveLength(27);
		expect(statuses.filter((status) => status === 400)).toHaveLength(3);
		const ordersBefore = await orderCount();

		const refused = await buyer.submit(slug, checkoutFields({ [permen.id]: 1 }, { name: 'Cici' }));
		expect(refused.status).toBe(429);
		expect(problem(refused.html)).toContain(
			'Terlalu banyak pesanan dari alamat ini. Coba lagi sebentar lagi.'
		);
		expect(fieldValue(refused.html, 'name')).toBe('Cici');
		expect(await orderCount()).toBe(ordersBefore);

		// the shop still opens, and a buyer at another address can still order
		expect((await buyer.get(`/toko/${slug}`)).status).toBe(200);
		expect((await newBuyer(server.url).submit(slug, checkoutFields({ [permen.id]: 1 }))).status).toBe(303);

		// the window is counted in the database: a minute later the address may order again
		await withDatabase(database, (db) =>
			db
				.updateTable('storefront_limits')
				.set({ window_start: new Date(Date.now() - 61_000).toISOString() })
				.where('key', '=', `ip:${buyer.address}`)
				.execute()
		);
		expect((await buyer.submit(slug, checkoutFields({ [permen.id]: 1 }))).status).toBe(303);
	});

	it('refuses a form posted from another site (SvelteKit CSRF check)', async () => {
		const response = await fetch(`${server.url}/toko/${slug}?/pesan`, {
			method: 'POST',
			headers: { accept: 'text/html', origin: 'https://penipu.example', 'x-forwarded-for': '10.9.9.9' },
			body: new URLSearchParams(checkoutFields({}))
		});
		expect(response.status).toBe(403);
	});
});
