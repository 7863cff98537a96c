import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import { formatRupiah } from '../../src/lib/domain/money';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { dashboardTables, type DashboardFilters } from '../../src/lib/server/monitoring/dashboard';
import { hashPin } from '../../src/lib/server/password';
import { applyBuyerStep, type BuyerStep } from '../../src/lib/server/procurement/buyer-steps';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { PortalBrowser } from '../helpers/portal';
import { backends, useTestServer } from '../helpers/server';

const today = jakartaDay(new Date());
const month = today.slice(0, 7);
const year = today.slice(0, 4);
const targets = JSON.stringify({ PTKAI: { [year]: 100_000_000 } });
process.env.PROCUREMENT_TARGETS = targets;

const papers = {
	acceptsInstitutional: true,
	nib: '1234567890123',
	npwp: '01.234.567.8-912.000',
	nitku: '0012345678912000000000',
	pkp: false,
	bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Pemilik Warung' }
};

/** The fields of one CSV line (RFC 4180 quoting). */
const csvFields = (line: string) =>
	[...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
		.slice(0, -1)
		.map(([, field]) => (field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field));

/** The n-th smallest of sorted values by the nearest-rank rule, computed plainly. */
const nearestRank = (values: number[], q: number) =>
	[...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1];

/**
 * The monitoring through the real server on both databases: sellers sell and take institutional orders from
 * their phones, the institution's steps go through applyBuyerStep, and the dashboard's figures (read only
 * from the summary tables) must equal what plain queries over the raw rows give.
 */
describe.each(backends)('programme monitoring on $name', ({ name }) => {
	const context = useTestServer(name, { PROCUREMENT_TARGETS: targets });
	let db: Kysely<Database>;
	const sellers: (Seller & { phone_: Device; product: string })[] = [];
	const kai = { id: uuidv7(), code: 'PTKAI', name: 'PT Kereta Api Indonesia' };
	const dks = { id: uuidv7(), code: 'DKSLM', name: 'Dinas Koperasi Sleman' };
	let phones = 0;
	const person = (personName: string, role: 'buyer' | 'monitor'): User => ({
		id: uuidv7(),
		name: personName,
		phone: `+62812${name === 'sqlite' ? 1 : 2}${String(++phones).padStart(7, '0')}`,
		role
	});
	const wati = person('Wati', 'buyer'); // pemesan and penyetuju of PT KAI
	const rudi = person('Rudi', 'buyer'); // keuangan of PT KAI
	const yono = person('Yono', 'buyer'); // penyetuju of Dinas Koperasi
	const tono = person('Tono', 'buyer'); // only a pemesan of PT KAI
	const mira = person('Mira', 'monitor');

	beforeAll(async () => {
		db = openDatabase(context.database);
		const now = new Date().toISOString();
		for (const organisation of [kai, dks]) {
			await db
				.insertInto('organisations')
				.values({ ...organisation, kind: 'bumn', npwp: null, address: null, created_at: now })
				.execute();
		}
		const pinHash = await hashPin('123456');
		const roles: [User, string, ('pemesan' | 'penyetuju' | 'keuangan')[]][] = [
			[wati, kai.id, ['pemesan', 'penyetuju']],
			[rudi, kai.id, ['keuangan']],
			[yono, dks.id, ['penyetuju']],
			[tono, kai.id, ['pemesan']],
			[mira, '', []]
		];
		for (const [user, organisation, held] of roles) {
			await db
				.insertInto('users')
				.values({
					id: user.id,
					name: user.name,
					phone: user.phone,
					pin_hash: pinHash,
					role: user.role,
					created_at: now
				})
				.execute();
			for (const role of held) {
				await db
					.insertInto('organisation_members')
					.values({ organisation_id: organisation, user_id: user.id, role, created_at: now })
					.execute();
			}
		}
		// Six sellers in Sleman (DI Yogyakarta), one in Jakarta Selatan: a province of one seller.
		const places = [...Array(6).fill(['34', '34.04']), ['31', '31.74']] as [string, string][];
		for (const [i, [province, regency]] of places.entries()) {
			const seller = await registerSeller(context.server.url, `Penjual ${i}`, `Warung ${i}`);
			const phone = new Device(seller.api);
			const product = uuidv7();
			const answer = await phone.push([
				phone.mutation('product.put', seller.spaceId, {
					...productArgs({ id: product, price: 10_000 }),
					stock: 1000
				}),
				phone.mutation('supplier.put', seller.spaceId, {
					...papers,
					size: i % 2 ? 'kecil' : 'mikro',
					address: {
						provinceCode: province,
						regencyCode: regency,
						districtCode: null,
						villageCode: null,
						villageName: null,
						street: null
					}
				})
			]);
			expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
				'applied',
				'applied'
			]);
			sellers.push({ ...seller, phone_: phone, product });
		}
	});
	afterAll(() => db?.destroy());

	async function push(seller: (typeof sellers)[number], mutations: [string, unknown][]) {
		const answer = await seller.phone_.push(
			mutations.map(([mutation, args]) => seller.phone_.mutation(mutation, seller.spaceId, args))
		);
		expect(answer.status).toBe(200);
		expect(
			answer.body.results.map(
				(result: { status: string; message?: string }) => result.message ?? result.status
			)
		).toEqual(mutations.map(() => 'applied'));
	}

	const buyer = (user: User, step: BuyerStep): Promise<Procurement> =>
		db
			.transaction()
			.execute((trx) => applyBuyerStep(trx, { now: new Date().toISOString() }, user, step))
			.then((result) => result.procurement);

	/** One institutional order from request to invoice; paid when `paid` (its BAST `daysAgo` days back). */
	async function institutionalOrder(
		seller: (typeof sellers)[number],
		qty: number,
		daysAgo: number,
		paid: boolean
	) {
		const id = uuidv7();
		const asked = await buyer(wati, {
			kind: 'request',
			spaceId: seller.spaceId,
			input: {
				id,
				items: [{ productId: seller.product, qty }],
				neededBy: addDays(today, 14),
				deliveryAddress: 'Stasiun Tugu'
			}
		});
		const line = asked.lines[0].id;
		await push(seller, [
			[
				'procurement.quote',
				{
					id,
					prices: [{ lineId: line, price: 9_000 }],
					deliveryDate: addDays(today, 7),
					validUntil: addDays(today, 10)
				}
			]
		]);
		await buyer(wati, { kind: 'submit', input: { id, tempoDays: 14 } });
		// Wati may not approve her own request: Yono is another organisation's; a second PT KAI penyetuju is needed.
		await buyer(approver, { kind: 'decide', input: { id, decision: 'approve' } });
		const delivery = uuidv7();
		const invoice = uuidv7();
		await push(seller, [
			['procurement.acceptOrder', { id }],
			['procurement.ship', { id, deliveryId: delivery, method: 'own', items: [{ lineId: line, qty }] }]
		]);
		await buyer(wati, {
			kind: 'receive',
			input: {
				id,
				deliveryId: delivery,
				receivedOn: addDays(today, -daysAgo),
				items: [{ lineId: line, qty }],
				receiverName: 'Wati',
				receiverPosition: 'Staf'
			}
		});
		await push(seller, [['procurement.invoice', { id, invoiceId: invoice, items: [{ lineId: line, qty }] }]]);
		if (paid)
			await buyer(rudi, {
				kind: 'pay',
				input: { id, invoiceId: invoice, reference: 'TRF-1', paidOn: today }
			});
	}
	let approver: User;

	it('shows the figures the raw rows give, after orders, procurement steps and payments', async () => {
		approver = person('Bambang', 'buyer');
		await db
			.insertInto('users')
			.values({
				id: approver.id,
				name: approver.name,
				phone: approver.phone,
				pin_hash: 'x',
				role: 'buyer',
				created_at: new Date().toISOString()
			})
			.execute();
		await db
			.insertInto('organisation_members')
			.values({
				organisation_id: kai.id,
				user_id: approver.id,
				role: 'penyetuju',
				created_at: new Date().toISOString()
			})
			.execute();

		// Sales: two orders each, the second one of every other seller cancelled; one paid.
		for (const [i, seller] of sellers.entries()) {
			const [first, second] = [uuidv7(), uuidv7()];
			await push(seller, [
				[
					'order.create',
					{
						id: first,
						number: 'KP-1',
						items: [{ productId: seller.product, qty: 2, price: 10_000 }],
						buyer: { name: 'Pembeli' }
					}
				],
				[
					'order.create',
					{
						id: second,
						number: 'KP-2',
						items: [{ productId: seller.product, qty: 1 + i, price: 10_000 }],
						buyer: { name: 'Pembeli' }
					}
				],
				['order.pay', { id: first, paymentId: uuidv7(), amount: 20_000, method: 'cash' }],
				...(i % 2
					? [['order.transition', { id: second, from: 'new', to: 'cancelled' }] as [string, unknown]]
					: [])
			]);
		}
		// Institutional orders: every seller one, paid for the first four (BAST 0..3 days back), one more unpaid.
		for (const [i, seller] of sellers.entries()) await institutionalOrder(seller, 10 + i, i, i < 4);
		await institutionalOrder(sellers[0], 5, 0, false);

		const filters: DashboardFilters = { from: month, to: month, province: null, organisationId: null };
		const later = addDays(today, 30); // every 14-day invoice is past due by then
		const tables = new Map((await dashboardTables(db, filters, later)).map((table) => [table.id, table]));

		// Spend per month, from the raw documents and records.
		const paidRows = await db
			.selectFrom('procurement_documents')
			.select(['amount', 'paid_on'])
			.where('kind', '=', 'invoice')
			.where('paid_on', 'is not', null)
			.execute();
		const records = (await db.selectFrom('procurements').select(['status', 'data']).execute()).map((row) => ({
			status: row.status,
			...(JSON.parse(row.data) as Omit<Procurement, 'status'>)
		}));
		const committed = records
			.filter((record) => record.status === 'ordered' || record.status === 'accepted')
			.reduce(
				(sum, record) =>
					sum +
					record.order!.subtotal -
					record.invoices.filter((item) => item.paid).reduce((s, item) => s + item.amounts.subtotal, 0),
				0
			);
		const purchaseOrders = await db
			.selectFrom('procurement_documents')
			.select('id')
			.where('kind', '=', 'purchase_order')
			.execute();
		expect(tables.get('belanja-bulanan')!.rows).toEqual([
			[month, purchaseOrders.length, committed, paidRows.reduce((sum, row) => sum + Number(row.amount), 0)]
		]);
		expect(committed).toBeGreaterThan(0);

		// Per province: Sleman's six sellers are shown; Jakarta Selatan's one seller is "< 5".
		expect(tables.get('belanja-wilayah')!.rows).toEqual([
			['DKI Jakarta', 'Kota Administrasi Jakarta Selatan', '< 5', '< 5', '< 5'],
			['DI Yogyakarta', 'Kabupaten Sleman', 6 + 1, expect.any(Number), expect.any(Number)]
		]);

		// Sales recorded: every order not cancelled, from the raw orders.
		const sales = await db
			.selectFrom('orders')
			.select(['total'])
			.where('status', '!=', 'cancelled')
			.execute();
		expect(tables.get('penjualan-bulanan')!.rows).toEqual([
			[month, sellers.length, sales.length, sales.reduce((sum, row) => sum + Number(row.total), 0)]
		]);

		// Paying on time: days from BAST to paid, and what is past due by `later`.
		const bastOf = new Map(
			(
				await db
					.selectFrom('procurement_documents')
					.select(['procurement_id', 'issued_on'])
					.where('kind', '=', 'bast')
					.execute()
			).map((row) => [row.procurement_id, row.issued_on])
		);
		const invoices = await db
			.selectFrom('procurement_documents')
			.select(['procurement_id', 'paid_on', 'amount', 'due_on'])
			.where('kind', '=', 'invoice')
			.execute();
		const days = invoices
			.filter((row) => row.paid_on)
			.map((row) =>
				Math.round((Date.parse(row.paid_on!) - Date.parse(bastOf.get(row.procurement_id)!)) / 86_400_000)
			);
		const late = invoices.filter((row) => !row.paid_on && row.due_on! < later);
		expect(days).toEqual(expect.arrayContaining([0, 1, 2, 3]));
		expect(tables.get('pembayaran')!.rows).toEqual([
			[
				1,
				kai.name,
				days.length,
				nearestRank(days, 0.5),
				nearestRank(days, 0.9),
				late.length,
				late.reduce((sum, row) => sum + Number(row.amount), 0),
				late.map((row) => row.due_on).sort()[0]
			]
		]);

		// The target: PT KAI's spend of the year against PROCUREMENT_TARGETS.
		const [organisationRow] = tables.get('belanja-instansi')!.rows;
		const spent = (organisationRow[2] as number) + (organisationRow[3] as number);
		expect(organisationRow).toEqual([
			kai.name,
			purchaseOrders.length,
			committed,
			expect.any(Number),
			100_000_000,
			Math.floor((spent * 100) / 100_000_000)
		]);

		// Growth: seven registered on their own today, all active today (and none any more 30 days on).
		const [growth] = await dashboardTables(db, filters, today, ['pertumbuhan-provinsi']);
		expect(tables.get('pertumbuhan-provinsi')!.rows.map((row) => row[4])).toEqual([0, 0]);
		expect(growth.rows).toEqual([
			['DI Yogyakarta', 6, 0, 6, 6],
			['DKI Jakarta', '< 5', 0, '< 5', '< 5']
		]);
	});

	it('lets an organisation see only its own figures', async () => {
		const page = async (user: User, query: string) => {
			const browser = new PortalBrowser(context.server.url);
			expect((await browser.login(user.phone, '123456')).status).toBe(303);
			return (await browser.get(`/portal/pantauan${query}`)).status;
		};
		expect(await page(rudi, `?organisasi=${kai.id}`)).toBe(200);
		expect(await page(rudi, `?organisasi=${dks.id}`)).toBe(403);
		expect(await page(rudi, '')).toBe(403);
		expect(await page(yono, `?organisasi=${kai.id}`)).toBe(403);
		expect(await page(yono, `?organisasi=${dks.id}`)).toBe(200);
		expect(await page(tono, `?organisasi=${kai.id}`)).toBe(403);
		expect(await page(mira, '')).toBe(200);
		const browser = new PortalBrowser(context.server.url);
		await browser.login(rudi.phone, '123456');
		expect((await browser.get(`/portal/pantauan/belanja-bulanan.csv?organisasi=${dks.id}`)).status).toBe(403);
		expect((await browser.get('/portal/pantauan/laporan.xlsx')).status).toBe(403);
		// the national tables are not an organisation's
		expect((await browser.get(`/portal/pantauan/pertumbuhan-provinsi.csv?organisasi=${kai.id}`)).status).toBe(
			404
		);
	});

	it('puts the same numbers on the page, in the CSV and in the workbook', async () => {
		const browser = new PortalBrowser(context.server.url);
		await browser.login(mira.phone, '123456');
		const query = `?dari=${month}&sampai=${month}&provinsi=34`;
		const page = (await browser.get(`/portal/pantauan${query}`)).html;
		// The monthly spend's own table on the page (not another table that happens to hold the same figure).
		const html = page.slice(
			page.indexOf('id="belanja-bulanan-title"'),
			page.indexOf('</article>', page.indexOf('id="belanja-bulanan-title"'))
		);
		expect(html).toContain('<table');
		const csv = await browser.get(`/portal/pantauan/belanja-bulanan.csv${query}`);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const [header, row] = csv.html.trim().split('\r\n').map(csvFields);
		expect(header).toEqual(['Bulan', 'Pesanan', 'Sudah dipesan, belum dibayar', 'Sudah dibayar']);
		const [, orders, committed, paid] = row.map(Number);
		expect(orders).toBe(7);
		for (const figure of [formatRupiah(committed), formatRupiah(paid)])
			expect(html).toContain(`>${figure}</td>`);

		const xlsx = await browser.get(`/portal/pantauan/laporan.xlsx${query}`);
		expect(xlsx.status).toBe(200);
		const raw = await fetch(`${context.server.url}/portal/pantauan/laporan.xlsx${query}`, {
			headers: { cookie: `session=${browser.cookie}` }
		});
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await raw.arrayBuffer());
		const sheet = book.worksheets.find((item) => item.name === 'Belanja per bulan')!;
		const values = (sheet.getRow(5).values as unknown[]).slice(1);
		expect(values).toEqual([month, orders, committed, paid]);
		expect(book.worksheets).toHaveLength(10);
	});
});
