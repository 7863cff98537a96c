import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Kysely } from 'kysely';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import { normalizePhone } from '../../src/lib/domain/phone';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { createAccount } from '../helpers/admin';
import { Device, newPhone, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { addMemberCommand, createOrganisationCommand, insertQuotationRequest } from '../helpers/pengadaan';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { pushAll } from './seed';

/**
 * The buying organisation's pages at 360 px on a server of its own (its people are made with the admin
 * command line, which needs the server's database at hand): a pemesan sends the purchase request, a
 * penyetuju approves it, the pemesan signs the BAST, keuangan pays, the organisation's admin adds a person;
 * axe on every page. The seller's steps are pushed as their phone would push them.
 */
let database: TestDatabase;
let server: TestServer;
let db: Kysely<Database>;
let seller: Seller;
let phone: Device;
let request: Procurement;
const PIN = '135790';
const today = jakartaDay(new Date().toISOString());
const wati = { name: 'Wati Susanti', phone: newPhone(), pin: PIN };
const bambang = { name: 'Bambang', phone: newPhone(), pin: PIN };
const rudi = { name: 'Rudi', phone: newPhone(), pin: PIN };
const adminPhone = newPhone();

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	db = openDatabase(database);
	await createOrganisationCommand(database, 'PT Kereta Api Indonesia (Persero)', 'PTKAI');
	await addMemberCommand(database, 'PTKAI', wati, ['pemesan', 'admin']);
	await addMemberCommand(database, 'PTKAI', bambang, ['penyetuju']);
	await addMemberCommand(database, 'PTKAI', rudi, ['keuangan']);
	await createAccount(database, 'admin', 'Admin Program', adminPhone, PIN);
	seller = await registerSeller(server.url, 'Sari', 'Warung Sari Makmur Sejahtera');
	phone = new Device(seller.api);
	const productId = uuidv7();
	await pushAll(phone, [
		phone.mutation('product.put', seller.spaceId, {
			...productArgs({
				id: productId,
				name: 'Keripik singkong balado kemasan 250 gram',
				unit: 'bungkus',
				price: 12_000
			}),
			stock: 500
		}),
		phone.mutation('supplier.put', seller.spaceId, {
			acceptsInstitutional: true,
			nib: '1234567890123',
			npwp: '01.234.567.8-912.000',
			nitku: '0012345678912000000000',
			pkp: true,
			bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Sari Wulandari' }
		})
	]);
	const pemesan = await db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('phone', '=', normalizePhone(wati.phone)!)
		.executeTakeFirstOrThrow();
	const organisation = await db
		.selectFrom('organisations')
		.select(['id', 'name'])
		.where('code', '=', 'PTKAI')
		.executeTakeFirstOrThrow();
	const product = {
		id: productId,
		name: 'Keripik singkong balado kemasan 250 gram',
		unit: 'bungkus',
		active: true
	};
	request = await insertQuotationRequest(db, pemesan, organisation, seller.spaceId, [product], {
		id: uuidv7(),
		items: [
			{ productId, qty: 100 },
			{ name: 'Kardus kemasan ukuran besar', unit: 'pcs', qty: 10 }
		],
		neededBy: addDays(today, 14),
		deliveryAddress: 'Stasiun Tugu, Jl. Mangkubumi, Yogyakarta'
	});
	const [chips, boxes] = request.lines;
	await pushAll(phone, [
		phone.mutation('procurement.quote', seller.spaceId, {
			id: request.id,
			prices: [
				{ lineId: chips.id, price: 11_000 },
				{ lineId: boxes.id, price: 2_500 }
			],
			deliveryDate: addDays(today, 7),
			validUntil: addDays(today, 10)
		})
	]);
});

test.afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations, what).toEqual([]);
}

