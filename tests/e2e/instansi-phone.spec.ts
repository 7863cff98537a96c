import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { uuidv7 } from '../../src/lib/domain/ids';
import { createAccount } from '../helpers/admin';
import { Device, registerSeller, type Seller } from '../helpers/client';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { freshPhone, newPhoneContext, setOffline, waitForServiceWorker, waitUntilSent } from './helpers';
import { loginOnPhone, pushAll, SEED_PIN } from './seed';
import {
	closeSeeding,
	seedInstitution,
	seedOrder,
	seedPayment,
	seedReceipt,
	seedRequest,
	seedSupplier,
	storedProcurement,
	type Institution
} from './seed-procurement';

/**
 * The seller's side of an institution's order, on a server of this file's own: the institution's steps are
 * taken on its database (seed-procurement.ts), the seller's on the phone, offline where a village seller
 * would be.
 */
let database: TestDatabase;
let server: TestServer;
let institution: Institution;
let seller: Seller;
const productId = uuidv7();

test.beforeAll(async () => {
	test.setTimeout(120_000);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	// The lender of invoice financing (its list reaches the phone with the login).
	await createAccount(database, 'lender', 'Bank Desa Sejahtera', freshPhone(), SEED_PIN);
	seller = await registerSeller(server.url, 'Sari', 'Warung Sari');
	const device = new Device(seller.api);
	await pushAll(device, [
		device.mutation('product.put', seller.spaceId, {
			id: productId,
			name: 'Keripik singkong 250 g',
			price: 12_000,
			unit: 'bungkus',
			stock: 500
		})
	]);
	await seedSupplier(device, seller.spaceId, true);
	institution = await seedInstitution(database);
});

test.afterAll(async () => {
	await closeSeeding(institution);
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((violation) => ({
			id: violation.id,
			help: violation.help,
			nodes: violation.nodes.map((node) => node.target.join(' '))
		}))
	).toEqual([]);
}

