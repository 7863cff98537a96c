import { expect, test, type Page } from '@playwright/test';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileKeys } from '../helpers/blobs';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { productPhoto, sha256 } from '../helpers/images';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { freshPhone, registerSeller as registerSellerOnPhone, waitForServiceWorker } from './helpers';

const CAMERA = fileURLToPath(new URL('../fixtures/warung-4000x3000-gps.jpg', import.meta.url));

// A server of this file's own: the test reaches into its DATA_DIR to make a photo as old releases stored it.
let database: TestDatabase;
let server: TestServer;
let sari: Seller;
let slug: string;
/** A photo uploaded today, with its variants, and one stored before there were any. */
let fresh: string;
let old: string;

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	sari = await registerSeller(server.url, 'Sari', 'Warung Foto');
	slug = sari.account.spaces[0].slug;
	const photos = await Promise.all([21, 22].map((seed) => productPhoto(seed, 'webp')));
	[fresh, old] = photos.map(sha256);
	for (const bytes of photos) {
		expect((await sari.api.putPhoto(sha256(bytes), bytes, 'image/webp')).status).toBe(201);
	}
	for (const width of [320, 640]) {
		await rm(path.join(database.dataDir, 'photos', `w${width}`, old.slice(0, 2), old));
	}
	const device = new Device(sari.api);
	const answer = await device.push([
		device.mutation('product.put', sari.spaceId, productArgs({ name: 'Kopi Baru', photos: [fresh] })),
		device.mutation('product.put', sari.spaceId, productArgs({ name: 'Teh Lama', photos: [old] }))
	]);
	expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
		'applied',
		'applied'
	]);
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

/** Every photo address the page asks for (through the service worker or not), from the network log. */
function photoRequests(page: Page): string[] {
	const asked: string[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.pathname.startsWith('/api/photos/'))
			asked.push(url.pathname.slice('/api/photos/'.length) + url.search);
	});
	return asked;
}

async function logIn(page: Page): Promise<void> {
	await page.goto('/app/masuk');
	await page.getByLabel('Nomor HP (WhatsApp)').fill(sari.phone);
	await page.getByLabel('PIN (6 angka)').fill(sari.pin);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
}

/** The photo of `hash` on the page is drawn: loaded, with pixels. */
async function expectShown(page: Page, hash: string): Promise<void> {
	const image = page.locator(`img[src*="${hash}"]`).first();
	await expect(image).toBeVisible();
	await expect
		.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBeGreaterThan(0);
}

test('the product list, the sale picker and the shop page ask for the 320 px variant; an old photo without variants shows too', async ({
	browser
}) => {
	const variantsOfOld = async () =>
		(await fileKeys(database.dataDir, 'photos')).filter((key) => key.includes(old)).length;
	expect(await variantsOfOld()).toBe(1);

	// another phone of the seller's: neither photo is on it
	const phone = await browser.newContext({ baseURL: server.url });
	const page = await phone.newPage();
	const asked = photoRequests(page);
	await logIn(page);
	await waitForServiceWorker(page);
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await expect(page.getByRole('link', { name: /Teh Lama/ })).toBeVisible();
	await expectShown(page, fresh);
	await expectShown(page, old);
	expect(asked.sort()).toEqual([`${fresh}?w=320`, `${old}?w=320`]);
	// the old photo's variant was made when it was first asked for, and kept
	expect(await variantsOfOld()).toBe(2);
	// the service worker kept the variants it fetched: the list shows them with no signal
	await phone.setOffline(true);
	await page.reload();
	await expectShown(page, fresh);
	await expectShown(page, old);
	await phone.close();

	// and another, straight to a sale (a page that drew a photo already would take it from its memory)
	const seller = await browser.newContext({ baseURL: server.url });
	const sale = await seller.newPage();
	const picked = photoRequests(sale);
	await logIn(sale);
	await sale.getByRole('link', { name: 'Catat penjualan' }).click();
	await expect(sale.getByRole('heading', { name: 'Pilih barang' })).toBeVisible();
	await expectShown(sale, fresh);
	await expectShown(sale, old);
	expect(picked.sort()).toEqual([`${fresh}?w=320`, `${old}?w=320`]);
	await seller.close();

	// a buyer on a 2× phone, with no JavaScript and no service worker
	const buyer = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 360, height: 640 },
		deviceScaleFactor: 2,
		javaScriptEnabled: false,
		serviceWorkers: 'block'
	});
	const shop = await buyer.newPage();
	const bought = photoRequests(shop);
	await shop.goto(`/toko/${slug}`);
	await expectShown(shop, fresh);
	await expectShown(shop, old);
	expect(bought.sort()).toEqual([`${fresh}?w=320`, `${old}?w=320`]);
	await buyer.close();
});

test('a photo taken offline shows at once from the phone in the product list and the sale picker', async ({
	page,
	context
}) => {
	await registerSellerOnPhone(page, freshPhone());
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Pilih dari galeri').setInputFiles(CAMERA);
	await page.getByLabel('Nama produk').fill('Keripik singkong');
	await page.getByLabel('Harga (Rp)').fill('12.500');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();

	const listed = page.getByRole('link', { name: /Keripik singkong/ }).locator('img');
	await expect(listed).toHaveAttribute('src', /^blob:/);
	await expect(listed).not.toHaveAttribute('srcset');
	await expect.poll(() => listed.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

	await page.getByRole('link', { name: 'Pesanan', exact: true }).click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	const tile = page.getByRole('button', { name: /Keripik singkong/ }).locator('img');
	await expect(tile).toHaveAttribute('src', /^blob:/);
	await expect.poll(() => tile.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});
