import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createAccount } from '../helpers/admin';
import { Device, newPhone, registerSeller, type Seller } from '../helpers/client';
import { NIK, NIK_MASKED, pullApplications, submittedApplication } from '../helpers/financing';
import { sha256, tinyPng, tinyWebp } from '../helpers/images';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';

/**
 * The lender's portal on a server of its own: the lender's account is made with the admin command line,
 * which needs the server's database at hand (the shared end-to-end server keeps its own out of reach).
 */
let database: TestDatabase;
let server: TestServer;
let seller: Seller;
let applicationId: string;
const lenderPhone = newPhone();
const PIN = '135790';

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	await createAccount(database, 'lender', 'Bank Desa Sejahtera', lenderPhone, PIN);
	seller = await registerSeller(server.url, 'Sari', 'Warung Sari');
	const document = (bytes: Buffer, type: string) => ({ bytes, hash: sha256(bytes), type });
	({ id: applicationId } = await submittedApplication(new Device(seller.api), seller.spaceId, {
		ktp: document(tinyPng, 'image/png'),
		business: document(tinyWebp, 'image/webp')
	}));
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations, what).toEqual([]);
}

/** Nothing sticks out sideways: the page fits the screen it is on. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('a lender logs in, finds the submitted application with the NIK masked, and approves it with a note', async ({
	page
}) => {
	await page.goto(`${server.url}/portal`);
	await expect(page.getByRole('heading', { name: 'Masuk ke portal' })).toBeVisible();
	await page.getByLabel('Nomor HP').fill(lenderPhone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();

	await expect(page).toHaveURL(`${server.url}/portal/pembiayaan`);
	await expect(page.getByRole('heading', { level: 1, name: 'Pengajuan pembiayaan' })).toBeVisible();
	const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Warung Sari' }) });
	await expect(card.getByText('Diajukan', { exact: true })).toBeVisible();
	await expect(card.getByText(NIK_MASKED)).toBeVisible();
	await expect(card.getByText('Sari Wulandari')).toBeVisible();
	await expect(card.getByText('Rp25.000.000')).toBeVisible();
	await expect(card.getByText('KUR Mikro')).toBeVisible();
	await expect(card.getByText('Jawa Barat')).toBeVisible();
	expect(await page.content()).not.toContain(NIK);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'list');

	// the filters work without JavaScript: a GET form
	await page.getByLabel('Wilayah (provinsi)').selectOption({ label: 'Jawa Barat' });
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/wilayah=32/);
	await expect(page.getByRole('link', { name: 'Warung Sari' })).toBeVisible();

	await page.getByRole('link', { name: 'Warung Sari' }).click();
	await expect(page).toHaveURL(`${server.url}/portal/pembiayaan/${applicationId}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Warung Sari' })).toBeVisible();
	// masked until asked for
	await expect(page.getByText(NIK_MASKED)).toBeVisible();
	await expect(page.getByText(NIK, { exact: true })).toBeHidden();
	await page.getByText('Tampilkan NIK lengkap').click();
	await expect(page.getByText(NIK, { exact: true })).toBeVisible();
	await expect(page.getByText('Cicilan per bulan')).toBeVisible();
	await expect(page.getByRole('img', { name: /Grafik omzet per bulan/ })).toBeVisible();
	// the documents come from the private endpoint, and show
	const ktp = page.getByRole('img', { name: 'Foto KTP milik Sari Wulandari' });
	await expect(ktp).toHaveAttribute(
		'src',
		new RegExp(`^/api/documents/[0-9a-f]{64}\\?space=${seller.spaceId}$`)
	);
	// lazy-loaded: it loads when it comes into view
	await ktp.scrollIntoViewIfNeeded();
	await expect.poll(() => ktp.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'detail');

	await page
		.getByLabel('Catatan untuk penjual (boleh kosong)')
		.fill('Silakan datang ke kantor kami hari Senin.');
	await page.getByRole('button', { name: 'Setujui' }).click();
	await expect(page.getByRole('status')).toHaveText(/Tersimpan: pengajuan disetujui/);
	await expect(page.getByText('Disetujui', { exact: true }).first()).toBeVisible();
	await expect(page.getByText('Silakan datang ke kantor kami hari Senin.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Setujui' })).toHaveCount(0);

	// the seller's phone pulls the decision and the note
	const pulled = (await pullApplications(new Device(seller.api))).get(applicationId);
	expect(pulled?.status).toBe('approved');
	expect(pulled?.decisions.at(-1)).toMatchObject({
		status: 'approved',
		note: 'Silakan datang ke kantor kami hari Senin.',
		by: { name: 'Bank Desa Sejahtera' }
	});

	// the same pages on a desktop screen
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto(`${server.url}/portal/pembiayaan`);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'list on a desktop');
	await page.goto(`${server.url}/portal/pembiayaan/${applicationId}`);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'detail on a desktop');
});