test('a seller quotes offline, accepts and ships the Surat Pesanan offline, invoices what the BAST counted, asks for financing and sees it paid', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const asked = await seedRequest(institution, seller.spaceId, productId);
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await loginOnPhone(page, seller.phone);
	await waitForServiceWorker(page);

	// The seller finds it under Pesanan, with what waits for an answer.
	await page.goto('/app/pesanan');
	const link = page.getByRole('link', { name: /Pesanan instansi/ });
	await expect(link).toContainText('1 perlu dijawab');
	await link.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pesanan instansi' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: /Perlu penawaran/ })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: /PT Kereta Api Indonesia/ }).click();
	const status = page.getByTestId('procurement-status');
	await expect(status).toHaveText('Minta penawaran');
	await expect(page.getByText('Stasiun Tugu, Jl. Mangkubumi No. 1, Yogyakarta')).toBeVisible();
	await expectNoAxeViolations(page);

	// Offline, the quotation: prices per item, the totals with PPN (the seller is PKP) before sending.
	await setOffline(context, true);
	await page.getByLabel('Harga per bungkus: Keripik singkong 250 g').fill('11000');
	await page.getByLabel('Harga per pcs: Kardus kemasan besar').fill('2500');
	// 100 × 11.000 + 10 × 2.500 = 1.125.000; PPN 11 % = 123.750
	const totals = page.getByTestId('quote-totals');
	await expect(totals).toContainText('Rp1.125.000');
	await expect(totals).toContainText('Rp123.750');
	await expect(totals).toContainText('Rp1.248.750');
	await page.getByRole('button', { name: 'Kirim penawaran' }).click();
	await expect(status).toHaveText('Penawaran terkirim');
	await expect(page.getByText('menunggu dikirim').first()).toBeVisible();

	await setOffline(context, false);
	await waitUntilSent(page);
	await expect(page.getByText('menunggu dikirim')).toHaveCount(0);
	const quoted = await storedProcurement(institution, asked.id);
	expect(quoted.status).toBe('quoted');
	expect(quoted.quotation?.total).toBe(1_125_000);

	// The institution submits and approves: the Surat Pesanan reaches the phone.
	const ordered = await seedOrder(institution, asked.id);
	await page.reload();
	await expect(status).toHaveText('Surat Pesanan masuk');
	await expect(page.getByText(ordered.order!.number)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Lihat Surat Pesanan' })).toHaveAttribute(
		'href',
		`/app/dokumen/${asked.id}/${asked.id}`
	);

	// Offline again: accept it, and send part of it by courier.
	await setOffline(context, true);
	await page.getByRole('button', { name: 'Terima Surat Pesanan' }).click();
	await expect(status).toHaveText('Sedang dikirim');
	await expect(page.getByText('menunggu dikirim').first()).toBeVisible();
	await page.getByLabel('Nama kurir').fill('JNE');
	await page.getByLabel('Nomor resi').fill('JNE0012345678');
	await page.getByLabel(/Dikirim sekarang: Kardus kemasan besar/).fill('4');
	await page.getByRole('button', { name: 'Catat pengiriman' }).click();
	await expect(page.getByText('Menunggu BAST dari instansi')).toBeVisible();
	await expect(page.getByText(/JNE, resi JNE0012345678/)).toBeVisible();
	// 6 boxes are still to send
	await expect(page.getByLabel(/Dikirim sekarang: Kardus kemasan besar \(sisa 6 pcs\)/)).toBeVisible();
	await expectNoAxeViolations(page);

	await setOffline(context, false);
	await waitUntilSent(page);
	const shipped = await storedProcurement(institution, asked.id);
	expect(shipped.status).toBe('accepted');
	expect(shipped.deliveries.map((delivery) => delivery.items.map((item) => item.qty))).toEqual([[100, 4]]);

	// The institution signs the BAST; the seller sees the invoice's amounts before sending it.
	await seedReceipt(institution, asked.id);
	await page.reload();
	await expect(page.getByText(/^BAST BAST\/.+: diterima/)).toBeVisible();
	// 100 × 11.000 + 4 × 2.500 = 1.110.000; PPN 11 % 122.100; PPh 1,5 % 16.650; to be paid 1.215.450
	const draft = page.getByTestId('invoice-draft');
	await expect(draft).toContainText('Rp1.110.000');
	await expect(draft).toContainText('Rp122.100');
	await expect(draft).toContainText('Rp16.650');
	await expect(draft).toContainText('Rp1.215.450');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Kirim tagihan' }).click();
	const invoice = page.getByTestId('invoice');
	await expect(invoice).toContainText('Belum dibayar');
	await expect(invoice).toContainText('Rp1.215.450');
	await waitUntilSent(page);
	// The number is the server's.
	await expect(invoice).toContainText(/TGH\/[A-Z0-9]+\/\d{4}\/00001/);
	await expect(page.getByRole('link', { name: 'Lihat tagihan' })).toBeVisible();

	// Invoice financing, offline: the most one may ask and the fee are shown before asking.
	await setOffline(context, true);
	await page.getByRole('button', { name: 'Ajukan pembiayaan tagihan' }).click();
	await page.getByRole('radio', { name: /Bank Desa Sejahtera/ }).check();
	// 80 % of Rp1.215.450 = Rp972.360; 1,5 % for the one month to the due date, rounded up: Rp14.586
	const offer = page.getByTestId('advance-offer');
	await expect(offer).toContainText('Rp972.360');
	await expect(offer).toContainText('Rp14.586');
	await expect(offer).toContainText('Rp957.774');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Ajukan pembiayaan', exact: true }).click();
	await expect(page.getByTestId('advance-state')).toHaveText(
		'Diajukan ke Bank Desa Sejahtera: Rp972.360, menunggu keputusan'
	);
	await expect(page.getByText('menunggu dikirim').first()).toBeVisible();
	await setOffline(context, false);
	await waitUntilSent(page);
	await expect(page.getByText('menunggu dikirim')).toHaveCount(0);
	const advances = await institution.db
		.selectFrom('invoice_advances')
		.selectAll()
		.where('procurement_id', '=', asked.id)
		.execute();
	expect(advances.map((row) => [row.status, JSON.parse(row.data).amount])).toEqual([['requested', 972_360]]);

	// Beranda: the money waiting from institutions and its due date.
	await page.goto('/app');
	await expect(page.getByTestId('institution-money')).toHaveText('Rp1.215.450');
	await expect(page.getByText(/Jatuh tempo berikutnya/)).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: /Uang dari instansi/ }).click();
	await expect(page.getByRole('heading', { level: 2, name: /Perlu diproses/ })).toBeVisible();

	// Keuangan pays: the seller sees it paid, and Beranda has no money waiting any more.
	await seedPayment(institution, asked.id);
	await page.goto(`/app/instansi/${asked.id}`);
	await expect(invoice).toContainText('Dibayar');
	await expect(invoice).toContainText('bukti TRF-BRI-7781');
	await page.goto('/app');
	await expect(page.getByRole('link', { name: /Catat penjualan/ }).first()).toBeVisible();
	await expect(page.getByTestId('institution-money')).toHaveCount(0);
	await context.close();
});

