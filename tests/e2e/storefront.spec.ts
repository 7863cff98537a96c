import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { addProduct, freshPhone, registerSeller, waitUntilSent } from './helpers';

/** DESIGN.md §5: the JavaScript of a storefront page, gzip. */
const STOREFRONT_JS_BUDGET = 30 * 1024;

/** The shop page's JavaScript, gzip: every script and module preload the HTML names, and every script fetched. */
async function javaScriptWeight(page: Page, path: string): Promise<{ files: string[]; gzipBytes: number }> {
	const fetched: string[] = [];
	page.on('request', (request) => {
		if (request.resourceType() === 'script') fetched.push(request.url());
	});
	const response = await page.goto(path);
	expect(response?.status()).toBe(200);
	await page.waitForLoadState('networkidle');
	const html = (await response?.text()) ?? '';
	const named = [
		...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g),
		...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
		...html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g)
	].map((match) => new URL(match[1], page.url()).href);
	const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
		(match) => match[1]
	);
	const files = [...new Set([...named, ...fetched])];
	let gzipBytes = inline.reduce((sum, code) => sum + gzipSync(code).length, 0);
	for (const file of files) {
		const body = await (await page.request.get(file)).body();
		gzipBytes += gzipSync(body).length;
	}
	return { files, gzipBytes };
}

test('a buyer with JavaScript off orders from the shop link and sees the order page', async ({
	browser,
	baseURL: origin
}) => {
	const seller = await browser.newContext({ baseURL: origin });
	const sellerPage = await seller.newPage();
	await registerSeller(sellerPage, freshPhone(), 'Warung Toko Online');
	await addProduct(sellerPage, 'Kopi Susu', '15.000', '10');
	await addProduct(sellerPage, 'Roti Bakar', '8.000', '5');
	await waitUntilSent(sellerPage);
	await sellerPage.getByRole('link', { name: 'Beranda' }).click();
	// "Link toko Anda: /toko/…" on the seller's home page
	await expect(sellerPage.getByText('Link toko Anda')).toBeVisible();
	const shopLink = await sellerPage
		.getByText(/\/toko\/[a-z0-9-]+/)
		.first()
		.textContent();
	const slug = /\/toko\/([a-z0-9-]+)/.exec(shopLink ?? '')?.[1];
	expect(slug).toBeTruthy();

	const buyerContext = await browser.newContext({
		baseURL: origin,
		javaScriptEnabled: false,
		serviceWorkers: 'block'
	});
	const buyer = await buyerContext.newPage();

	const weight = await javaScriptWeight(buyer, `/toko/${slug}`);
	expect(weight.gzipBytes).toBeLessThanOrEqual(STOREFRONT_JS_BUDGET);
	// csr = false: the page ships no JavaScript at all
	expect(weight.files).toEqual([]);
	console.log(`storefront JS: ${weight.files.length} files, ${weight.gzipBytes} bytes gzip`);

	await expect(buyer.getByRole('heading', { level: 1, name: 'Warung Toko Online' })).toBeVisible();
	await expect(buyer.getByText('Rp15.000/pcs')).toBeVisible();
	await expect(buyer.getByText('Rp8.000/pcs')).toBeVisible();
	await expect(buyer.getByText('Tersedia')).toHaveCount(2);

	await buyer.getByLabel('Jumlah Kopi Susu').fill('2');
	await buyer.getByLabel('Nama Anda').fill('Budi');
	await buyer.getByLabel('Nomor WhatsApp').fill('0813 1111 2222');
	await buyer.getByLabel('Diantar ke alamat saya').check();
	await buyer.getByLabel('Alamat', { exact: true }).fill('Jl. Melati 5, RT 02');
	await buyer.getByLabel('Catatan untuk penjual').fill('Gulanya sedikit');

	// the total first, with no JavaScript: the server works it out from its own prices
	await buyer.getByRole('button', { name: 'Hitung total dulu' }).click();
	await expect(buyer.getByRole('heading', { name: 'Ringkasan pesanan' })).toBeVisible();
	await expect(buyer.getByText('Rp30.000').first()).toBeVisible();
	await expect(buyer.getByLabel('Jumlah Kopi Susu')).toHaveValue('2');
	await expect(buyer.getByLabel('Nama Anda')).toHaveValue('Budi');

	await buyer.getByRole('button', { name: 'Kirim pesanan' }).click();
	await expect(buyer).toHaveURL(new RegExp(`/toko/${slug}/pesanan/[0-9a-f-]{36}\\?k=`));
	await expect(buyer.getByRole('heading', { level: 1, name: 'Pesanan W-1' })).toBeVisible();
	await expect(buyer.getByText('Baru', { exact: true })).toBeVisible();
	await expect(buyer.getByText('Belum bayar', { exact: true })).toBeVisible();
	await expect(buyer.getByText('Diantar ke: Jl. Melati 5, RT 02')).toBeVisible();
	const whatsapp = buyer.getByRole('link', { name: 'Chat penjual soal W-1' });
	await expect(whatsapp).toHaveAttribute('href', /^https:\/\/wa\.me\/628\d+\?text=.*W-1/);
	const orderUrl = buyer.url();

	// axe runs its script in the page, so it checks the same HTML in a context with JavaScript on
	const checker = await browser.newContext({ baseURL: origin, serviceWorkers: 'block' });
	const checkerPage = await checker.newPage();
	for (const url of [`/toko/${slug}`, orderUrl]) {
		await checkerPage.goto(url);
		const results = await new AxeBuilder({ page: checkerPage }).analyze();
		expect(results.violations, url).toEqual([]);
	}

	// and the form as it comes back with a mistake marked next to its field
	await checkerPage.goto(`/toko/${slug}`);
	await checkerPage.getByLabel('Jumlah Roti Bakar').fill('1');
	await checkerPage.getByLabel('Nama Anda').fill('Ani');
	await checkerPage.getByLabel('Nomor WhatsApp').fill('12345');
	await checkerPage.getByRole('button', { name: 'Kirim pesanan' }).click();
	const phone = checkerPage.getByRole('textbox', { name: 'Nomor WhatsApp' });
	await expect(phone).toHaveAttribute('aria-invalid', 'true');
	await expect(phone).toHaveAccessibleDescription(/Nomor HP tidak valid/);
	await expect(checkerPage.getByLabel('Nama Anda')).toHaveValue('Ani');
	const withErrors = await new AxeBuilder({ page: checkerPage }).analyze();
	expect(withErrors.violations).toEqual([]);

	await checker.close();
	await buyerContext.close();
	await seller.close();
});

test('an unknown shop answers with a plain 404 page', async ({ browser, baseURL: origin }) => {
	const context = await browser.newContext({ baseURL: origin, javaScriptEnabled: false });
	const page = await context.newPage();
	const response = await page.goto('/toko/toko-yang-tidak-ada');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible();
	await context.close();
});
