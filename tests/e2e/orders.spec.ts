import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
	addProduct,
	freshPhone,
	pendingCount,
	registerSeller,
	waitForServiceWorker,
	waitUntilSent
} from './helpers';

/** The bottom navigation's "Pesanan" (its name also carries the count of new orders when there are some). */
async function openOrders(page: Page): Promise<void> {
	await page
		.getByRole('navigation', { name: 'Menu utama' })
		.getByRole('link', { name: /Pesanan/ })
		.click();
	await expect(page.getByRole('heading', { name: 'Pesanan', exact: true })).toBeVisible();
}

/** Taps a product in the sale form's picker (its button reads "Kopi sachet Rp1.500/pcs Stok 20 pcs"). */
function pickProduct(page: Page, name: string) {
	return page.getByRole('button', { name: new RegExp(`^${name} Rp`) });
}

/** The number of the order on screen, `<device code>-<count>`, read from its heading. */
async function orderNumber(page: Page): Promise<string> {
	const heading = page.getByRole('heading', { level: 1 });
	await expect(heading).toHaveText(/^Pesanan [2-9A-Z]{2,8}-\d+$/);
	return ((await heading.textContent()) ?? '').replace('Pesanan ', '').trim();
}

function detailValue(page: Page, term: string) {
	return page.getByRole('term').filter({ hasText: term }).locator('xpath=following-sibling::dd[1]');
}

async function expectStock(page: Page, product: string, stock: string): Promise<void> {
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await expect(page.getByRole('link', { name: new RegExp(product) })).toContainText(stock);
}