test('the legal data form checks each field with a plain message and saves offline', async ({ browser }) => {
	const other = await registerSeller(server.url, 'Sari', 'Toko Sari Baru');
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await loginOnPhone(page, other.phone);
	await waitForServiceWorker(page);
	await page.goto('/app/pengaturan');
	await setOffline(context, true);
	await page.getByRole('switch', { name: 'Terima pesanan instansi' }).check();
	await expect(page.getByTestId('supplier-state')).toContainText(
		'Belum lengkap: NIB, NPWP, NITKU, rekening bank'
	);
	await page.getByLabel('NIB (13 angka)').fill('12345');
	await page.getByLabel('NPWP usaha (16 angka)').fill('01.234.567.8-912.000');
	await page.getByLabel('NITKU (22 angka)').fill('9999999999999999000000');
	await page.getByLabel('Nama bank').fill('BRI');
	await page.getByRole('button', { name: 'Simpan data usaha' }).click();
	await expect(page.getByText('NIB harus 13 angka')).toBeVisible();
	await expect(page.getByText('NITKU harus diawali dengan NPWP usaha ini.')).toBeVisible();
	await expect(
		page.getByText('Isi nama bank, nomor rekening, dan nama pemilik rekening, atau kosongkan ketiganya.')
	).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByLabel('NIB (13 angka)').fill('9120001234567');
	// The old 15-digit NPWP becomes 16 digits with a leading 0.
	await page.getByLabel('NITKU (22 angka)').fill('0012345678912000000000');
	await page.getByLabel('Nomor rekening').fill('0123-01-000123-45-6');
	await page.getByLabel('Nama pemilik rekening').fill('Sari Wulandari');
	await page.getByText('Ya, PKP').click();
	await page.getByText('Mikro').click();
	await page.getByRole('button', { name: 'Simpan data usaha' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Tersimpan di HP.' })).toBeVisible();
	await expect(page.getByTestId('supplier-state')).toHaveText(
		'Data usaha lengkap. Anda bisa memberi penawaran ke instansi.'
	);
	await expect(page.getByText('menunggu dikirim').first()).toBeVisible();

	await setOffline(context, false);
	await waitUntilSent(page);
	const pulled = await new Device(other.api).pullAll();
	const profile = pulled.pages
		.flatMap((answer) => Object.values(answer.spaces).flatMap((space) => space.changes))
		.find((change) => change.entity === 'supplier')?.value as Record<string, unknown>;
	expect(profile).toMatchObject({
		acceptsInstitutional: true,
		nib: '9120001234567',
		npwp: '0012345678912000',
		nitku: '0012345678912000000000',
		pkp: true,
		size: 'mikro',
		bank: { bank: 'BRI', accountNumber: '012301000123456', holder: 'Sari Wulandari' }
	});
	await context.close();
});
