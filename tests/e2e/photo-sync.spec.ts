import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { freshPhone, pendingCount, registerSeller, waitUntilSent } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const PHOTOS = ['photos/coffee.jpg', 'photos/astronaut.jpg', 'photos/chelsea.jpg', 'photos/rocket.jpg'];

/** The photos this phone keeps, as IndexedDB holds them: `uploaded` -1 draft, 0 waiting, 1 sent. */
function keptPhotos(page: Page): Promise<{ sha256: string; uploaded: number }[]> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('lapak');
				request.onsuccess = () => {
					const all = request.result.transaction('photos').objectStore('photos').getAll();
					all.onsuccess = () => {
						resolve(all.result.map(({ sha256, uploaded }) => ({ sha256, uploaded })));
						request.result.close();
					};
				};
				request.onerror = () => reject(request.error);
			})
	);
}

async function openNewProduct(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
}

async function pickPhoto(page: Page, file: string): Promise<void> {
	await page.getByLabel('Pilih dari galeri').setInputFiles(fixture(file));
	await expect(page.getByRole('img', { name: 'Foto produk ke-1' })).toBeVisible();
}

async function addProductWithPhoto(page: Page, name: string, file: string): Promise<void> {
	await openNewProduct(page);
	await pickPhoto(page, file);
	await page.getByLabel('Nama produk').fill(name);
	await page.getByLabel('Harga (Rp)').fill('5000');
	await page.getByLabel('Satuan').fill('pcs');
	await page.getByLabel('Stok awal').fill('10');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
}

/** Every photo the phone PUT to the server, by hash. */
function recordPhotoUploads(page: Page): { hash: string; at: number }[] {
	const uploads: { hash: string; at: number }[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (request.method() === 'PUT' && url.pathname.startsWith('/api/photos/')) {
			uploads.push({ hash: url.pathname.split('/').at(-1)!, at: Date.now() });
		}
	});
	return uploads;
}

