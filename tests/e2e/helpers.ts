import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const PIN = '246810';

/** A phone number no other test uses. */
export function freshPhone(): string {
	return `0812${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export async function registerSeller(
	page: Page,
	phone: string,
	businessName = 'Warung Bu Sari'
): Promise<void> {
	await page.goto('/app/daftar');
	await page.getByLabel('Nama Anda').fill('Sari');
	await page.getByLabel('Nama usaha').fill(businessName);
	await page.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Daftar sekarang' }).click();
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	// Every test may go offline from here on: the app shell must be installed first, as on a real phone
	// that has opened Lapak once with a signal.
	await waitForServiceWorker(page);
}

export async function login(page: Page, phone: string): Promise<void> {
	await page.goto('/app/masuk');
	await page.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
}

/** Waits until the service worker has installed the app shell and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
		}
	});
}

export async function addProduct(page: Page, name: string, price: string, stock = '10'): Promise<void> {
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill(name);
	await page.getByLabel('Harga (Rp)').fill(price);
	await page.getByLabel('Satuan').fill('pcs');
	await page.getByLabel('Stok awal').fill(stock);
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
}

export function pendingCount(page: Page) {
	return page.getByTestId('pending-count');
}

export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
	await context.setOffline(offline);
}

/** Waits until this phone's outbox is empty: every change it made has been answered by the server. */
export async function waitUntilSent(page: Page): Promise<void> {
	const outboxCount = () =>
		page.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const request = indexedDB.open('lapak');
					request.onsuccess = () => {
						const count = request.result.transaction('outbox').objectStore('outbox').count();
						count.onsuccess = () => {
							resolve(count.result);
							request.result.close();
						};
					};
					request.onerror = () => reject(request.error);
				})
		);
	await expect.poll(outboxCount, { intervals: [100] }).toBe(0);
}

/**
 * A phone like the other tests' (see playwright.config.ts) on a server of a spec's own: the specs that need
 * the admin command line start one, since the shared end-to-end server keeps its database out of reach.
 */
export function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
	const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId } =
		test.info().project.use;
	return browser.newContext({
		viewport,
		userAgent,
		deviceScaleFactor,
		isMobile,
		hasTouch,
		locale,
		timezoneId,
		serviceWorkers: 'allow',
		baseURL
	});
}
