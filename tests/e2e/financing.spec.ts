import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { runAdmin } from '../helpers/admin';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { freshPhone, newPhoneContext, registerSeller, waitForServiceWorker, waitUntilSent } from './helpers';

const PHOTO = fileURLToPath(new URL('../fixtures/warung-4000x3000-gps.jpg', import.meta.url));

/** A month at least a year back, `YYYY-MM`: a business that has run long enough. */
function monthsAgo(months: number): string {
	const date = new Date();
	date.setUTCDate(1);
	date.setUTCMonth(date.getUTCMonth() - months);
	return date.toISOString().slice(0, 7);
}
const STARTED = monthsAgo(14);

/**
 * A server of this file's own: the lender's account is made with the admin command line, which needs the
 * server's database at hand (the shared end-to-end server keeps its own out of reach).
 */
let database: TestDatabase;
let server: TestServer;
const LENDER_PHONE = freshPhone();
const LENDER_PIN = '135790';

test.beforeAll(async () => {
	test.setTimeout(120_000);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	const created = await runAdmin(
		database,
		[
			'create-user',
			'--role',
			'lender',
			'--name',
			'Bank Desa Sejahtera',
			'--phone',
			LENDER_PHONE,
			'--pin',
			LENDER_PIN
		],
		{ npm: true }
	);
	expect(created.code, created.stderr).toBe(0);
});