/** Nothing sticks out sideways at 360 px. */
async function expectFits(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

async function logIn(page: Page, phoneNumber: string): Promise<void> {
	await page.goto(`${server.url}/portal/masuk`);
	await page.getByLabel('Nomor HP').fill(phoneNumber);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
}

async function logOut(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Keluar' }).click();
	await expect(page.getByRole('heading', { name: 'Masuk ke portal' })).toBeVisible();
}

test('a pemesan sends the quotation on, a penyetuju approves, the pemesan signs the BAST, keuangan pays', async ({
	page
}) => {
	const year = today.slice(0, 4);
	await logIn(page, wati.phone);
	await expect(page).toHaveURL(`${server.url}/portal/pengadaan`);
	await expect(page.getByRole('heading', { level: 1, name: 'Pengadaan' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Cari barang UMKM' })).toHaveAttribute(
		'href',
		'/portal/pengadaan/cari'
	);
	const quotedStage = page.getByRole('region', { name: 'Penawaran masuk (1)' });
	await expect(quotedStage.getByText('Rp1.125.000')).toBeVisible();
	await expectFits(page);
	await expectNoAxeViolations(page, 'buyer home');

	await quotedStage.getByRole('link', { name: 'Warung Sari Makmur Sejahtera' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Warung Sari Makmur Sejahtera' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Rp1.100.000' })).toBeVisible();
	await expectFits(page);
	await expectNoAxeViolations(page, 'request with a quotation');
	await page.getByLabel('Tempo pembayaran').selectOption({ label: '60 hari' });
	await page.getByLabel('Catatan untuk penyetuju (boleh kosong)').fill('Untuk rapat akhir tahun');
	await page.getByRole('button', { name: 'Ajukan ke penyetuju' }).click();
	await expect(page.getByRole('status')).toContainText('diajukan ke penyetuju');
	await expect(page.getByText('penyetuju lain yang memutuskan')).toHaveCount(0);
	await logOut(page);

	await logIn(page, bambang.phone);
	await page.getByRole('region', { name: 'Menunggu persetujuan (1)' }).getByRole('link').click();
	await expectNoAxeViolations(page, 'purchase request for the approver');
	await page.getByRole('button', { name: 'Setuju' }).click();
	await expect(page.getByRole('status')).toContainText('keputusan Anda dicatat');
	await expect(page.getByText(`SP/PTKAI/${year}/00001`, { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: `Buka dokumen SP/PTKAI/${year}/00001` })).toHaveAttribute(
		'href',
		`/portal/dokumen/${request.id}`
	);
	await logOut(page);

	const [chips, boxes] = request.lines;
	const delivery = uuidv7();
	await pushAll(phone, [
		phone.mutation('procurement.acceptOrder', seller.spaceId, { id: request.id }),
		phone.mutation('procurement.ship', seller.spaceId, {
			id: request.id,
			deliveryId: delivery,
			method: 'own',
			items: [
				{ lineId: chips.id, qty: 100 },
				{ lineId: boxes.id, qty: 10 }
			]
		})
	]);
	await logIn(page, wati.phone);
	await page.getByRole('region', { name: 'Dikirim (1)' }).getByRole('link').click();
	await expectFits(page);
	await expectNoAxeViolations(page, 'delivery with the BAST form');
	await page.getByLabel(/Keripik singkong balado kemasan 250 gram: jumlah diterima/).fill('95');
	await page.getByLabel('Nama penerima').fill('Wati Susanti');
	await page.getByLabel('Jabatan penerima').fill('Staf Pengadaan');
	await page.getByRole('button', { name: 'Simpan BAST' }).click();
	await expect(page.getByRole('status')).toContainText('BAST dibuat');
	await expect(page.getByText(`BAST BAST/PTKAI/${year}/00001`)).toBeVisible();

	// the organisation's admin (Wati) adds a person
	await page.goto(`${server.url}/portal/pengadaan`);
	await page.getByRole('link', { name: 'Atur orang di instansi' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Orang di instansi' })).toBeVisible();
	await expectFits(page);
	await expectNoAxeViolations(page, 'people of the organisation');
	await page.getByLabel('Nama').fill('Dewi Lestari');
	await page.getByLabel('Nomor HP').fill(newPhone());
	await page.getByLabel('PIN awal (6 angka, untuk akun baru)').fill('246810');
	await page.getByRole('checkbox', { name: 'Penyetuju' }).check();
	await page.getByRole('checkbox', { name: 'Pemesan' }).uncheck();
	await page.getByRole('button', { name: 'Simpan orang dan peran' }).click();
	await expect(page.getByRole('status')).toContainText('sudah ditambahkan');
	await expect(page.getByRole('button', { name: 'Cabut peran Penyetuju dari Dewi Lestari' })).toBeVisible();
	await logOut(page);

	await pushAll(phone, [
		phone.mutation('procurement.invoice', seller.spaceId, {
			id: request.id,
			invoiceId: uuidv7(),
			items: [
				{ lineId: chips.id, qty: 95 },
				{ lineId: boxes.id, qty: 10 }
			]
		})
	]);
	await logIn(page, rudi.phone);
	await page.getByRole('link', { name: 'Tagihan yang harus dibayar' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tagihan yang belum dibayar' })).toBeVisible();
	// 95 × 11.000 + 10 × 2.500 = 1.070.000; + PPN 117.700 − PPh 16.050 = 1.171.650
	await expect(page.getByText('Rp1.171.650', { exact: true })).toBeVisible();
	await expectFits(page);
	await expectNoAxeViolations(page, 'open invoices');
	await page.getByRole('link', { name: /Lihat dan bayar/ }).click();
	await page.getByLabel('Nomor bukti transfer').fill('TRF-20261208-01');
	await page.getByRole('button', { name: 'Tandai lunas (Rp1.171.650)' }).click();
	await expect(page.getByRole('status')).toContainText('tercatat lunas');
	await expect(page.getByText(/bukti transfer TRF-20261208-01/)).toBeVisible();
	await expectNoAxeViolations(page, 'paid invoice');
	await logOut(page);
});

test('the admin makes an organisation and its people at 360 px', async ({ page }) => {
	await logIn(page, adminPhone);
	await expect(page).toHaveURL(`${server.url}/portal/admin`);
	const section = page.getByRole('region', { name: 'Instansi pembeli' });
	await expect(section.getByRole('link', { name: 'PT Kereta Api Indonesia (Persero)' })).toBeVisible();
	await expectFits(page);
	await expectNoAxeViolations(page, 'admin home with organisations');
	await page.getByLabel('Nama instansi').fill('Pemerintah Kabupaten Sleman');
	await page.getByLabel('Jenis instansi').selectOption({ label: 'Pemerintah daerah' });
	await page.getByLabel('NPWP instansi').fill('00.123.456.7-012.000');
	await page.getByLabel('Alamat', { exact: true }).fill('Jl. Parasamya, Beran, Tridadi, Sleman');
	await page.getByLabel('Kode untuk nomor surat').fill('PTKAI');
	await page.getByRole('button', { name: 'Tambah instansi' }).click();
	await expect(page.getByRole('alert')).toContainText('Kode ini sudah dipakai');
	await page.getByLabel('Kode untuk nomor surat').fill('SLEMAN');
	await page.getByRole('button', { name: 'Tambah instansi' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pemerintah Kabupaten Sleman' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Instansi sudah dibuat');
	await expectFits(page);
	await expectNoAxeViolations(page, 'organisation page of the admin');
	await page.getByLabel('Nama').fill('Yono');
	await page.getByLabel('Nomor HP').fill(newPhone());
	await page.getByLabel('PIN awal (6 angka, untuk akun baru)').fill('246810');
	await page.getByRole('checkbox', { name: 'Admin instansi' }).check();
	await page.getByRole('button', { name: 'Simpan orang dan peran' }).click();
	await expect(page.getByRole('button', { name: 'Cabut peran Admin instansi dari Yono' })).toBeVisible();
});
