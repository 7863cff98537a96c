import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { freshPhone, pendingCount, registerSeller, waitUntilSent } from './helpers';

/** A place in the bottom navigation. */
function nav(page: Page, name: string) {
	return page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name, exact: true });
}

/** Waits until the worker keeps the scripts too big to precache (pdf-lib), which the report screen loads. */
async function waitForLazyScripts(page: Page): Promise<void> {
	await expect
		.poll(() => page.evaluate(async () => (await (await caches.open('lapak-lazy')).keys()).length))
		.toBeGreaterThan(0);
}

test('expenses recorded offline, stock bought in one step, and the month’s profit downloaded as a PDF', async ({
	page,
	context
}) => {
	await registerSeller(page, freshPhone());
	// A product with a harga modal: Rp5.000 a cup, Rp3.000 to make.
	await nav(page, 'Produk').click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Kopi susu');
	await page.getByLabel('Harga (Rp)').fill('5000');
	await page.getByLabel('Harga modal (boleh kosong)').fill('3.000');
	await page.getByLabel('Satuan').fill('gelas');
	await page.getByLabel('Stok awal').fill('5');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
	await waitUntilSent(page);
	// The report screen opened once with a signal, as on a real phone, keeps the PDF maker for later.
	await nav(page, 'Beranda').click();
	await page.getByRole('link', { name: 'Laporan laba & pengeluaran' }).click();
	await expect(page.getByRole('heading', { name: 'Laporan laba' })).toBeVisible();
	await waitForLazyScripts(page);

	await context.setOffline(true);

	// A sale of one cup.
	await nav(page, 'Beranda').click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await page.getByRole('button', { name: /^Kopi susu Rp/ }).click();
	await page.getByRole('button', { name: 'Lunas, selesai' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Pesanan /);

	// An electricity bill, with no signal.
	await page.goto('/app/pengeluaran/baru');
	await expect(page.getByRole('heading', { name: 'Catat pengeluaran' })).toBeVisible();
	await page.getByRole('button', { name: 'Simpan pengeluaran' }).click();
	await expect(page.getByText('Pilih untuk apa uangnya dipakai')).toBeVisible();
	await page.getByRole('radio', { name: 'Listrik' }).check();
	await page.getByLabel('Jumlah (Rp)').fill('20.000');
	await page.getByLabel('Catatan (boleh kosong)').fill('Token listrik');
	await page.getByRole('button', { name: 'Simpan pengeluaran' }).click();
	await expect(page.getByRole('heading', { name: 'Pengeluaran', exact: true })).toBeVisible();
	const bill = page.getByRole('link', { name: /Listrik/ });
	await expect(bill).toContainText('Rp20.000');
	await expect(bill).toContainText('Token listrik');
	await expect(bill.getByText('menunggu dikirim')).toBeVisible();

	// Ten cups' worth of stock from the supplier: the stock and the expense in one step.
	await nav(page, 'Produk').click();
	await page.getByRole('link', { name: /Kopi susu/ }).click();
	await page.getByRole('link', { name: 'Beli stok' }).click();
	await page.getByLabel('Barang masuk (gelas)').fill('10');
	// The total is filled in from the harga modal.
	await expect(page.getByLabel('Total harga beli (Rp)')).toHaveValue('30000');
	await page.getByRole('button', { name: 'Simpan pembelian' }).click();
	await expect(page.getByRole('heading', { name: 'Kopi susu' })).toBeVisible();
	await expect(page.locator('output')).toHaveText('14 gelas');

	// Still there after a reload with no signal.
	await page.goto('/app/pengeluaran');
	await page.reload();
	await expect(page.getByRole('link', { name: /Listrik/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Belanja stok/ })).toContainText('Rp30.000');
	await expect(pendingCount(page)).toContainText('4');

	// The month: Rp5.000 sold, Rp3.000 of coffee, Rp20.000 of electricity; the stock bought is not counted twice.
	await page.getByRole('link', { name: 'Laporan laba' }).click();
	await expect(page.getByRole('heading', { name: 'Rugi' })).toBeVisible();
	await expect(page.getByTestId('profit')).toHaveText('-Rp18.000');
	const table = page.getByRole('table');
	await expect(table.getByRole('row', { name: /Penjualan \(1 pesanan\)/ })).toContainText('Rp5.000');
	await expect(table.getByRole('row', { name: /Modal barang terjual/ })).toContainText('Rp3.000');
	await expect(table.getByRole('row', { name: /Listrik/ })).toContainText('Rp20.000');
	await expect(page.getByText(/Belanja stok \(tidak dikurangi lagi\): Rp30\.000/)).toBeVisible();
	await expect(page.getByRole('img', { name: /Penjualan, modal, pengeluaran dan laba/ })).toBeVisible();

	const downloading = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Unduh PDF' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^laporan-laba-\d{4}-\d{2}\.pdf$/);
	const bytes = await readFile((await download.path())!);
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.length).toBeGreaterThan(1000);

	// Nothing runs off a 320 px screen, and the screen passes an accessibility check.
	await page.setViewportSize({ width: 320, height: 640 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	const audit = await new AxeBuilder({ page }).include('main').analyze();
	expect(audit.violations.map((violation) => violation.id)).toEqual([]);
	await page.setViewportSize({ width: 360, height: 640 });

	// With the signal back everything is sent, and the marks go.
	await context.setOffline(false);
	await waitUntilSent(page);
	await page.goto('/app/pengeluaran');
	await expect(page.getByRole('link', { name: /Listrik/ })).toBeVisible();
	await expect(page.getByText('menunggu dikirim')).toHaveCount(0);
});
