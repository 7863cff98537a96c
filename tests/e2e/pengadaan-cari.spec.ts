import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { uuidv7 } from '../../src/lib/domain/ids';
import { hashPin } from '../../src/lib/server/password';
import { Device, newPhone, registerSeller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { productPhoto, sha256 } from '../helpers/images';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';

/**
 * Issue 13, Find and Ask: a pemesan of a BUMN finds a seller's product in the portal's search and sends a
 * Permintaan penawaran. A server of its own: the organisation and its pemesan are made in its database.
 */
let database: TestDatabase;
let server: TestServer;
const pemesanPhone = newPhone();
const PIN = '135790';

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	const sari = await registerSeller(server.url, 'Sari', 'Warung Sari');
	const phone = new Device(sari.api);
	const photo = await productPhoto(3);
	const hash = sha256(photo);
	const upload = await sari.api.request('PUT', `/api/photos/${hash}`, undefined, {
		raw: photo,
		headers: { 'content-type': 'image/jpeg' }
	});
	expect(upload.status).toBeLessThan(300);
	const answer = await phone.push([
		phone.mutation('supplier.put', sari.spaceId, {
			acceptsInstitutional: true,
			nib: '1234567890123',
			address: {
				provinceCode: '34',
				regencyCode: '34.04',
				districtCode: null,
				villageCode: null,
				villageName: null,
				street: null
			}
		}),
		phone.mutation('product.put', sari.spaceId, {
			id: uuidv7(),
			name: 'Keripik singkong balado',
			description: 'Renyah, pedas manis',
			price: 12_000,
			unit: 'pak',
			stock: 500,
			category: 'Makanan',
			photos: [hash]
		}),
		phone.mutation('product.put', sari.spaceId, {
			id: uuidv7(),
			name: 'Kopi bubuk robusta',
			price: 45_000,
			unit: 'pak',
			stock: 40,
			category: 'Minuman'
		})
	]);
	expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
		'applied',
		'applied',
		'applied'
	]);
	const now = new Date().toISOString();
	await withDatabase(database, async (db) => {
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
				address: 'Stasiun Tugu, Yogyakarta',
				created_at: now
			})
			.execute();
		await db
			.insertInto('users')
			.values({
				id: user,
				name: 'Dina',
				phone: `+62${pemesanPhone.slice(1)}`,
				pin_hash: await hashPin(PIN),
				role: 'buyer',
				created_at: now
			})
			.execute();
		await db
			.insertInto('organisation_members')
			.values({ organisation_id: organisation, user_id: user, role: 'pemesan', created_at: now })
			.execute();
	});
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations, what).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('a pemesan searches the catalog, opens "Minta penawaran" and sends the request', async ({ page }) => {
	await page.goto(`${server.url}/portal/masuk?ke=${encodeURIComponent('/portal/pengadaan/cari')}`);
	await page.getByLabel('Nomor HP').fill(pemesanPhone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL(`${server.url}/portal/pengadaan/cari`);
	await expect(page.getByRole('heading', { level: 1, name: 'Cari produk UMKM' })).toBeVisible();

	await page.getByLabel('Kata kunci').fill('kerip');
	await page.getByLabel('Provinsi penjual').selectOption({ label: 'DI Yogyakarta' });
	await page.getByRole('button', { name: 'Cari', exact: true }).click();
	await expect(page).toHaveURL(/q=kerip/);
	const card = page.getByRole('listitem').filter({ hasText: 'Keripik singkong balado' });
	await expect(card.getByText('Rp12.000')).toBeVisible();
	await expect(card.getByText('Stok: 500 pak')).toBeVisible();
	await expect(card.getByText('Kab. Sleman, DI Yogyakarta')).toBeVisible();
	await expect(card.getByText('NIB: ada')).toBeVisible();
	await expect(card.getByText('Rekening bank: belum ada')).toBeVisible();
	const photo = card.getByRole('img', { name: 'Foto Keripik singkong balado' });
	await expect(photo).toHaveAttribute('width', '96');
	await expect(photo).toHaveJSProperty('complete', true);
	await expect(page.getByText('Kopi bubuk robusta')).toHaveCount(0);
	// csr = false: the page is plain HTML
	expect(await page.locator('script[src], script[type="module"]').count()).toBe(0);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'search, 360 px');
	await page.setViewportSize({ width: 1280, height: 900 });
	await expectNoAxeViolations(page, 'search, desktop');
	await page.setViewportSize({ width: 360, height: 640 });

	await card.getByRole('link', { name: /Minta penawaran/ }).click();
	await expect(page).toHaveURL(/\/portal\/pengadaan\/minta\?produk=/);
	await expect(page.getByRole('heading', { level: 1, name: 'Permintaan penawaran' })).toBeVisible();
	await expect(page.getByText('Kepada Warung Sari')).toBeVisible();
	await expect(page.getByLabel('Alamat pengiriman')).toHaveValue('Stasiun Tugu, Yogyakarta');
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'request form, 360 px');

	await page.getByLabel('Jumlah Keripik singkong balado (pak)').fill('100');
	await page.getByLabel('Nama barang').first().fill('Kardus kemasan');
	await page.getByLabel('Satuan').first().fill('pcs');
	await page.getByLabel('Jumlah', { exact: true }).first().fill('dua');
	await page.getByRole('button', { name: 'Kirim permintaan' }).click();
	// the refusal is on the form, in Indonesian, with what was typed
	await expect(page.getByRole('alert')).toContainText('Permintaan belum terkirim.');
	await expect(page.getByText('Isi jumlah dengan angka bulat, contoh 10.').first()).toBeVisible();
	await expect(page.getByLabel('Nama barang').first()).toHaveValue('Kardus kemasan');
	await expectNoAxeViolations(page, 'request form with a refusal');

	await page.getByLabel('Jumlah', { exact: true }).first().fill('10');
	await page.getByRole('button', { name: 'Kirim permintaan' }).click();
	// the request's own page is another part of issue 13
	await expect(page).toHaveURL(/\/portal\/pengadaan\/permintaan\/[0-9a-f-]{36}$/);
	const id = page.url().split('/').pop()!;
	const stored = await withDatabase(database, (db) =>
		db.selectFrom('procurements').select(['status', 'data']).where('id', '=', id).executeTakeFirst()
	);
	expect(stored?.status).toBe('requested');
	expect(stored?.data).toContain('Kardus kemasan');
});
