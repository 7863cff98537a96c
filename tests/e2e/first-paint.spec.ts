import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { freshPhone, registerSeller } from './helpers';

// What the prerendered /app paints before any of the app's scripts run (Lighthouse's LCP of a first visit):
// the log-in form for a new phone, and never that form for a phone that remembers an account.

/** A phone (optionally with another's stored state) whose pages load none of the app's JavaScript. */
async function phoneWithoutScripts(
	browser: Browser,
	storageState?: Awaited<ReturnType<BrowserContext['storageState']>>
): Promise<BrowserContext> {
	// No service worker either: page.route does not see what a service worker answers.
	const context = await browser.newContext({ storageState, serviceWorkers: 'block' });
	await context.route('**/_app/**/*.js', (route) => route.abort());
	return context;
}

for (const address of ['/app', '/app/masuk']) {
	test(`a new phone sees the log-in form of ${address} before any script runs`, async ({ browser }) => {
		const context = await phoneWithoutScripts(browser);
		const page = await context.newPage();
		await page.goto(address);
		await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
		await expect(page.getByLabel('Nomor HP (WhatsApp)')).toBeVisible();
		await expect(page.getByLabel('PIN (6 angka)')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Masuk', exact: true })).toBeVisible();
		await expect(page.getByText('Membuka data di HP…')).toBeHidden();
		await context.close();
	});
}

test('a phone that remembers an account paints "opening", not the log-in form, then Beranda', async ({
	browser
}) => {
	const seller = await browser.newContext();
	const page = await seller.newPage();
	await registerSeller(page, freshPhone());

	const sameStorage = await phoneWithoutScripts(browser, await seller.storageState());
	const before = await sameStorage.newPage();
	await before.goto('/app');
	await expect(before.getByText('Membuka data di HP…')).toBeVisible();
	await expect(before.getByRole('heading', { name: 'Masuk', exact: true })).toBeHidden();
	await expect(before.getByLabel('Nomor HP (WhatsApp)')).toBeHidden();
	await sameStorage.close();

	// With its scripts, the same page hydrates into Beranda, offline too.
	await seller.setOffline(true);
	await page.goto('/app');
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	await expect(page.getByText('Membuka data di HP…')).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeHidden();
	await seller.close();
});
