import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createAccount, runAdmin } from '../helpers/admin';
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

test('an admin moves an application to another lender, and the move is in the history the new lender reads', async ({
	page
}) => {
	const adminPhone = newPhone();
	await createAccount(database, 'admin', 'Admin Program', adminPhone, PIN);
	const made = await runAdmin(database, [
		'create-lender',
		'--name',
		'BPR Sukamaju',
		'--products',
		'mikro,kecil'
	]);
	expect(made.code, made.stderr).toBe(0);
	const bprPhone = newPhone();
	const account = await runAdmin(database, [
		...['create-user', '--role', 'lender', '--name', 'Joko', '--phone', bprPhone, '--pin', PIN],
		...['--lender', 'BPR Sukamaju']
	]);
	expect(account.code, account.stderr).toBe(0);
	const device = new Device(seller.api);
	const lenders = (await seller.api.get('/api/lenders')).body.lenders as { id: string; name: string }[];
	const bank = lenders.find((lender) => lender.name === 'Bank Desa Sejahtera')!;
	const { id } = await submittedApplication(device, seller.spaceId, undefined, bank.id);

	await page.goto(`${server.url}/portal`);
	await page.getByLabel('Nomor HP').fill(adminPhone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Ringkasan program' })).toBeVisible();
	const lendersSection = page.getByRole('region', { name: 'Pemberi pembiayaan', exact: true });
	await expect(lendersSection.getByRole('group', { name: /BPR Sukamaju/ })).toBeVisible();
	await expect(lendersSection.getByRole('checkbox', { name: 'KUR Kecil' }).first()).toBeChecked();
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'admin');

	await page
		.getByRole('navigation', { name: 'Menu portal' })
		.getByRole('link', { name: 'Pengajuan pembiayaan' })
		.click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Pengajuan per pemberi pembiayaan' })
	).toBeVisible();
	const card = page.locator(`li:has(input[value="${id}"])`);
	await expect(card.getByText('Bank Desa Sejahtera')).toBeVisible();
	// only the lenders that offer its KUR Mikro, and not the one it is with
	await expect(card.getByLabel('Pindahkan ke').getByRole('option')).toHaveText(['BPR Sukamaju']);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'admin applications');
	await card.getByLabel('Alasan (boleh kosong, dibaca penjual)').fill('Lebih dekat dengan penjual.');
	await card.getByRole('button', { name: 'Pindahkan ke pemberi pembiayaan lain' }).click();
	await expect(page.getByRole('status')).toHaveText(/Tersimpan: Warung Sari sekarang di BPR Sukamaju/);
	await expectNoAxeViolations(page, 'admin applications after the move');

	// the seller's phone pulls the move; the new lender reads it in the history
	const pulled = (await pullApplications(device)).get(id);
	expect(pulled?.decisions.at(-1)).toMatchObject({
		status: 'moved',
		from: { name: 'Bank Desa Sejahtera' },
		to: { name: 'BPR Sukamaju' },
		note: 'Lebih dekat dengan penjual.',
		by: { name: 'Admin Program' }
	});
	const office = await page.context().browser()!.newContext({ baseURL: server.url, locale: 'id-ID' });
	const lender = await office.newPage();
	await lender.goto('/portal');
	await lender.getByLabel('Nomor HP').fill(bprPhone);
	await lender.getByLabel('PIN (6 angka)').fill(PIN);
	await lender.getByRole('button', { name: 'Masuk' }).click();
	await lender.goto(`/portal/pembiayaan/${id}`);
	await expect(lender.getByRole('region', { name: 'Riwayat pengajuan' }).getByRole('listitem')).toContainText(
		['Dipindahkan dari Bank Desa Sejahtera ke BPR Sukamaju · Admin Program']
	);
	await office.close();
});