test('three sales recorded offline survive a reload, add up, and are sent once online', async ({
	page,
	context
}) => {
	await registerSeller(page, freshPhone());
	await waitForServiceWorker(page);
	await addProduct(page, 'Kopi sachet', '1500', '20');
	await addProduct(page, 'Gula pasir 1 kg', '15000', '10');
	await addProduct(page, 'Telur 1 kg', '28000', '5');
	await waitUntilSent(page);
	await context.setOffline(true);

	await openOrders(page);
	await expect(page.getByText(/Belum ada pesanan/)).toBeVisible();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await expect(page.getByRole('heading', { name: 'Catat penjualan' })).toBeVisible();

	// 1. Paid in full by transfer, at the counter: done at once.
	await pickProduct(page, 'Gula pasir 1 kg').click();
	await page.getByRole('button', { name: 'Tambah Gula pasir 1 kg' }).click();
	await expect(page.getByTestId('sale-total')).toHaveText('Rp30.000');
	await page.getByLabel('Nama pembeli').fill('Pak Budi');
	await page.getByRole('radio', { name: 'Transfer' }).check();
	await expect(page.getByLabel('Uang diterima (Rp)')).toHaveValue('30.000');
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	const paidNumber = await orderNumber(page);
	expect(paidNumber).toMatch(/-1$/);
	await expect(detailValue(page, 'Status')).toHaveText('Selesai');
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Lunas');
	await expect(page.getByTestId('order-total')).toHaveText('Rp30.000');
	await expect(page.getByText('menunggu dikirim', { exact: true })).toBeVisible();
	await expect(page.getByText(/Bayar Rp30\.000 \(Transfer\), dicatat oleh Sari/)).toBeVisible();

	// 2. A bon over WhatsApp for Bu Rina, not delivered yet.
	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await page.getByLabel('Cari produk').fill('kopi');
	await pickProduct(page, 'Kopi sachet').click();
	await page.getByLabel('Jumlah Kopi sachet').fill('3');
	await page.getByLabel('Cari produk').fill('');
	await pickProduct(page, 'Telur 1 kg').click();
	await expect(page.getByTestId('sale-total')).toHaveText('Rp32.500');
	await page.getByLabel('Nama pembeli').fill('Bu Rina');
	await page.getByLabel('Nomor WhatsApp pembeli').fill('0812 3456 7890');
	await page.getByRole('radio', { name: 'WhatsApp' }).check();
	await expect(page.getByRole('radio', { name: 'Belum diantar' })).toBeChecked();
	await page.getByRole('radio', { name: 'Bon (bayar nanti)' }).check();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	const bonNumber = await orderNumber(page);
	expect(bonNumber).toMatch(/-2$/);
	await expect(detailValue(page, 'Status')).toHaveText('Baru');
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Belum bayar');
	await expect(page.getByTestId('order-owed')).toHaveText('Rp32.500');
	await expect(page.getByRole('link', { name: 'Chat lewat WhatsApp' })).toHaveAttribute(
		'href',
		'https://wa.me/6281234567890'
	);

	// 3. The quick walk-in sale: tap a product, tap "Lunas, selesai".
	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await pickProduct(page, 'Kopi sachet').click();
	await page.getByRole('button', { name: 'Lunas, selesai' }).click();
	const quickNumber = await orderNumber(page);
	expect(quickNumber).toMatch(/-3$/);
	await expect(detailValue(page, 'Status')).toHaveText('Selesai');
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Lunas');
	await expect(page.getByTestId('order-total')).toHaveText('Rp1.500');
	await expect(page.getByText('Pembeli umum')).toBeVisible();

	// Everything is still there after a reload with no signal.
	await page.goto('/app/pesanan');
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Pesanan', exact: true })).toBeVisible();
	const list = page.getByRole('list', { name: 'Daftar pesanan' });
	await expect(list.getByRole('listitem')).toHaveCount(3);
	const rows = list.getByRole('link');
	// Newest first.
	await expect(rows.nth(0)).toContainText(quickNumber);
	await expect(rows.nth(0)).toContainText('Rp1.500');
	await expect(rows.nth(0)).toContainText('Lunas');
	await expect(rows.nth(1)).toContainText(bonNumber);
	await expect(rows.nth(1)).toContainText('Bu Rina');
	await expect(rows.nth(1)).toContainText('Rp32.500');
	await expect(rows.nth(1)).toContainText('Belum bayar');
	await expect(rows.nth(1)).toContainText('WhatsApp');
	await expect(rows.nth(2)).toContainText(paidNumber);
	await expect(rows.nth(2)).toContainText('Rp30.000');
	await expect(list.getByText('menunggu dikirim')).toHaveCount(3);

	const tabs = page.getByRole('navigation', { name: 'Pilih status pesanan' });
	await expect(tabs.getByRole('link', { name: 'Semua 3' })).toBeVisible();
	await expect(tabs.getByRole('link', { name: 'Selesai 2' })).toBeVisible();
	await tabs.getByRole('link', { name: 'Baru 1' }).click();
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(list).toContainText(bonNumber);
	await tabs.getByRole('link', { name: 'Semua 3' }).click();
	await page.getByLabel('Cari pesanan').fill('rina');
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await page.getByLabel('Cari pesanan').fill(paidNumber.toLowerCase());
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(list).toContainText('Pak Budi');

	// The piutang is the bon order's total, with a reminder to Bu Rina's own WhatsApp.
	await expect(page.getByRole('link', { name: /Bon \/ Piutang/ })).toContainText('Rp32.500');
	await page.getByRole('link', { name: /Bon \/ Piutang/ }).click();
	await expect(page.getByTestId('debts-total')).toHaveText('Rp32.500');
	const rina = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Bu Rina' }) });
	await expect(rina).toContainText('Rp32.500');
	const remind = rina.getByRole('link', { name: 'Ingatkan lewat WhatsApp' });
	await expect(remind).toHaveAttribute('target', '_blank');
	const reminder = new URL((await remind.getAttribute('href')) ?? '');
	expect(reminder.origin + reminder.pathname).toBe('https://wa.me/6281234567890');
	expect(reminder.searchParams.get('text')).toBe(
		`Halo Bu Rina, ini dari Warung Bu Sari. Sisa bon Rp32.500 untuk pesanan ${bonNumber}. Terima kasih 🙏`
	);

	// The stock went down by what was sold.
	await expectStock(page, 'Kopi sachet', 'Stok 16 pcs');
	await expectStock(page, 'Gula pasir 1 kg', 'Stok 8 pcs');
	await expectStock(page, 'Telur 1 kg', 'Stok 4 pcs');

	// Online again: all of it reaches the server and the marks go.
	await context.setOffline(false);
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	await openOrders(page);
	await expect(list.getByRole('listitem')).toHaveCount(3);
	await expect(list.getByText('menunggu dikirim')).toHaveCount(0);
	await expect(rows.nth(1)).toContainText(bonNumber);
	await expect(rows.nth(1)).toContainText('Rp32.500');
	// The server took the stock down once, as the phone did.
	await waitUntilSent(page);
	await expectStock(page, 'Kopi sachet', 'Stok 16 pcs');
});

