import { expect, test, type Page } from '@playwright/test';
import { addProduct, freshPhone, registerSeller, waitForServiceWorker } from './helpers';

/** The layout shifts the page has had so far that no tap or key caused, summed as CLS counts them. */
function layoutShift(page: Page): Promise<number> {
	return page.evaluate(() => (window as unknown as { __shift: number }).__shift);
}

test('the first visit draws Masuk without the phone database or i18next, in Bahasa Indonesia', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const scripts: string[] = [];
	page.on('request', (request) => {
		if (request.resourceType() === 'script') scripts.push(request.url());
	});
	await page.goto('/app');
	await expect(page).toHaveURL(/\/app\/masuk$/);
	await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
	await expect(page.getByLabel('Nomor HP (WhatsApp)')).toBeVisible();
	await page.waitForLoadState('networkidle');
	const loaded = await Promise.all(scripts.map(async (url) => (await context.request.get(url)).text()));
	// Dexie names its IndexedDB errors; i18next its plural resolver. Neither is needed to draw the screen.
	expect(loaded.filter((code) => code.includes('DatabaseClosedError'))).toEqual([]);
	expect(loaded.filter((code) => code.includes('pluralResolver'))).toEqual([]);

	// Touching the form brings the rest: a wrong entry is explained in the full words.
	await page.getByLabel('Nomor HP (WhatsApp)').fill('12');
	await page.getByRole('button', { name: 'Masuk', exact: true }).click();
	await expect(page.getByText('Nomor HP tidak valid. Tulis seperti 0812 3456 7890')).toBeVisible();
	await context.close();
});

test('Beranda does not jump when its figures arrive', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await registerSeller(page, freshPhone());
	await waitForServiceWorker(page);
	await addProduct(page, 'Kopi sachet', '1.500');

	await page.addInitScript(() => {
		const state = window as unknown as { __shift: number };
		state.__shift = 0;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as (PerformanceEntry & {
				value: number;
				hadRecentInput: boolean;
			})[]) {
				if (!entry.hadRecentInput) state.__shift += entry.value;
			}
		}).observe({ type: 'layout-shift', buffered: true });
	});
	await page.goto('/app');
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Penjualan 14 hari terakhir' })).toBeVisible();
	await expect(page.getByRole('heading', { name: /^Stok menipis/ })).toBeVisible();
	await page.waitForTimeout(500);
	expect(await layoutShift(page)).toBeLessThan(0.01);
	await context.close();
});
