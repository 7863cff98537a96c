import { expect, test } from '@playwright/test';
import {
	addProduct,
	freshPhone,
	login,
	pendingCount,
	registerSeller,
	waitForServiceWorker,
	waitUntilSent
} from './helpers';

test('a seller works offline, reloads offline, and everything syncs once online', async ({ browser }) => {
	const phone = freshPhone();
	const seller = await browser.newContext();
	const page = await seller.newPage();
	await registerSeller(page, phone);
	await waitForServiceWorker(page);

	await seller.setOffline(true);
	await expect(page.getByText('Tanpa sinyal')).toBeVisible();
	await addProduct(page, 'Kopi sachet', '1.500');
	await addProduct(page, 'Gula pasir', '15000');
	const list = page.getByRole('list', { name: 'Daftar produk' });
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(pendingCount(page)).toHaveText('2 perubahan menunggu dikirim');
	await expect(list.getByText('menunggu dikirim')).toHaveCount(2);

	// The app opens from the service worker with no network, and the phone still holds both products.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
	await expect(list.getByText('Kopi sachet')).toBeVisible();
	await expect(list.getByText('Rp1.500/pcs')).toBeVisible();
	await expect(list.getByText('Gula pasir')).toBeVisible();
	await expect(pendingCount(page)).toHaveText('2 perubahan menunggu dikirim');
	// The service worker never answers the API from its cache: offline, an API call simply fails.
	const offlineAnswer = await page.evaluate(() =>
		fetch('/api/me').then(
			(response) => `answered ${response.status}`,
			() => 'failed'
		)
	);
	expect(offlineAnswer).toBe('failed');

	await seller.setOffline(false);
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	await expect(list.getByText('menunggu dikirim')).toHaveCount(0);
	await expect(page.getByTestId('last-sync')).toContainText('Terakhir sinkron');

	// The same seller on a second phone sees both products.
	const second = await browser.newContext();
	const other = await second.newPage();
	await login(other, phone);
	await other.getByRole('link', { name: 'Produk', exact: true }).click();
	await expect(other.getByText('Kopi sachet')).toBeVisible();
	await expect(other.getByText('Gula pasir')).toBeVisible();

	// A change on the second phone reaches the first within 5 s, through a poke.
	await other.getByRole('link', { name: /Kopi sachet/ }).click();
	await other.getByLabel('Harga (Rp)').fill('2000');
	await other.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(list.getByText('Rp2.000/pcs')).toBeVisible({ timeout: 5_000 });

	await seller.close();
	await second.close();
});

test('the update prompt appears when a new service worker is waiting', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await waitForServiceWorker(page);
	await expect(page.getByText('Versi baru tersedia')).toHaveCount(0);

	// Another script URL for the same scope is a new version: it installs and waits for the person.
	await page.evaluate(() => navigator.serviceWorker.register('/service-worker.js?versi=2', { scope: '/' }));
	await expect(page.getByText('Versi baru tersedia')).toBeVisible();
	const reloaded = page.waitForEvent('load');
	await page.getByRole('button', { name: 'Muat ulang' }).click();
	await reloaded;
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	await expect(page.getByText('Versi baru tersedia')).toHaveCount(0);
	const activeScript = await page.evaluate(
		async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL
	);
	expect(activeScript).toContain('versi=2');
});

test('a session that cannot be renewed asks to log in again and loses nothing', async ({ page, context }) => {
	const phone = freshPhone();
	await registerSeller(page, phone);
	// The cookie gone and no device credential to renew it (a login from before credentials existed).
	await context.clearCookies();
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('lapak');
				open.onsuccess = () => {
					const transaction = open.result.transaction('meta', 'readwrite');
					transaction.objectStore('meta').delete('deviceCredential');
					transaction.oncomplete = () => (open.result.close(), resolve());
				};
				open.onerror = () => reject(open.error);
			})
	);
	await addProduct(page, 'Teh botol', '4000');
	await expect(page.getByRole('alert')).toContainText('Masuk lagi dengan PIN supaya perubahan bisa dikirim');
	await expect(pendingCount(page)).toHaveText('1 perubahan menunggu dikirim');

	await page.getByRole('link', { name: 'Masuk dengan PIN' }).click();
	await page.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill('246810');
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await expect(page.getByText('Teh botol')).toBeVisible();
});

test('a change the server refuses is shown with its reason', async ({ browser }) => {
	const phone = freshPhone();
	const first = await browser.newContext();
	const page = await first.newPage();
	await registerSeller(page, phone);
	await addProduct(page, 'Roti tawar', '12000');
	await waitUntilSent(page);

	// Phone one, offline, adds stock to the bread while phone two deletes it.
	await first.setOffline(true);
	await page.getByRole('link', { name: /Roti tawar/ }).click();
	await page.getByRole('button', { name: 'Tambah 1 stok' }).click();
	await expect(page.getByText('11 pcs')).toBeVisible();

	const second = await browser.newContext();
	const other = await second.newPage();
	await login(other, phone);
	await other.getByRole('link', { name: 'Produk', exact: true }).click();
	await other.getByRole('link', { name: /Roti tawar/ }).click();
	other.once('dialog', (dialog) => void dialog.accept());
	await other.getByRole('button', { name: 'Hapus produk' }).click();
	await expect(other).toHaveURL(/\/app\/produk$/);
	await waitUntilSent(other);

	await first.setOffline(false);
	await expect(page.getByRole('alert')).toContainText('Perubahan ditolak');
	await expect(page.getByRole('alert')).toContainText('Ubah stok');
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	await expect(page.getByText('Produk tidak ditemukan. Mungkin sudah dihapus.')).toBeVisible();
	await page.getByRole('button', { name: 'Tutup' }).click();
	await expect(page.getByText('Perubahan ditolak')).toHaveCount(0);
	await first.close();
	await second.close();
});

test('the product form explains bad input in Bahasa Indonesia', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await expect(page.getByText('Belum ada produk')).toBeVisible();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Harga (Rp)').fill('15,5');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByText('Nama produk wajib diisi')).toBeVisible();
	await expect(page.getByText('Harga harus angka rupiah bulat')).toBeVisible();
	await expect(page.getByLabel('Nama produk')).toHaveAttribute('aria-invalid', 'true');
});

test('the language choice is remembered', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await page.getByRole('link', { name: 'Pengaturan' }).click();
	await page.getByLabel('Bahasa').selectOption('en');
	await expect(page.getByRole('link', { name: 'Products' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await page.getByLabel('Language').selectOption('id');
	await expect(page.getByRole('link', { name: 'Produk', exact: true })).toBeVisible();
});

test('a wrong PIN gets a plain answer', async ({ page }) => {
	const phone = freshPhone();
	await registerSeller(page, phone);
	await page.getByRole('link', { name: 'Pengaturan' }).click();
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: 'Keluar' }).click();
	await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
	await page.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill('111111');
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('alert')).toHaveText('Nomor HP atau PIN salah.');
});