test.afterAll(async () => {
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

/** Waits until what was typed is in the phone's database (the form says "Tersimpan di HP"). */
async function expectSavedOnPhone(page: Page): Promise<void> {
	await expect(page.getByTestId('draft-state')).toContainText('Tersimpan di HP');
}

async function next(page: Page, heading: string): Promise<void> {
	await page.getByRole('button', { name: 'Lanjut' }).click();
	await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
}

function documentGroup(page: Page, name: string) {
	return page.getByRole('group', { name });
}

test('a seller fills the KUR form offline across an app restart, submits it when the signal returns, and sees the lender approve it', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const context = await newPhoneContext(browser, server.url);
	let page = await context.newPage();
	await registerSeller(page, freshPhone());
	await waitForServiceWorker(page);
	await context.setOffline(true);

	await page
		.getByRole('navigation', { name: 'Menu utama' })
		.getByRole('link', { name: 'Pembiayaan' })
		.click();
	await expect(page.getByRole('heading', { name: 'Pembiayaan', level: 1 })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Mulai isi formulir' }).click();

	// Step 1, the loan, with the installment worked out as it is typed.
	await expect(page.getByRole('heading', { name: 'Pinjaman', level: 2 })).toBeVisible();
	await page.getByRole('radio', { name: /^KUR Mikro/ }).check();
	// The lenders came with the login; each says which KUR it offers.
	const lenders = page.getByRole('group', { name: 'Dikirim ke pemberi pembiayaan mana?' });
	await expect(lenders.getByRole('radio', { name: /^Bank Desa Sejahtera/ })).toBeEnabled();
	await expect(lenders).toContainText('Melayani KUR Super Mikro, KUR Mikro, KUR Kecil');
	await lenders.getByRole('radio', { name: /^Bank Desa Sejahtera/ }).check();
	await page.getByLabel('Jumlah pinjaman (Rp)').fill('20000000');
	await page.getByRole('radio', { name: /^Modal kerja/ }).check();
	await page.getByLabel('Lama cicilan (bulan)').fill('24');
	await expect(page.getByTestId('installment')).toHaveText(
		'Cicilan sekitar Rp886.412 per bulan, total Rp21.273.888 (bunga 6% per tahun)'
	);
	await expectSavedOnPhone(page);
	await expectNoAxeViolations(page);

	// Step 2, personal data; the NIK is read as it is typed.
	await next(page, 'Data diri');
	await page.getByLabel('Nama lengkap sesuai KTP').fill('Sari Wulandari');
	await page.getByLabel('NIK (16 angka di KTP)').fill('3201015708850002');
	await expect(page.getByTestId('nik-facts')).toHaveText('Jawa Barat · lahir 17 Agu 1985');
	await page.getByLabel('Tanggal lahir').fill('1985-08-17');
	await page.getByRole('radio', { name: 'Menikah', exact: true }).check();
	await page.getByLabel('Alamat rumah').fill('Jl. Melati 3, RT 02/RW 05, Desa Sukamaju');
	await expectSavedOnPhone(page);
	await expect(page.getByTestId('draft-state')).toContainText('menunggu dikirim');
	await expectNoAxeViolations(page);

	// The app is killed; a new page, still without signal, finds every field where it was.
	await page.close();
	page = await context.newPage();
	await page.goto('/app/pembiayaan');
	await expect(page.getByRole('heading', { name: 'Pinjaman', level: 2 })).toBeVisible();
	await expect(page.getByRole('radio', { name: /^KUR Mikro/ })).toBeChecked();
	await expect(page.getByRole('radio', { name: /^Bank Desa Sejahtera/ })).toBeChecked();
	await expect(page.getByLabel('Jumlah pinjaman (Rp)')).toHaveValue('20.000.000');
	await expect(page.getByRole('radio', { name: /^Modal kerja/ })).toBeChecked();
	await expect(page.getByLabel('Lama cicilan (bulan)')).toHaveValue('24');
	await next(page, 'Data diri');
	await expect(page.getByLabel('Nama lengkap sesuai KTP')).toHaveValue('Sari Wulandari');
	await expect(page.getByLabel('NIK (16 angka di KTP)')).toHaveValue('3201015708850002');
	await expect(page.getByLabel('Tanggal lahir')).toHaveValue('1985-08-17');
	await expect(page.getByRole('radio', { name: 'Menikah', exact: true })).toBeChecked();
	await expect(page.getByLabel('Alamat rumah')).toHaveValue('Jl. Melati 3, RT 02/RW 05, Desa Sukamaju');

	// Step 3, the business.
	await next(page, 'Usaha');
	await page.getByLabel('Nama usaha').fill('Warung Bu Sari');
	await page.getByLabel('Jenis usaha').fill('Warung kelontong');
	await page.getByLabel('Usaha mulai sejak (bulan dan tahun)').fill(STARTED);
	// Half a number is not a value yet, but it is kept on the phone as typed all the same.
	await page.getByLabel('NIB (13 angka)').fill('912000');
	await expectSavedOnPhone(page);
	await page.reload();
	await expect(page.getByLabel('NIB (13 angka)')).toHaveValue('912000');
	await expect(page.getByLabel('Usaha mulai sejak (bulan dan tahun)')).toHaveValue(STARTED);
	await page.getByLabel('NIB (13 angka)').fill('9120001234567');
	await page.getByLabel('Omzet per bulan (Rp)').fill('15.000.000');
	await page.getByLabel('Jumlah karyawan').fill('1');
	await expect(page.getByLabel(/NPWP/)).toHaveCount(0);
	await expectSavedOnPhone(page);
	await expectNoAxeViolations(page);

	// Step 4, the documents: compressed on the phone and kept there until they can be sent.
	await next(page, 'Dokumen');
	await documentGroup(page, 'Foto KTP').getByLabel('Pilih dari galeri').setInputFiles(PHOTO);
	await expect(page.getByRole('img', { name: 'Foto KTP yang tersimpan' })).toBeVisible();
	await documentGroup(page, 'Foto tempat usaha').getByLabel('Pilih dari galeri').setInputFiles(PHOTO);
	await expect(page.getByRole('img', { name: 'Foto tempat usaha yang tersimpan' })).toBeVisible();
	await expect(documentGroup(page, 'Foto KTP').getByText('menunggu dikirim')).toBeVisible();
	await expect(documentGroup(page, 'Foto tempat usaha').getByText('menunggu dikirim')).toBeVisible();
	await expectSavedOnPhone(page);
	await expectNoAxeViolations(page);

	// Step 5, the check in plain words, the sales record, and "Ajukan".
	await next(page, 'Periksa & kirim');
	const checks = page.getByRole('region', { name: 'Syarat pengajuan' }).getByRole('listitem');
	await expect(checks.first()).toBeVisible();
	for (const item of await checks.all()) await expect(item).toContainText('✓');
	await expect(page.getByText('Ini diambil dari pesanan yang Anda catat', { exact: false })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Semua syarat terpenuhi' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Ajukan' }).click();

	const status = page.getByTestId('financing-status');
	await expect(status).toContainText('Menunggu dikirim — akan diajukan saat ada sinyal');
	await expectNoAxeViolations(page);

	// The signal comes back: the documents, the form and the submission are sent, in that order.
	await context.setOffline(false);
	await waitUntilSent(page);
	await expect(status.getByRole('heading', { name: 'Diajukan' })).toBeVisible();
	await expect(page.getByTestId('financing-lender')).toHaveText('Dikirim ke Bank Desa Sejahtera');
	await expect(page.getByRole('alert')).toHaveCount(0);

	// A lender, on a computer elsewhere, approves it with a note.
	const office = await browser.newContext({ baseURL: server.url, locale: 'id-ID' });
	const lender = await office.newPage();
	await lender.goto('/portal');
	await lender.getByLabel('Nomor HP').fill(LENDER_PHONE);
	await lender.getByLabel('PIN (6 angka)').fill(LENDER_PIN);
	await lender.getByRole('button', { name: 'Masuk' }).click();
	await lender.getByRole('link', { name: 'Warung Bu Sari' }).click();
	await expect(lender.getByRole('heading', { level: 1, name: 'Warung Bu Sari' })).toBeVisible();
	await lender
		.getByLabel('Catatan untuk penjual (boleh kosong)')
		.fill('Silakan datang ke kantor kami hari Senin.');
	await lender.getByRole('button', { name: 'Setujui' }).click();
	await expect(lender.getByRole('status')).toHaveText(/Tersimpan: pengajuan disetujui/);
	await office.close();

	// The seller's phone hears of it at the next sync.
	await expect(status.getByRole('heading', { name: 'Disetujui' })).toBeVisible();
	await expect(page.getByTestId('lender-note')).toHaveText('Silakan datang ke kantor kami hari Senin.');
	await expect(page.getByTestId('financing-history')).toContainText('Disetujui — Bank Desa Sejahtera');
	await expectNoAxeViolations(page);
	await context.close();
});
