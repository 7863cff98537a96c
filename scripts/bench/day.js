// A seller's day (DESIGN.md §5): in Chromium on a 360×640 phone, offline, 20 products with a photo each and
// 50 sales entered through the app's own screens; then the phone comes online on a 750 Kbps / 100 ms link
// (Network.emulateNetworkConditionsByRule) and the clock runs until everything is sent: the status bar says
// so, the phone's outbox is empty and every photo is marked sent. The server is then asked for every row
// and photo (not timed). Budget: ≤ 20 s. Printed beside it: the bytes the phone uploaded.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { chromium, devices } from 'playwright';
import sharp from 'sharp';
import { PIN, registerSeller } from './lib/api.js';
import { root } from './lib/paths.js';
import { load } from './lib/report.js';
import { withServer } from './lib/server.js';

const PRODUCTS = 20;
const SALES = 50;
const BUDGET_MS = 20_000;
const LINK = { kbps: 750, latencyMs: 100 };
const TIMEOUT_MS = 180_000;
/** What the status bar says when nothing waits to be sent (sync.all_sent in src/lib/i18n/id.json). */
const ALL_SENT = 'Semua sudah terkirim';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const phone = {
	...devices['Pixel 5'],
	viewport: { width: 360, height: 640 },
	locale: 'id-ID',
	timezoneId: 'Asia/Jakarta'
};

/**
 * Twenty different camera-sized photos (1600×1200 JPEG, as a phone's gallery hands them over, busy real
 * photographs: tests/fixtures/photos and the 4000×3000 fixture), each cut and turned its own way.
 */
async function makePhotos(dir) {
	const sources = [
		'tests/fixtures/warung-4000x3000-gps.jpg',
		'tests/fixtures/photos/hubble.jpg',
		'tests/fixtures/photos/coffee.jpg',
		'tests/fixtures/photos/astronaut.jpg',
		'tests/fixtures/photos/rocket.jpg',
		'tests/fixtures/photos/chelsea.jpg'
	].map((file) => path.join(root, file));
	const files = [];
	for (let n = 0; n < PRODUCTS; n++) {
		const source = sources[n % sources.length];
		const { width, height } = await sharp(source).metadata();
		// A different crop of each source each time: 80 % of it, moved along.
		const cropWidth = Math.round(width * 0.8);
		const cropHeight = Math.round(height * 0.8);
		const step = Math.floor(n / sources.length);
		let image = sharp(source).extract({
			left: Math.round((width - cropWidth) * (step / 3)),
			top: Math.round((height - cropHeight) * ((3 - step) / 3)),
			width: cropWidth,
			height: cropHeight
		});
		if (n % 2) image = image.flop();
		const file = path.join(dir, `photo-${n + 1}.jpg`);
		await image.resize(1600, 1200, { fit: 'cover' }).jpeg({ quality: 90 }).toFile(file);
		files.push(file);
	}
	return files;
}

/** Offline, or online through the day's link, for every request of the page (navigator.onLine follows). */
async function setLink(cdp, state) {
	const conditions =
		state === 'offline'
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

/** What the phone holds: the outbox, photos by state and their bytes, and whether the bar says all is sent. */
async function phoneState(allSent) {
	const synced = !!document.querySelector('[data-testid="pending-count"]')?.textContent?.includes(allSent);
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('lapak');
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const database = request.result;
			const transaction = database.transaction(['outbox', 'photos']);
			const outbox = transaction.objectStore('outbox').count();
			const photos = transaction.objectStore('photos').getAll();
			transaction.oncomplete = () => {
				database.close();
				const rows = photos.result;
				resolve({
					synced,
					outbox: outbox.result,
					photos: rows.length,
					photosWaiting: rows.filter((row) => row.uploaded !== 1).length,
					photoBytes: rows.reduce((sum, row) => sum + row.blob.size, 0),
					hashes: rows.map((row) => row.sha256)
				});
			};
			transaction.onerror = () => reject(transaction.error);
		};
	});
}

async function enterTheDay(page, photos) {
	for (let n = 1; n <= PRODUCTS; n++) {
		await page.getByRole('link', { name: 'Produk', exact: true }).click();
		await page.getByRole('link', { name: 'Tambah produk' }).click();
		await page.getByLabel('Pilih dari galeri').setInputFiles(photos[n - 1]);
		await page.getByRole('img', { name: 'Foto produk ke-1' }).waitFor();
		await page.getByLabel('Nama produk').fill(`Barang ${n}`);
		await page.getByLabel('Harga (Rp)').fill(String(1000 * n));
		await page.getByLabel('Satuan').fill('pcs');
		await page.getByLabel('Stok awal').fill('100');
		await page.getByRole('button', { name: 'Simpan', exact: true }).click();
		await page.getByRole('heading', { name: 'Produk', exact: true }).waitFor();
	}
	for (let n = 1; n <= SALES; n++) {
		await page.goto('/app/pesanan/baru');
		const tiles = page.getByRole('button', { name: /^Barang \d+ Rp/ });
		await tiles.first().waitFor();
		await tiles.nth(n % Math.min(4, await tiles.count())).click();
		await page.getByRole('button', { name: 'Lunas, selesai' }).click();
		await page.getByRole('heading', { level: 1, name: /^Pesanan / }).waitFor();
	}
}

