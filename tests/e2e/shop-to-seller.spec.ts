import { expect, test } from '@playwright/test';
import { addProduct, freshPhone, registerSeller, waitUntilSent } from './helpers';

test('a shop-page order reaches the open seller app within 5 s, and the buyer sees it accepted', async ({
	browser
}) => {
	const seller = await browser.newContext();
	const app = await seller.newPage();
	await registerSeller(app, freshPhone(), 'Warung Mbak Ayu');
	await addProduct(app, 'Es teh manis', '5.000', '30');
	await waitUntilSent(app);
	await app.getByRole('link', { name: 'Beranda' }).click();
	const slug = /\/toko\/([a-z0-9-]+)/.exec(
		(await app
			.getByText(/\/toko\//)
			.first()
			.textContent()) ?? ''
	)?.[1];
	expect(slug).toBeTruthy();
	const nav = app.getByRole('navigation', { name: 'Menu utama' });
	await expect(nav.getByTestId('new-orders-badge')).toHaveCount(0);

	// The buyer, on another phone with JavaScript off, orders from the shop link.
	const buyerContext = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
	const buyer = await buyerContext.newPage();
	await buyer.goto(`/toko/${slug}`);
	await buyer.getByLabel('Jumlah Es teh manis').fill('3');
	await buyer.getByLabel('Nama Anda').fill('Dimas');
	await buyer.getByLabel('Nomor WhatsApp').fill('0857 1234 5678');
	await buyer.getByLabel('Ambil sendiri').check();
	const ordered = Date.now();
	await buyer.getByRole('button', { name: 'Kirim pesanan' }).click();
	await expect(buyer.getByRole('heading', { level: 1, name: 'Pesanan W-1' })).toBeVisible();
	await expect(buyer.getByText('Baru', { exact: true })).toBeVisible();

	// The seller's open app is poked and pulls it: a badge on Pesanan, no reload.
	await expect(nav.getByTestId('new-orders-badge')).toHaveText('1', { timeout: 5_000 });
	console.log(`shop order reached the seller's app in ${Date.now() - ordered} ms`);
	await nav.getByRole('link', { name: /Pesanan/ }).click();
	await app.getByRole('link', { name: /W-1/ }).click();
	await expect(app.getByText('Dimas').first()).toBeVisible();
	await expect(app.getByTestId('order-total')).toHaveText('Rp15.000');
	await app.getByRole('button', { name: 'Terima pesanan' }).click();
	await waitUntilSent(app);
	await expect(nav.getByTestId('new-orders-badge')).toHaveCount(0);

	await buyer.reload();
	await expect(buyer.getByText('Diproses', { exact: true })).toBeVisible();
	await buyerContext.close();
	await seller.close();
});
