import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
	addProduct,
	freshPhone,
	pendingCount,
	registerSeller,
	waitForServiceWorker,
	waitUntilSent
} from './helpers';

/** A phone's browser with its profile on disk, as a real one: killed and started again on the same data. */
async function launchPhone(userDataDir: string, baseURL: string): Promise<BrowserContext> {
	const use = test.info().project.use;
	return chromium.launchPersistentContext(userDataDir, {
		...use.launchOptions,
		viewport: use.viewport,
		userAgent: use.userAgent,
		deviceScaleFactor: use.deviceScaleFactor,
		isMobile: use.isMobile,
		hasTouch: use.hasTouch,
		locale: use.locale,
		timezoneId: use.timezoneId,
		serviceWorkers: 'allow',
		baseURL
	});
}

/**
 * Kills the browser process of a profile with SIGKILL, as Android kills a browser in the background: no
 * shutdown, nothing written that was not on disk yet. The process is found by its own `--user-data-dir`
 * (Playwright gives no handle on the process of a persistent context); its renderers die with it.
 */
async function killBrowser(context: BrowserContext, userDataDir: string): Promise<void> {
	const closed = new Promise((resolve) => context.once('close', resolve));
	const killed: number[] = [];
	for (const pid of await readdir('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
		if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((arg) => arg.startsWith('--type='))) {
			process.kill(Number(pid), 'SIGKILL');
			killed.push(Number(pid));
		}
	}
	expect(killed).toHaveLength(1);
	await closed;
}

/** This phone's device credential, read from IndexedDB as the app keeps it. */
function storedCredential(page: Page): Promise<{ clientId: string; secret: string } | undefined> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('lapak');
				open.onsuccess = () => {
					const get = open.result.transaction('meta').objectStore('meta').get('deviceCredential');
					get.onsuccess = () => {
						resolve(get.result?.value);
						open.result.close();
					};
				};
				open.onerror = () => reject(open.error);
			})
	);
}

test('a login survives the browser killed seconds after sign-up: the sale syncs with no PIN asked', async ({
	baseURL
}) => {
	test.skip(process.platform !== 'linux', 'finds the browser process through /proc');
	const userDataDir = await mkdtemp(path.join(tmpdir(), 'lapak-phone-'));
	try {
		let context = await launchPhone(userDataDir, baseURL!);
		let page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/app/daftar');
		await page.getByLabel('Nama Anda').fill('Sari');
		await page.getByLabel('Nama usaha').fill('Warung Bu Sari');
		await page.getByLabel('Nomor HP (WhatsApp)').fill(freshPhone());
		await page.getByLabel('PIN (6 angka)').fill('246810');
		const signedUpAt = Date.now();
		await page.getByRole('button', { name: 'Daftar sekarang' }).click();
		await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
		// The app shell installed, as on a phone that has opened Lapak once with a signal.
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await killBrowser(context, userDataDir);
		test.info().annotations.push({
			type: 'killed after "Daftar sekarang"',
			description: `${((Date.now() - signedUpAt) / 1000).toFixed(1)} s`
		});

		context = await launchPhone(userDataDir, baseURL!);
		await context.setOffline(true);
		page = context.pages()[0] ?? (await context.newPage());
		// Whether this Chromium wrote the cookie before it died or not, the phone must carry on without it.
		const cookieSurvived = (await context.cookies()).some((cookie) => cookie.name === 'session');
		test.info().annotations.push({ type: 'cookie survived the kill', description: String(cookieSurvived) });
		await context.clearCookies();
		await page.goto('/app');
		await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
		await addProduct(page, 'Kopi sachet', '1500', '20');
		await page
			.getByRole('navigation', { name: 'Menu utama' })
			.getByRole('link', { name: /Pesanan/ })
			.click();
		await page.getByRole('link', { name: 'Catat penjualan' }).click();
		await page.getByRole('button', { name: /^Kopi sachet Rp/ }).click();
		await page.getByRole('button', { name: 'Lunas, selesai' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Pesanan [2-9A-Z]{2,8}-1$/);
		await expect(pendingCount(page)).toHaveText('2 perubahan menunggu dikirim');

		await context.setOffline(false);
		await waitUntilSent(page);
		await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
		await expect(page.getByRole('alert')).toHaveCount(0);
		await expect(page).not.toHaveURL(/masuk/);
		expect((await context.cookies()).some((cookie) => cookie.name === 'session')).toBe(true);

		// Logging out revokes it: the credential the phone held is refused from then on.
		const credential = await storedCredential(page);
		expect(credential?.secret).toMatch(/^[\w-]{43}$/);
		await page.getByRole('link', { name: 'Pengaturan' }).click();
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Keluar' }).click();
		await expect(page).toHaveURL(/\/app\/masuk/);
		expect(await storedCredential(page)).toBeUndefined();
		const renew = await page.request.post('/api/auth/renew', {
			data: { clientId: credential!.clientId, credential: credential!.secret }
		});
		expect(renew.status()).toBe(401);
		expect((await renew.json()).error.code).toBe('credential_logged_out');
		await context.close();
	} finally {
		await rm(userDataDir, { recursive: true, force: true });
	}
});

test('a phone the owner removed says so, with a button to log in with the PIN', async ({ browser }) => {
	const phone = freshPhone();
	const first = await browser.newContext();
	const owner = await first.newPage();
	await registerSeller(owner, phone);

	const second = await browser.newContext();
	const removed = await second.newPage();
	await removed.goto('/app/masuk');
	await removed.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await removed.getByLabel('PIN (6 angka)').fill('246810');
	await removed.getByRole('button', { name: 'Masuk' }).click();
	await expect(removed.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();

	await owner.getByRole('link', { name: 'Pengaturan' }).click();
	const list = owner.getByRole('region', { name: 'HP yang masuk ke akun ini' });
	await expect(list.getByText('(HP ini)')).toBeVisible();
	const removeButtons = list.getByRole('button', { name: /^Hapus HP .* dari akun$/ });
	await expect(removeButtons).toHaveCount(1);
	owner.once('dialog', (dialog) => void dialog.accept());
	await removeButtons.click();
	await expect(list.getByRole('status')).toContainText('sudah dihapus dari akun Anda');
	await expect(removeButtons).toHaveCount(0);

	await addProduct(removed, 'Teh botol', '4000');
	const alert = removed.getByRole('alert');
	await expect(alert).toContainText('HP ini dihapus dari akun Anda');
	await expect(alert).not.toContainText('Sesi Anda habis');
	const button = alert.getByRole('link', { name: 'Masuk dengan PIN' });
	expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(48);
	await expect(pendingCount(removed)).toHaveText('1 perubahan menunggu dikirim');

	await button.click();
	await removed.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await removed.getByLabel('PIN (6 angka)').fill('246810');
	await removed.getByRole('button', { name: 'Masuk' }).click();
	await expect(pendingCount(removed)).toHaveText('Semua sudah terkirim');
	await first.close();
	await second.close();
});