test('a photo picked and then abandoned (Kembali, or the app closed mid-form) is never uploaded', async ({
	page,
	context
}) => {
	const uploads = recordPhotoUploads(page);
	await registerSeller(page, freshPhone());
	await context.setOffline(true);

	// Picked, then the app closed before saving (a reload drops the form as a kill does).
	await openNewProduct(page);
	await pickPhoto(page, 'photos/coffee.jpg');
	await page.reload();
	// Picked, then "Kembali".
	await openNewProduct(page);
	await pickPhoto(page, 'photos/astronaut.jpg');
	await page.getByRole('link', { name: 'Kembali' }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
	const abandoned = (await keptPhotos(page)).map((photo) => photo.sha256);
	expect(await keptPhotos(page)).toEqual(abandoned.map((sha256) => ({ sha256, uploaded: -1 })));
	expect(abandoned).toHaveLength(2);
	// Nothing a saved record names waits: the bar does not count the drafts.
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');

	// A photo that a saved product names does go.
	await addProductWithPhoto(page, 'Kopi tubruk', 'photos/chelsea.jpg');
	await expect(pendingCount(page)).toHaveText('2 menunggu dikirim');
	const saved = (await keptPhotos(page)).find((photo) => !abandoned.includes(photo.sha256))!;

	await context.setOffline(false);
	await waitUntilSent(page);
	await expect
		.poll(async () => (await keptPhotos(page)).find((p) => p.sha256 === saved.sha256)?.uploaded)
		.toBe(1);
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim');
	expect(uploads.map((upload) => upload.hash)).toEqual([saved.sha256]);
	// The server has the saved one and never got the others.
	expect((await page.request.get(`/api/photos/${saved.sha256}`)).status()).toBe(200);
	for (const hash of abandoned) expect((await page.request.get(`/api/photos/${hash}`)).status()).toBe(404);
});

/** Offline, or online through a slow link, for every request of the page (navigator.onLine follows). */
async function link(cdp: CDPSession, state: 'offline' | { kbps: number; latencyMs: number }): Promise<void> {
	const offline = state === 'offline';
	const conditions = offline
		? { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }
		: {
				offline: false,
				latency: state.latencyMs,
				downloadThroughput: (state.kbps * 1000) / 8,
				uploadThroughput: (state.kbps * 1000) / 8
			};
	await cdp.send('Network.emulateNetworkConditionsByRule', {
		matchedNetworkConditions: [{ urlPattern: '', ...conditions }]
	});
	await cdp.send('Network.overrideNetworkState', conditions);
}

test('while photos go up on a slow link the bar shows their progress, and says everything is sent only after the last', async ({
	page
}) => {
	const uploads = recordPhotoUploads(page);
	await registerSeller(page, freshPhone());
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await link(cdp, 'offline');
	await expect(page.getByText('Tanpa sinyal')).toBeVisible();
	for (const [index, file] of PHOTOS.entries()) await addProductWithPhoto(page, `Produk ${index + 1}`, file);
	await expect(pendingCount(page)).toHaveText('8 menunggu dikirim');

	// One line offline, even with photos waiting; the details open on tap.
	const bar = page.getByRole('region', { name: 'Status sinkron' });
	expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(50);
	const line = bar.getByRole('button', { expanded: false });
	expect((await line.boundingBox())!.height).toBeGreaterThanOrEqual(48);
	await line.click();
	await expect(page.getByTestId('photos-pending')).toBeVisible();
	await expect(page.getByTestId('photos-pending')).toHaveText('4 foto menunggu dikirim');
	await bar.getByRole('button', { expanded: true }).click();
	await expect(page.getByTestId('photos-pending')).toBeHidden();
	// Still one line at 320 px, nothing sticking out (the list is cut with "…"; the details hold it all).
	await page.setViewportSize({ width: 320, height: 640 });
	expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(50);
	expect(await bar.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
	await page.setViewportSize({ width: 360, height: 640 });

	// Every text the bar shows from here on, with when it showed.
	await page.evaluate(() => {
		const log: { text: string; at: number }[] = [];
		(window as unknown as { statusLog: typeof log }).statusLog = log;
		const target = document.querySelector('[data-testid="pending-count"]')!.parentElement!;
		const note = () => {
			const text = document.querySelector('[data-testid="pending-count"]')?.textContent?.trim() ?? '';
			if (log.at(-1)?.text !== text) log.push({ text, at: Date.now() });
		};
		note();
		new MutationObserver(note).observe(target, { subtree: true, childList: true, characterData: true });
	});
	// 100 Kbps: a photo of 30–60 KB takes seconds, long enough to be seen going.
	await link(cdp, { kbps: 100, latencyMs: 100 });
	await expect(page.getByTestId('upload-progress')).toHaveText(/^Mengirim foto [1-4] dari 4$/, {
		timeout: 30_000
	});
	await expect(pendingCount(page)).toHaveText('Semua sudah terkirim', { timeout: 60_000 });
	expect((await keptPhotos(page)).map((photo) => photo.uploaded)).toEqual([1, 1, 1, 1]);

	const log = await page.evaluate(
		() => (window as unknown as { statusLog: { text: string; at: number }[] }).statusLog
	);
	const firstSent = log.findIndex((entry) => entry.text === 'Semua sudah terkirim');
	expect(uploads).toHaveLength(4);
	// "Everything sent" came only after the last photo had started going up, and stayed.
	expect(log[firstSent].at).toBeGreaterThan(Math.max(...uploads.map((upload) => upload.at)));
	expect(log.slice(firstSent).every((entry) => entry.text === 'Semua sudah terkirim')).toBe(true);
	expect(log.map((entry) => entry.text)).toContain('Mengirim foto 1 dari 4');
	await link(cdp, { kbps: 100_000, latencyMs: 0 });
});
