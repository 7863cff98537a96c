import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { hashPin } from '../../src/lib/server/password';
import { explainSearch, parseCatalogQuery, searchCatalog } from '../../src/lib/server/procurement/search';
import { Device, newPhone, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { PortalBrowser } from '../helpers/portal';
import { backends, useTestServer } from '../helpers/server';

/**
 * Issue 13, steps 1–2 (Find and Ask) through the real server: sellers set up their supplier profiles and
 * catalogs from their phones; a pemesan searches (searchCatalog on the server's database, and the portal's
 * search page over HTTP) and sends a Permintaan penawaran from the portal's form, which the seller pulls.
 */
describe.each(backends)('catalog search and requests for quotation on $name', ({ name }) => {
	const context = useTestServer(name);
	let db: Kysely<Database>;
	const sellers: Record<string, { seller: Seller; phone: Device }> = {};
	const products: Record<string, string> = {};
	const pemesanPhone = newPhone();
	let pemesan: PortalBrowser;

	const address = (regencyCode: string) => ({
		provinceCode: regencyCode.slice(0, 2),
		regencyCode,
		districtCode: null,
		villageCode: null,
		villageName: null,
		street: null
	});
	const papers = {
		nib: '1234567890123',
		npwp: '01.234.567.8-912.000',
		nitku: '0012345678912000000000',
		bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Sari Wulandari' }
	};

	async function push(who: string, mutation: string, args: unknown) {
		const { phone, seller } = sellers[who];
		const answer = await phone.push([phone.mutation(mutation, seller.spaceId, args)]);
		expect(answer.body.results[0], `${mutation} of ${who}`).toMatchObject({ status: 'applied' });
	}

	async function product(who: string, key: string, fields: Record<string, unknown>) {
		products[key] = uuidv7();
		await push(who, 'product.put', productArgs({ id: products[key], ...fields }));
	}

	beforeAll(async () => {
		db = openDatabase(context.database);
		for (const [who, business] of [
			['sari', 'Warung Sari'],
			['budi', 'Toko Budi'],
			['wati', 'Kios Wati'],
			['rudi', 'Usaha Rudi']
		]) {
			const seller = await registerSeller(context.server.url, who, business);
			sellers[who] = { seller, phone: new Device(seller.api) };
		}
		// Sari (Sleman, all papers) and Budi (Bantul, none) take institutional orders; Wati never has;
		// Rudi (Sleman) did and switched it off.
		await push('sari', 'supplier.put', { acceptsInstitutional: true, address: address('34.04'), ...papers });
		await push('budi', 'supplier.put', { acceptsInstitutional: true, address: address('34.02'), pkp: true });
		await push('wati', 'supplier.put', { acceptsInstitutional: false, address: address('34.04') });
		await push('rudi', 'supplier.put', { acceptsInstitutional: true, address: address('32.01') });
		await product('sari', 'chips', {
			name: 'Keripik singkong balado',
			description: 'Renyah, pedas manis, kemasan 250 g',
			price: 12_000,
			category: 'Makanan',
			stock: 500
		});
		await product('sari', 'coffee', { name: 'Kopi bubuk robusta', price: 45_000, category: 'Minuman' });
		await product('sari', 'gone', { name: 'Keripik pisang', price: 9_000, category: 'Makanan' });
		await push('sari', 'product.delete', { id: products.gone });
		await product('budi', 'tempe', { name: 'Keripik tempe', price: 15_000, category: 'Makanan' });
		await product('budi', 'batik', { name: 'Kain batik tulis', price: 350_000, category: 'Kerajinan' });
		await product('wati', 'wati', { name: 'Keripik bayam', price: 8_000, category: 'Makanan' });
		await product('rudi', 'rudi', { name: 'Keripik talas', price: 10_000, category: 'Makanan' });
		await push('rudi', 'supplier.put', { acceptsInstitutional: false });

		const now = new Date().toISOString();
		const organisation = uuidv7();
		const user = uuidv7();
		await db
			.insertInto('organisations')
			.values({
				id: organisation,
				name: 'PT Kereta Api Indonesia',
				kind: 'bumn',
				code: 'PTKAI',
				npwp: null,
				address: 'Jl. Perintis Kemerdekaan 1, Bandung',
				created_at: now
			})
			.execute();
		await db
			.insertInto('users')
			.values({
				id: user,
				name: 'Dina',
				phone: `+62${pemesanPhone.slice(1)}`,
				pin_hash: await hashPin('123456'),
				role: 'buyer',
				created_at: now
			})
			.execute();
		await db
			.insertInto('organisation_members')
			.values({ organisation_id: organisation, user_id: user, role: 'pemesan', created_at: now })
			.execute();
		pemesan = new PortalBrowser(context.server.url);
		expect((await pemesan.login(pemesanPhone, '123456')).location).toBe('/portal/pengadaan');
	});
	afterAll(() => db?.destroy());

	async function found(fields: Record<string, string>): Promise<string[]> {
		const { results } = await searchCatalog(db, parseCatalogQuery(new URLSearchParams(fields)));
		const names = Object.fromEntries(Object.entries(products).map(([key, id]) => [id, key]));
		return results.map((result) => names[result.productId]);
	}

	it.each([
		[{ q: 'keripik', urut: 'price_asc' }, ['chips', 'tempe']],
		[{ q: 'KERIPIK', urut: 'price_asc' }, ['chips', 'tempe']],
		[{ q: 'keri', urut: 'price_asc' }, ['chips', 'tempe']],
		[{ q: 'keripik bal' }, ['chips']],
		[{ q: 'pedas' }, ['chips']],
		[{ q: 'pisang' }, []],
		[{ q: 'bayam' }, []],
		[{ q: 'talas' }, []],
		[{ kategori: 'kerajinan' }, ['batik']],
		[{ kategori: 'Makanan', urut: 'price_asc' }, ['chips', 'tempe']],
		[{ provinsi: '34', urut: 'price_desc' }, ['batik', 'coffee', 'tempe', 'chips']],
		[{ kabupaten: '34.02', urut: 'price_asc' }, ['tempe', 'batik']],
		[{ harga_min: '12.000', harga_max: 'Rp45.000', urut: 'price_asc' }, ['chips', 'tempe', 'coffee']],
		[{ urut: 'newest' }, ['batik', 'tempe', 'coffee', 'chips']],
		[{ urut: 'nearest', dekat: '34.02' }, ['batik', 'tempe', 'coffee', 'chips']],
		[{ urut: 'nearest', dekat: '34.04' }, ['coffee', 'chips', 'batik', 'tempe']],
		[{ q: 'keripik', urut: 'nearest', dekat: '34.04' }, ['chips', 'tempe']]
	])('finds %j', async (fields, expected) => {
		expect(await found(fields)).toEqual(expected);
	});

	it('shows each result with its seller, region and which legal papers are complete', async () => {
		const { results } = await searchCatalog(db, parseCatalogQuery(new URLSearchParams({ q: 'keripik' })));
		expect(results.find((result) => result.productId === products.chips)).toMatchObject({
			name: 'Keripik singkong balado',
			price: 12_000,
			unit: 'pcs',
			stock: 500,
			category: 'Makanan',
			spaceId: sellers.sari.seller.spaceId,
			businessName: 'Warung Sari',
			regencyName: 'Kab. Sleman',
			provinceName: 'DI Yogyakarta',
			legal: { nib: true, npwp: true, bank: true, pkp: false }
		});
		expect(results.find((result) => result.productId === products.tempe)?.legal).toEqual({
			nib: false,
			npwp: false,
			bank: false,
			pkp: true
		});
	});

	it('pages through the results without counting them', async () => {
		const first = await searchCatalog(db, {
			...parseCatalogQuery(new URLSearchParams({ urut: 'newest' })),
			limit: 3
		});
		expect(first.hasMore).toBe(true);
		const second = await searchCatalog(db, {
			...parseCatalogQuery(new URLSearchParams({ urut: 'newest' })),
			limit: 3,
			offset: 3
		});
		expect(second).toMatchObject({ hasMore: false, results: [{ productId: products.chips }] });
	});

	it('reads the text and filter indexes, never the whole table', async () => {
		const queries: Record<string, string>[] = [
			{ q: 'keripik sing' },
			{ q: 'keripik', provinsi: '34', urut: 'price_asc' },
			{ kategori: 'makanan', urut: 'price_asc' },
			{ kabupaten: '34.04' },
			{ harga_min: '10000', harga_max: '20000' },
			{ urut: 'newest' }
		];
		const plans: string[] = [];
		for (const fields of queries) {
			const query = parseCatalogQuery(new URLSearchParams(fields));
			// PostgreSQL reads a table this small whole whatever its indexes: seq scans are made dear, so the plan
			// shows whether an index serves the query at all (the bench shows it does at 100,000 products).
			const plan = await db.transaction().execute(async (trx) => {
				if (name === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
				return explainSearch(trx, query);
			});
			const text = plan.join('\n');
			plans.push(text);
			if (name === 'postgres') {
				expect(text, JSON.stringify(fields)).not.toMatch(/Seq Scan/);
				expect(text).toMatch(/catalog_entries_(search|category|region|price|newest)/);
			} else {
				expect(text, JSON.stringify(fields)).not.toMatch(/^SCAN \w+$/m);
				expect(text).toMatch(/catalog_search VIRTUAL TABLE|USING (COVERING )?INDEX catalog_entries_/);
			}
		}
		// the words query reads the text index
		expect(plans[0]).toMatch(name === 'postgres' ? /catalog_entries_search/ : /VIRTUAL TABLE INDEX/);
	});

	it('shows the search page with cards, prices and papers to a pemesan, and nothing to anyone else', async () => {
		const page = await pemesan.get('/portal/pengadaan/cari?q=keripik&urut=price_asc');
		expect(page.status).toBe(200);
		expect(page.html).toContain('Keripik singkong balado');
		expect(page.html).toContain('Rp12.000');
		expect(page.html).toContain('Warung Sari');
		expect(page.html).toContain('Kab. Sleman, DI Yogyakarta');
		expect(page.html).toContain(`/portal/pengadaan/minta?produk=${products.chips}`);
		expect(page.html).not.toContain('Keripik bayam');
		expect(page.html.indexOf('Keripik singkong')).toBeLessThan(page.html.indexOf('Keripik tempe'));
		const anonymous = await new PortalBrowser(context.server.url).get('/portal/pengadaan/cari');
		expect(anonymous.status).toBe(303);
		expect(anonymous.location).toMatch(/^\/portal\/masuk\?ke=/);
		// a seller's own session (from the app) is no buyer's
		const seller = new PortalBrowser(context.server.url);
		seller.cookie = sellers.sari.seller.api.cookie;
		expect((await seller.get('/portal/pengadaan/cari')).status).toBe(403);
	});

	it('sends a Permintaan penawaran from the form into the seller’s space, and shows refusals in Indonesian', async () => {
		const form = await pemesan.get(`/portal/pengadaan/minta?produk=${products.chips}`);
		expect(form.status).toBe(200);
		expect(form.html).toContain('Warung Sari');
		expect(form.html).toContain('Kopi bubuk robusta');
		const id = /name="id" value="([^"]+)"/.exec(form.html)![1];
		const today = jakartaDay(new Date());
		const fields = {
			id,
			[`jumlah_${products.chips}`]: '100',
			[`jumlah_${products.coffee}`]: '',
			lain_nama_1: 'Kardus kemasan',
			lain_satuan_1: 'pcs',
			lain_jumlah_1: '10',
			perlu: addDays(today, -1),
			alamat: 'Stasiun Tugu, Yogyakarta',
			catatan: 'Kirim pagi'
		};
		const late = await pemesan.submit(`/portal/pengadaan/minta?produk=${products.chips}`, fields);
		expect(late.status).toBe(400);
		expect(late.html).toContain('Tanggalnya tidak boleh sebelum hari ini.');
		expect(late.html).toContain('Kardus kemasan'); // what was typed is kept
		const badQty = await pemesan.submit(`/portal/pengadaan/minta?produk=${products.chips}`, {
			...fields,
			[`jumlah_${products.chips}`]: 'seratus'
		});
		expect(badQty.status).toBe(400);
		expect(badQty.html).toContain('Isi jumlah dengan angka bulat');

		const sent = await pemesan.submit(`/portal/pengadaan/minta?produk=${products.chips}`, {
			...fields,
			perlu: addDays(today, 14)
		});
		expect(sent.status).toBe(303);
		expect(sent.location).toBe(`/portal/pengadaan/permintaan/${id}`);
		const pulled = await sellers.sari.phone.pullAll();
		const change = pulled.pages
			.flatMap((page) => page.spaces[sellers.sari.seller.spaceId]?.changes ?? [])
			.find((item) => item.entity === 'procurement' && item.id === id);
		const procurement = change?.value as Procurement;
		expect(procurement).toMatchObject({
			status: 'requested',
			organisation: { name: 'PT Kereta Api Indonesia' },
			request: { deliveryAddress: 'Stasiun Tugu, Yogyakarta', note: 'Kirim pagi', by: { name: 'Dina' } }
		});
		expect(procurement.lines.map((line) => [line.name, line.unit, line.qty])).toEqual([
			['Keripik singkong balado', 'pcs', 100],
			['Kardus kemasan', 'pcs', 10]
		]);
		// the same form sent twice is one request
		const again = await pemesan.submit(`/portal/pengadaan/minta?produk=${products.chips}`, {
			...fields,
			perlu: addDays(today, 14)
		});
		expect(again.status).toBe(409);
	});

	it('answers 404 for a product or seller an institution may not ask', async () => {
		for (const path of [
			`/portal/pengadaan/minta?produk=${products.gone}`,
			`/portal/pengadaan/minta?produk=${products.wati}`,
			`/portal/pengadaan/minta?toko=${sellers.rudi.seller.spaceId}`,
			'/portal/pengadaan/minta'
		]) {
			const answer = await pemesan.get(path);
			expect(answer.status, path).toBe(404);
			expect(answer.html).toContain('tidak menerima pesanan instansi');
		}
		expect((await pemesan.get(`/portal/pengadaan/minta?toko=${sellers.budi.seller.spaceId}`)).status).toBe(
			200
		);
	});

	// last: it fills Budi's catalog
	it('lists the product the pemesan came from on the form, however long the seller’s catalog', async () => {
		const { phone, seller } = sellers.budi;
		const many = Array.from({ length: 200 }, (_, n) =>
			phone.mutation('product.put', seller.spaceId, productArgs({ name: `Aneka barang ${n}`, price: 1_000 }))
		);
		expect((await phone.push(many)).status).toBe(200);
		const form = await pemesan.get(`/portal/pengadaan/minta?produk=${products.tempe}`);
		expect(form.html).toContain(`name="jumlah_${products.tempe}"`);
		expect(form.html).not.toContain(`name="jumlah_${products.batik}"`);
		expect(form.html.match(/name="jumlah_/g)).toHaveLength(201);
	});
});