test('a payment settles a bon, and cancelling an accepted order puts the stock back', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await addProduct(page, 'Beras 5 kg', '72000', '10');
	await openOrders(page);
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await pickProduct(page, 'Beras 5 kg').click();
	await pickProduct(page, 'Beras 5 kg').click();
	await page.getByLabel('Nama pembeli').fill('Bu Rina');
	await page.getByLabel('Nomor WhatsApp pembeli').fill('0857 1111 2222');
	// Ordered over WhatsApp, not delivered yet: the order stays open (a walk-in bon would be done at once).
	await page.getByRole('radio', { name: 'WhatsApp' }).check();
	await expect(page.getByRole('radio', { name: 'Belum diantar' })).toBeChecked();
	await page.getByRole('radio', { name: 'Bon (bayar nanti)' }).check();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	const number = await orderNumber(page);
	await expect(page.getByTestId('order-owed')).toHaveText('Rp144.000');

	// Part now, the rest later.
	await expect(page.getByLabel('Jumlah dibayar (Rp)')).toHaveValue('144.000');
	await page.getByLabel('Jumlah dibayar (Rp)').fill('100.000');
	await expect(page.getByText('Sisa Rp44.000 jadi bon')).toBeVisible();
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Sebagian');
	await expect(page.getByTestId('order-owed')).toHaveText('Rp44.000');
	await expect(page.getByLabel('Jumlah dibayar (Rp)')).toHaveValue('44.000');
	await page.getByRole('radio', { name: 'QRIS' }).check();
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Lunas');
	await expect(page.getByTestId('order-owed')).toHaveText('Rp0');
	await expect(page.getByText(/Bayar Rp44\.000 \(QRIS\), dicatat oleh Sari/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Simpan pembayaran' })).toHaveCount(0);

	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await expect(page.getByRole('link', { name: /Bon \/ Piutang/ })).toContainText('Rp0');
	await page.getByRole('link', { name: /Bon \/ Piutang/ }).click();
	await expect(page.getByTestId('debts-total')).toHaveText('Rp0');
	await expect(page.getByText('Tidak ada bon. Semua pembeli sudah lunas.')).toBeVisible();

	await expectStock(page, 'Beras 5 kg', 'Stok 8 pcs');
	await openOrders(page);
	await page.getByRole('link', { name: new RegExp(`^${number} `) }).click();
	await page.getByRole('button', { name: 'Terima pesanan' }).click();
	await expect(detailValue(page, 'Status')).toHaveText('Diproses');
	await expect(page.getByText(/Diterima oleh Sari · \d+ \w+ \d{4}, \d{2}\.\d{2}/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Kirim' })).toBeVisible();

	await page.getByRole('button', { name: 'Batalkan' }).click();
	await expect(page.getByText(`Batalkan pesanan ${number}? Stok barangnya dikembalikan.`)).toBeVisible();
	await page.getByRole('button', { name: 'Tidak jadi' }).click();
	await expect(detailValue(page, 'Status')).toHaveText('Diproses');
	await page.getByRole('button', { name: 'Batalkan' }).click();
	await page.getByRole('button', { name: 'Ya, batalkan' }).click();
	await expect(detailValue(page, 'Status')).toHaveText('Dibatalkan');
	await expect(page.getByText(/Dibatalkan oleh Sari/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Kirim' })).toHaveCount(0);
	await waitUntilSent(page);
	await expectStock(page, 'Beras 5 kg', 'Stok 10 pcs');

	// The next sale remembers Bu Rina and her number.
	await openOrders(page);
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await page.getByLabel('Nama pembeli').fill('bu rina');
	await expect(page.getByLabel('Nomor WhatsApp pembeli')).toHaveValue('0857-1111-2222');
});

test('the sale form tells what is wrong, in Indonesian, next to the field', async ({ page }) => {
	await registerSeller(page, freshPhone());
	await openOrders(page);
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await page.getByRole('button', { name: 'Lunas, selesai' }).click();
	await expect(page.getByRole('alert')).toHaveText('Pesanan masih kosong. Tambahkan barang dulu.');

	await page.getByText('Barang lain', { exact: true }).click();
	await page.getByRole('button', { name: 'Tambahkan ke pesanan' }).click();
	await expect(page.getByLabel('Nama barang')).toHaveAccessibleDescription('Nama produk wajib diisi');
	await expect(page.getByLabel('Harga (Rp)')).toHaveAccessibleDescription('Harga wajib diisi');
	await page.getByLabel('Nama barang').fill('Ongkos kirim');
	await page.getByLabel('Harga (Rp)').fill('10rb');
	await page.getByRole('button', { name: 'Tambahkan ke pesanan' }).click();
	await expect(page.getByTestId('sale-total')).toHaveText('Rp10.000');

	await page.getByLabel('Nomor WhatsApp pembeli').fill('12345');
	await page.getByRole('radio', { name: 'WhatsApp' }).check();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	await expect(page.getByLabel('Nama pembeli')).toHaveAccessibleDescription('Nama wajib diisi');
	await expect(page.getByLabel('Nomor WhatsApp pembeli')).toHaveAccessibleDescription(
		'Nomor HP tidak valid. Tulis seperti 0812 3456 7890'
	);
	await expect(page.getByLabel('Nomor WhatsApp pembeli')).toHaveAttribute('aria-invalid', 'true');
	// The tapped button is far from the fields: the first problem is also said next to it.
	await expect(page.getByRole('alert')).toHaveText('Nama wajib diisi');

	await page.getByLabel('Nama pembeli').fill('Pak Budi');
	await page.getByLabel('Nomor WhatsApp pembeli').fill('');
	await page.getByLabel('Uang diterima (Rp)').fill('50.000');
	await expect(page.getByText('Kembalian Rp40.000')).toBeVisible();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	await orderNumber(page);
	await expect(page.getByTestId('order-total')).toHaveText('Rp10.000');
	await expect(detailValue(page, 'Pembayaran')).toHaveText('Lunas');
	await expect(page.getByText(/Bayar Rp10\.000 \(Tunai\)/)).toBeVisible();
});

test('the order list, the sale form and the order page have no accessibility violations', async ({
	page
}) => {
	await registerSeller(page, freshPhone());
	await addProduct(page, 'Air mineral', '3000');
	await openOrders(page);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await pickProduct(page, 'Air mineral').click();
	await page.getByLabel('Nomor WhatsApp pembeli').fill('999');
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	await expect(page.getByRole('alert')).toHaveText('Nomor HP tidak valid. Tulis seperti 0812 3456 7890');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	await page.getByLabel('Nomor WhatsApp pembeli').fill('081234567890');
	await page.getByRole('radio', { name: 'Bon (bayar nanti)' }).check();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	await orderNumber(page);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await expect(page.getByRole('list', { name: 'Daftar pesanan' }).getByRole('listitem')).toHaveCount(1);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	await page.getByRole('link', { name: /Bon \/ Piutang/ }).click();
	await expect(page.getByTestId('debts-total')).toHaveText('Rp3.000');
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