/** The server's copy, read as the seller from nothing: every product, order and photo must be there. */
async function checkServer(page, hashes) {
	const counts = { product: 0, order: 0 };
	const clientId = randomUUID();
	const cursors = {};
	for (let more = true; more;) {
		const answer = await page.request.post('/api/sync/pull', { data: { clientId, cursors } });
		if (!answer.ok()) throw new Error(`pull: ${answer.status()}`);
		more = false;
		for (const [spaceId, space] of Object.entries((await answer.json()).spaces)) {
			for (const change of space.changes) if (change.entity in counts) counts[change.entity]++;
			cursors[spaceId] = space.cursor;
			more ||= space.more;
		}
	}
	if (counts.product !== PRODUCTS || counts.order !== SALES) {
		throw new Error(`the server has ${counts.product} products and ${counts.order} orders`);
	}
	for (const hash of hashes) {
		const photo = await page.request.get(`/api/photos/${hash}`);
		if (photo.status() !== 200) throw new Error(`the server answers ${photo.status()} for photo ${hash}`);
	}
}

async function oneDay(browser, server, photos) {
	const seller = await registerSeller(server.url);
	const context = await browser.newContext({ ...phone, baseURL: server.url, serviceWorkers: 'allow' });
	try {
		const page = await context.newPage();
		await page.goto('/app/masuk');
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) {
				await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
			}
		});
		await page.getByLabel('Nomor HP (WhatsApp)').fill(seller.phone);
		await page.getByLabel('PIN (6 angka)').fill(PIN);
		await page.getByRole('button', { name: 'Masuk', exact: true }).click();
		await page.getByRole('heading', { name: 'Halo, Sari' }).waitFor();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await setLink(cdp, 'offline');
		await enterTheDay(page, photos);

		// Bytes the phone sends from here on: request bodies (photos are Blobs, counted from IndexedDB).
		let jsonBytes = 0;
		page.on('request', (request) => {
			if (request.method() !== 'PUT') jsonBytes += request.postDataBuffer()?.length ?? 0;
		});
		const before = await page.evaluate(phoneState, ALL_SENT);
		if (before.photos !== PRODUCTS || before.outbox < PRODUCTS + SALES) {
			throw new Error(`the day was not entered: ${JSON.stringify({ ...before, hashes: undefined })}`);
		}
		await setLink(cdp, LINK);
		const started = performance.now();
		let state;
		for (;;) {
			state = await page.evaluate(phoneState, ALL_SENT);
			if (state.synced && state.outbox === 0 && state.photosWaiting === 0) break;
			if (performance.now() - started > TIMEOUT_MS) {
				throw new Error(
					`not sent after ${TIMEOUT_MS / 1000} s: ${JSON.stringify({ ...state, hashes: undefined })}`
				);
			}
			await sleep(50);
		}
		const ms = performance.now() - started;
		await setLink(cdp, { kbps: 1_000_000, latencyMs: 0 });
		await checkServer(page, state.hashes);
		return { ms, photoBytes: state.photoBytes, jsonBytes, photos: state.photos, mutations: before.outbox };
	} finally {
		await context.close();
	}
}

/**
 * @param {import('./lib/report.js').Report} report
 * @param {number} runs
 */
export async function benchDay(report, runs) {
	const part = 'day';
	const dir = await mkdtemp(path.join(tmpdir(), 'lapak-day-'));
	try {
		const photos = await makePhotos(dir);
		await withServer('sqlite', async (server) => {
			const browser = await chromium.launch({
				executablePath: existsSync(chromiumPath) ? chromiumPath : undefined,
				args: [
					'--no-sandbox',
					'--disable-background-networking',
					'--disable-component-update',
					'--disable-sync',
					'--no-first-run'
				]
			});
			try {
				const times = [];
				const uploaded = [];
				const photoKb = [];
				const loads = [];
				for (let run = 0; run < runs; run++) {
					loads.push(load());
					const result = await oneDay(browser, server, photos);
					times.push(result.ms);
					uploaded.push((result.photoBytes + result.jsonBytes) / 1000);
					photoKb.push(result.photoBytes / 1000 / result.photos);
					console.error(
						`  ${part} run ${run + 1}: ${(result.ms / 1000).toFixed(2)} s for ${result.mutations} changes and ` +
							`${result.photos} photos; ${(result.photoBytes / 1000).toFixed(0)} KB of photos + ` +
							`${(result.jsonBytes / 1000).toFixed(0)} KB of JSON`
					);
				}
				report.budget(
					part,
					`${PRODUCTS} products with photos + ${SALES} sales, sent on 750 Kbps / 100 ms`,
					times,
					's',
					loads,
					{
						budget: `≤ ${BUDGET_MS / 1000} s`,
						ok: (median) => median <= BUDGET_MS
					}
				);
				report.figure(part, 'bytes uploaded (KB)', uploaded.map(Math.round), '', loads);
				report.figure(part, 'a photo, on average (KB)', photoKb.map(Math.round), '', loads);
			} finally {
				await browser.close();
			}
		});
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
