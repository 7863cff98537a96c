import { expect, test } from '@playwright/test';
import { addProduct, freshPhone, registerSeller, setOffline, waitUntilSent } from './helpers';

test('a nota made offline is sent on WhatsApp with its link, which opens once the sale has synced', async ({
	page,
	context,
	browser
}) => {
	await registerSeller(page, freshPhone(), 'Warung Bu Sari');
	await addProduct(page, 'Kopi Kapal Api', '2500', '20');

	await setOffline(context, true);
	await page
		.getByRole('navigation', { name: 'Menu utama' })
		.getByRole('link', { name: /Pesanan/ })
		.click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	const kopi = page.getByRole('button', { name: /^Kopi Kapal Api Rp/ });
	await kopi.click();
	await kopi.click();
	await page.getByLabel('Nama pembeli').fill('Bu Tini');
	await page.getByLabel('Nomor WhatsApp pembeli').fill('0857 1111 2222');
	await page.getByRole('radio', { name: 'Bon (bayar nanti)' }).check();
	await page.getByRole('button', { name: 'Simpan penjualan' }).click();
	const heading = page.getByRole('heading', { level: 1 });
	await expect(heading).toHaveText(/^Pesanan [2-9A-Z]{2,8}-\d+$/);
	const number = ((await heading.textContent()) ?? '').replace('Pesanan ', '').trim();

	// The nota goes to the buyer's own WhatsApp chat, written out, with the link to its page.
	const send = page.getByRole('link', { name: 'Kirim nota lewat WhatsApp' });
	await expect(send).toBeVisible();
	const href = new URL((await send.getAttribute('href')) ?? '');
	expect(`${href.origin}${href.pathname}`).toBe('https://wa.me/6285711112222');
	const text = href.searchParams.get('text') ?? '';
	expect(text).toContain('*Warung Bu Sari*');
	expect(text).toContain(`Nota ${number}`);
	expect(text).toContain('Kopi Kapal Api');
	expect(text).toContain('2 pcs × Rp2.500 = Rp5.000');
	expect(text).toContain('*Total: Rp5.000*');
	expect(text).toContain('Dibayar: Rp0');
	expect(text).toContain('Sisa bon: Rp5.000');
	expect(text).not.toContain('2222');
	const link = /(http\S+\/nota\/[A-Za-z0-9_-]{22})/.exec(text)?.[1];
	expect(link).toBeDefined();
	await expect(
		page.getByText('Pembeli bisa membuka tautan nota setelah penjualan ini terkirim ke server.')
	).toBeVisible();

	// The buyer opens it on their own phone before the seller's phone has a signal: not there yet.
	const buyer = await browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
	const buyerPage = await buyer.newPage();
	const early = await buyerPage.goto(link!);
	expect(early?.status()).toBe(404);
	await expect(buyerPage.getByRole('heading', { name: 'Nota tidak ditemukan' })).toBeVisible();

	// The signal comes back, the sale syncs, and the same link opens the nota, drawn with no JavaScript.
	await setOffline(context, false);
	await waitUntilSent(page);
	await expect(page.getByText('Pembeli bisa membuka tautan nota')).toHaveCount(0);
	const opened = await buyerPage.goto(link!);
	expect(opened?.status()).toBe(200);
	await expect(buyerPage.getByRole('heading', { name: 'Warung Bu Sari' })).toBeVisible();
	await expect(buyerPage.getByText(`Nota ${number}`)).toBeVisible();
	await expect(buyerPage.getByText('Kopi Kapal Api')).toBeVisible();
	await expect(buyerPage.getByText('2 pcs × Rp2.500')).toBeVisible();
	await expect(buyerPage.getByTestId('receipt-total')).toHaveText('Rp5.000');
	await expect(buyerPage.getByTestId('receipt-paid')).toHaveText('Rp0');
	await expect(buyerPage.getByTestId('receipt-owed')).toHaveText('Rp5.000');
	await expect(buyerPage.locator('script')).toHaveCount(0);
	// Nothing of the buyer's but the name the seller wrote.
	await expect(buyerPage.getByText(/2222/)).toHaveCount(0);
	const width = await buyerPage.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);
	await buyer.close();
});
