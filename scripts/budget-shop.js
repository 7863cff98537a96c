// The shop page's budget (DESIGN.md §5): a shop of 30 photographed products, everything a buyer scrolling it
// on a 360 px wide, 2× phone downloads, ≤ 500 KB; and its JavaScript, 0. Called by budget.js after the
// build: starts the built server on a fresh SQLite DATA_DIR, seeds the shop through the API as a phone
// would, and drives Chromium down the page, adding up what the network log says it transferred.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import sharp from 'sharp';
import { ADAPTER_BODY_SIZE_LIMIT } from './body-limit.js';

const SHOP_PAGE_BUDGET = 500 * 1024;
const PRODUCTS = 30;
const CAMERA = 'tests/fixtures/warung-4000x3000-gps.jpg';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The built server on its own port and a fresh SQLite DATA_DIR, as `npm start` runs it. */
async function startServer(dataDir) {
	const port = await freePort();
	const env = { ...process.env };
	delete env.DATABASE_URL;
	for (const name of Object.keys(env)) if (name.startsWith('S3_')) delete env[name];
	const child = spawn(process.execPath, ['--import', './scripts/security-headers.js', 'build/index.js'], {
		env: {
			...env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			DATA_DIR: dataDir,
			BODY_SIZE_LIMIT: ADAPTER_BODY_SIZE_LIMIT,
			SHUTDOWN_TIMEOUT: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
		try {
			const response = await fetch(`${url}/api/me`);
			await response.body?.cancel();
			if (response.status === 401) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server did not answer within 20 s:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		url,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', resolve);
				child.kill('SIGTERM');
			})
	};
}

/**
 * Thirty different product photos as the phone makes them today (1280 × 960 WebP, quality 0.8): parts of
 * the camera fixture, each with its colours turned.
 */
async function productPhotos() {
	const camera = readFileSync(CAMERA);
	return Promise.all(
		Array.from({ length: PRODUCTS }, (_, seed) =>
			sharp(camera)
				.extract({ left: (seed * 97) % 1600, top: (seed * 53) % 1200, width: 2400, height: 1800 })
				.modulate({ hue: (seed * 37) % 360 })
				.resize(1280, 960)
				.webp({ quality: 80 })
				.toBuffer()
		)
	);
}

/** A seller with 30 products, each with its photo, pushed and uploaded as the phone does. Returns the slug. */
async function seedShop(base, photos) {
	let cookie = '';
	const call = async (method, path, body, headers = {}) => {
		const response = await fetch(base + path, {
			method,
			headers: { cookie, ...headers },
			body
		});
		const session = response.headers.getSetCookie().find((line) => line.startsWith('session='));
		if (session) cookie = session.split(';')[0];
		if (response.status >= 300)
			throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return response.status === 204 ? null : response.json().catch(() => null);
	};
	const json = (value) => [JSON.stringify(value), { 'content-type': 'application/json' }];
	const account = await call(
		'POST',
		'/api/auth/register',
		...json({ name: 'Sari', phone: '081234567890', pin: '135790', businessName: 'Warung Bu Sari' })
	);
	const space = account.spaces[0];
	const names = ['Kopi', 'Teh', 'Gula', 'Beras', 'Minyak', 'Sabun'];
	const at = new Date().toISOString();
	const hashes = photos.map((bytes) => createHash('sha256').update(bytes).digest('hex'));
	const mutations = hashes.map((hash, i) => ({
		id: i + 1,
		name: 'product.put',
		space: space.id,
		at,
		args: {
			id: randomUUID(),
			name: `${names[i % names.length]} ${i + 1}`,
			price: 2500 + 500 * i,
			unit: 'pcs',
			stock: 10,
			photos: [hash]
		}
	}));
	await call('POST', '/api/sync/push', ...json({ clientId: randomUUID(), mutations }));
	for (const [i, bytes] of photos.entries()) {
		await call('PUT', `/api/photos/${hashes[i]}`, bytes, { 'content-type': 'image/webp' });
	}
	const slug = space.slug ?? (await call('GET', '/api/me')).spaces[0].slug;
	return slug;
}

/** Everything a 360 × 640, 2× phone downloads opening the shop page and scrolling to its end. */
async function buyerScrolls(url) {
	const executablePath =
		process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
	try {
		const context = await browser.newContext({
			viewport: { width: 360, height: 640 },
			deviceScaleFactor: 2,
			isMobile: true,
			hasTouch: true,
			serviceWorkers: 'block'
		});
		const page = await context.newPage();
		const finished = [];
		page.on('requestfinished', async (request) => {
			finished.push(
				request.sizes().then((sizes) => ({
					url: request.url(),
					type: request.resourceType(),
					bytes: sizes.responseBodySize + sizes.responseHeadersSize
				}))
			);
		});
		const response = await page.goto(url, { waitUntil: 'networkidle' });
		if (response?.status() !== 200) throw new Error(`shop page answered ${response?.status()}`);
		const html = await response.text();
		const eagerImages = await page.locator('img[loading="eager"]').count();
		// down the page a screen at a time, as a thumb does, letting the lazy photos load
		for (let step = 0; step < 100; step++) {
			const atEnd = await page.evaluate(() => {
				window.scrollBy(0, window.innerHeight * 0.8);
				return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
			});
			await page.waitForLoadState('networkidle');
			if (atEnd) break;
		}
		await page.waitForTimeout(300);
		await page.waitForLoadState('networkidle');
		const resources = await Promise.all(finished);
		const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
		const inlineJs = inlineScripts.reduce((sum, match) => sum + gzipSync(match[1]).length, 0);
		return { resources, eagerImages, inlineJs };
	} finally {
		await browser.close();
	}
}

/**
 * Measures the seeded shop page and prints its lines beside budget.js's own; returns false when a budget
 * is passed.
 */
export async function shopPageBudget() {
	const dataDir = mkdtempSync(join(tmpdir(), 'lapak-budget-'));
	let server;
	try {
		const photos = await productPhotos();
		server = await startServer(dataDir);
		const slug = await seedShop(server.url, photos);
		const { resources, eagerImages, inlineJs } = await buyerScrolls(`${server.url}/toko/${slug}`);
		const total = resources.reduce((sum, resource) => sum + resource.bytes, 0);
		const of = (type) => resources.filter((resource) => resource.type === type);
		const sum = (list) => list.reduce((all, resource) => all + resource.bytes, 0);
		const images = of('image');
		const small = images.filter((image) => /\?w=320$/.test(image.url)).length;
		const scripts = of('script');
		const scriptBytes = sum(scripts) + inlineJs;
		const ok = total <= SHOP_PAGE_BUDGET;
		console.log(
			`${ok ? 'ok  ' : 'FAIL'} a shop page of ${PRODUCTS} photographed products, everything a buyer scrolling ` +
				`it downloads (360 px, 2×): ${kb(total)} (budget ${kb(SHOP_PAGE_BUDGET)}) — HTML ${kb(sum(of('document')))}, ` +
				`CSS ${kb(sum(of('stylesheet')))}, ${images.length} photos ${kb(sum(images))} ` +
				`(${small} of them the 320 px variant, ${eagerImages} loaded at once)`
		);
		const originals = photos.reduce((all, bytes) => all + bytes.length, 0);
		console.log(
			`info the same photos as uploaded (what the page sent before the variants): ${kb(originals)}`
		);
		const jsOk = scripts.length === 0 && inlineJs === 0;
		console.log(
			`${jsOk ? 'ok  ' : 'FAIL'} JavaScript of a storefront page: ${kb(scriptBytes)} in ${scripts.length} files (budget 0)`
		);
		return ok && jsOk;
	} finally {
		await server?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}
