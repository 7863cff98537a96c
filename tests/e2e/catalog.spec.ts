import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import {
	freshPhone,
	login,
	pendingCount,
	registerSeller,
	waitForServiceWorker,
	waitUntilSent
} from './helpers';

const PHOTO = fileURLToPath(new URL('../fixtures/warung-4000x3000-gps.jpg', import.meta.url));

/** The photo is really drawn: loaded, with pixels. */
async function expectPhotoShown(page: Page, name: string): Promise<string> {
	const image = page.getByRole('img', { name });
	await expect(image).toBeVisible();
	await expect
		.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBeGreaterThan(0);
	return (await image.getAttribute('src')) ?? '';
}

test('a product with a photo made offline shows at once, survives a reload, and reaches another phone', async ({
	browser
}) => {
	const phone = freshPhone();
	const seller = await browser.newContext();
	const page = await seller.newPage();
	await registerSeller(page, phone);
	await waitForServiceWorker(page);
	await seller.setOffline(true);

	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Pilih dari galeri').setInputFiles(PHOTO);
	const preview = await expectPhotoShown(page, 'Foto produk ke-1');
	expect(preview).toMatch(/^blob:/);
	await page.getByLabel('Nama produk').fill('Keripik singkong');
	await page.getByLabel('Harga (Rp)').fill('12.500');
	await page.getByLabel('Satuan').fill('bungkus');
	await page.getByLabel('Stok awal').fill('20');
	await page.getByLabel('Kategori').fill('Makanan');
	await page.getByLabel('Berat (gram)').fill('250');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByTestId('photos-pending')).toHaveText('1 foto menunggu dikirim');

	await page.getByRole('link', { name: /Keripik singkong/ }).click();
	await expectPhotoShown(page, 'Foto produk ke-1');
	await page.reload();
	await expectPhotoShown(page, 'Foto produk ke-1');
	await expect(page.getByLabel('Berat (gram)')).toHaveValue('250');

	await seller.setOffline(false);
	await expect(page.getByTestId('photos-pending')).toHaveCount(0);
	await waitUntilSent(page);

	const second = await browser.newContext();
	const other = await second.newPage();
	await login(other, phone);
	await other.getByRole('link', { name: 'Produk', exact: true }).click();
	await other.getByRole('link', { name: /Keripik singkong/ }).click();
	const served = await expectPhotoShown(other, 'Foto produk ke-1');
	expect(served).toMatch(/^\/api\/photos\/[0-9a-f]{64}$/);
	const response = await other.request.get(served);
	expect(response.headers()['cache-control']).toContain('immutable');
	// Compressed on the phone: far below the 1 MB original.
	expect((await response.body()).length).toBeLessThanOrEqual(150_000);
	await seller.close();
	await second.close();
});

test('stock changes carry a reason and a history that shows what waits to be sent', async ({
	page,
	context
}) => {
	await registerSeller(page, freshPhone());
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Minyak goreng 1 L');
	await page.getByLabel('Harga (Rp)').fill('18000');
	await page.getByLabel('Stok awal').fill('4');
	await page.getByLabel('Stok minimum').fill('5');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await page.getByRole('link', { name: /Minyak goreng/ }).click();
	await waitUntilSent(page);

	await context.setOffline(true);
	await page.getByLabel('Alasan').selectOption({ label: 'Barang masuk' });
	await page.getByLabel('Jumlah').fill('12');
	await page.getByRole('button', { name: 'Simpan perubahan stok' }).click();
	await page.getByLabel('Alasan').selectOption({ label: 'Terjual' });
	await page.getByLabel('Jumlah').fill('3');
	await page.getByRole('button', { name: 'Simpan perubahan stok' }).click();
	await expect(page.getByText('13 pcs')).toBeVisible();
	const history = page.getByRole('list').filter({ hasText: 'Barang masuk' });
	await expect(history.getByRole('listitem')).toHaveCount(2);
	await expect(history.getByRole('listitem').first()).toContainText('Terjual');
	await expect(history.getByRole('listitem').first()).toContainText('-3');
	await expect(history.getByText('menunggu dikirim')).toHaveCount(2);
	await page.getByLabel('Jumlah').fill('0');
	await page.getByRole('button', { name: 'Simpan perubahan stok' }).click();
	await expect(page.getByText('Isi jumlah dengan angka bulat lebih dari 0')).toBeVisible();

	await context.setOffline(false);
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	await expect(history.getByText('menunggu dikirim')).toHaveCount(0);
	await expect(history.getByRole('listitem').first()).toContainText('jadi 13');
});

test('a product can be hidden from the shop and copied', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Sabun cuci');
	await page.getByLabel('Harga (Rp)').fill('5000');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await page.getByRole('link', { name: /Sabun cuci/ }).click();

	await page.getByRole('button', { name: 'Sembunyikan dari toko' }).click();
	await expect(page.getByText('Disembunyikan')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Tampilkan di toko' })).toBeVisible();

	await page.getByRole('button', { name: 'Salin produk' }).click();
	await expect(page.getByRole('heading', { name: 'Sabun cuci (salinan)' })).toBeVisible();
	await expect(page.getByText('0 pcs')).toBeVisible();
});

test('the product form and page have no accessibility violations', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await page.goto('/app/produk/baru');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByText('Nama produk wajib diisi')).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	await page.getByLabel('Nama produk').fill('Air mineral');
	await page.getByLabel('Harga (Rp)').fill('3000');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await page.getByRole('link', { name: /Air mineral/ }).click();
	await expect(page.getByRole('heading', { name: 'Air mineral' })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('a deleted product can be brought back with Batalkan, and stays back after syncing', async ({
	page,
	context
}) => {
	await registerSeller(page, freshPhone());
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Kerupuk udang');
	await page.getByLabel('Harga (Rp)').fill('7000');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await waitUntilSent(page);

	await context.setOffline(true);
	await page.getByRole('link', { name: /Kerupuk udang/ }).click();
	await page.getByRole('button', { name: 'Hapus produk' }).click();
	await expect(page.getByText('Kerupuk udang dihapus.')).toBeVisible();
	await expect(page.getByRole('link', { name: /Kerupuk udang/ })).toHaveCount(0);
	await page.getByRole('button', { name: 'Batalkan' }).click();
	await expect(page.getByRole('link', { name: /Kerupuk udang/ })).toBeVisible();
	await expect(pendingCount(page)).toHaveText('2 perubahan menunggu dikirim');

	await context.setOffline(false);
	await waitUntilSent(page);
	await page.reload();
	await expect(page.getByRole('link', { name: /Kerupuk udang/ })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);
});
