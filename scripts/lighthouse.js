// `npm run lighthouse [-- --runs=3]`: Lighthouse 12 mobile (its default: simulated slow 4G, 4× CPU) on the
// three pages DESIGN.md §5 budgets, each run `runs` times, printed as medians beside the budgets:
//   /app cold         a new phone: no cache, no service worker, not logged in (it lands on Masuk)
//   /app warm         the same phone after one visit: logged in, the service worker and its caches in place
//   /toko/<slug>      the shop page of a seller with 30 photographed products
// It starts the built server (building it first when there is no build; run `npm run build` yourself after a
// change, as a stale build is what would be measured) on a fresh SQLite DATA_DIR, with the security headers
// of `npm start`, and seeds the shop through the API as a phone does: register, PUT each photo, push
// `product.put`s. Not part of `npm test`: it takes minutes and its times follow the machine's load (printed).
// CHROMIUM_PATH names the browser (default /usr/bin/chromium). The exit code is 1 when a budget is missed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import sharp from 'sharp';
import { ADAPTER_BODY_SIZE_LIMIT } from './body-limit.js';
import { Device, PIN, registerSeller } from './bench/lib/api.js';
import { root } from './bench/lib/paths.js';
import { createDatabase, freePort, waitForAnswer } from './bench/lib/server.js';

const PRODUCTS = 30;
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

const runsArg = process.argv.find((arg) => arg.startsWith('--runs='));
const RUNS = runsArg ? Number(runsArg.slice('--runs='.length)) : 3;
if (!Number.isInteger(RUNS) || RUNS < 1) {
	console.error('--runs= takes a whole number ≥ 1');
	process.exit(2);
}

/** DESIGN.md §5. */
const BUDGETS = {
	cold: { performance: 98, accessibility: 100, lcpMs: 1500 },
	warm: { performance: 95, accessibility: 100 },
	shop: { performance: 95, accessibility: 100, totalBytes: 500 * 1024 }
};

const entry = path.join(root, 'build/index.js');

function newest(dir) {
	let time = 0;
	for (const item of readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, item.name);
		time = Math.max(time, item.isDirectory() ? newest(file) : statSync(file).mtimeMs);
	}
	return time;
}

function ensureBuild() {
	if (!existsSync(entry)) {
		console.error('lighthouse: no build yet; building (npx vite build)…');
		const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
		if (result.status !== 0 || !existsSync(entry)) process.exit(1);
	} else if (newest(path.join(root, 'src')) > statSync(entry).mtimeMs) {
		console.error(
			'lighthouse: warning: src/ has changed since the last build; the build is what is measured.'
		);
	}
}

/** `node --import security-headers.js build` on a free port, told its plain-http origin, as `npm start` runs it. */
async function startServer(database) {
	const port = await freePort();
	const env = { ...process.env };
	for (const name of ['DATABASE_URL', 'DATA_DIR', 'ORIGIN']) delete env[name];
	for (const name of Object.keys(env)) if (name.startsWith('S3_')) delete env[name];
	const child = spawn(process.execPath, ['--import', path.join(root, 'scripts/security-headers.js'), entry], {
		cwd: root,
		env: {
			...env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			BODY_SIZE_LIMIT: ADAPTER_BODY_SIZE_LIMIT,
			SHUTDOWN_TIMEOUT: '1',
			REGISTRATIONS_PER_HOUR: '1000',
			...database.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	let exitCode = null;
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exitCode = code ?? signal;
			resolve();
		})
	);
	const url = `http://127.0.0.1:${port}`;
	await waitForAnswer(`${url}/api/me`, 401, { exited: () => exitCode, output: () => output });
	return {
		url,
		async stop() {
			if (exitCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
	};
}

/**
 * A product photo as the phone stores one: 1280×960 WebP of a busy picture (the phone's own encoder aims
 * at ≤ 150 KB), different for every product so each has its own hash.
 */
async function productPhoto(index) {
	let seed = index + 1;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	const shapes = [];
	for (let i = 0; i < 400; i++) {
		const hue = Math.floor(random() * 360);
		shapes.push(
			`<rect x="${(random() * 1280).toFixed(0)}" y="${(random() * 960).toFixed(0)}" ` +
				`width="${(10 + random() * 120).toFixed(0)}" height="${(10 + random() * 120).toFixed(0)}" ` +
				`fill="hsl(${hue},70%,50%)" fill-opacity="0.6"/>`
		);
	}
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="960">` +
		`<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${(index * 37) % 360},60%,40%)"/>` +
		`<stop offset="1" stop-color="#fbbf24"/></linearGradient></defs>` +
		`<rect width="1280" height="960" fill="url(#g)"/>${shapes.join('')}` +
		`<text x="120" y="560" font-size="220" font-family="sans-serif" font-weight="bold" fill="#fff">PRODUK ${index + 1}</text></svg>`;
	// A little grain, as a camera's picture has, so the encoder has real work to do.
	const grain = await sharp({
		create: { width: 1280, height: 960, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 8 } }
	})
		.png()
		.toBuffer();
	return sharp(Buffer.from(svg))
		.composite([{ input: grain, blend: 'overlay' }])
		.webp({ quality: 80 })
		.toBuffer();
}

/** A seller and their shop of 30 photographed products, made through the API as the phone makes them. */
async function seedShop(base) {
	const seller = await registerSeller(base, 'Sari', 'Warung Bu Sari');
	const device = new Device(seller.api);
	const mutations = [];
	let photoBytes = 0;
	for (let i = 0; i < PRODUCTS; i++) {
		const photo = await productPhoto(i);
		photoBytes += photo.length;
		const hash = createHash('sha256').update(photo).digest('hex');
		const answer = await fetch(`${base}/api/photos/${hash}`, {
			method: 'PUT',
			headers: { 'content-type': 'image/webp', cookie: `session=${seller.api.cookie}` },
			body: photo
		});
		if (answer.status >= 300) throw new Error(`PUT photo: ${answer.status} ${await answer.text()}`);
		mutations.push(
			device.mutation('product.put', seller.spaceId, {
				id: randomUUID(),
				name: `Produk ${i + 1} ${['Kopi', 'Gula', 'Teh', 'Roti', 'Sabun'][i % 5]}`,
				price: 1000 * (i + 1),
				unit: 'pcs',
				stock: 10 + i,
				category: ['Minuman', 'Sembako', 'Makanan'][i % 3],
				photos: [hash]
			})
		);
	}
	await device.push(mutations);
	const me = await seller.api.post('/api/auth/login', { phone: seller.phone, pin: PIN });
	const slug = me.body.spaces[0].slug;
	const shop = await fetch(`${base}/toko/${slug}`);
	if (shop.status !== 200) throw new Error(`/toko/${slug}: ${shop.status}`);
	console.error(
		`lighthouse: seeded /toko/${slug}: ${PRODUCTS} products, photos ${(photoBytes / 1024).toFixed(0)} KB in all`
	);
	return { slug, phone: seller.phone };
}

async function launchChrome() {
	return chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
}

/** One Lighthouse run; `keepStorage` keeps the profile's cache, service worker, cookies and IndexedDB. */
async function audit(chrome, url, { keepStorage = false } = {}) {
	const result = await lighthouse(url, {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility'],
		disableStorageReset: keepStorage
	});
	const lhr = result.lhr;
	if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	const bytes = {};
	for (const item of lhr.audits['resource-summary']?.details?.items ?? [])
		bytes[item.resourceType] = item.transferSize;
	const failing = Object.values(lhr.audits)
		.filter(
			(item) =>
				lhr.categories.accessibility.auditRefs.some((ref) => ref.id === item.id) &&
				item.score !== null &&
				item.score < 1
		)
		.map((item) => item.id);
	return {
		finalUrl: lhr.finalDisplayedUrl,
		performance: Math.round(lhr.categories.performance.score * 100),
		accessibility: Math.round(lhr.categories.accessibility.score * 100),
		fcp: lhr.audits['first-contentful-paint'].numericValue,
		lcp: lhr.audits['largest-contentful-paint'].numericValue,
		tbt: lhr.audits['total-blocking-time'].numericValue,
		cls: lhr.audits['cumulative-layout-shift'].numericValue,
		bytes,
		failing
	};
}

/** Logs the seller in on this Chrome's profile through the login screen, and waits for the service worker. */
async function visitLoggedIn(chrome, base, phone) {
	const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
	try {
		const page = await browser.newPage();
		await page.goto(`${base}/app/masuk`, { waitUntil: 'networkidle0' });
		await page.type('#phone', phone);
		await page.type('#pin', PIN);
		await Promise.all([
			page.waitForFunction(() => location.pathname === '/app' && !!document.querySelector('nav'), {
				timeout: 30_000
			}),
			page.click('button[type="submit"]')
		]);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
		});
		await page.waitForNetworkIdle({ idleTime: 1000 });
		await page.close();
	} finally {
		await browser.disconnect();
	}
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

let failed = false;
function line(ok, text) {
	if (ok === false) failed = true;
	console.log(`${ok === undefined ? 'info' : ok ? 'ok  ' : 'FAIL'} ${text}`);
}

function summarize(name, runs, budget) {
	const m = (key) => median(runs.map((run) => run[key]));
	const types = [...new Set(runs.flatMap((run) => Object.keys(run.bytes)))];
	const bytes = Object.fromEntries(
		types.map((type) => [type, median(runs.map((run) => run.bytes[type] ?? 0))])
	);
	const kb = (value) => `${(value / 1024).toFixed(0)} KB`;
	const each = (key, format) => runs.map((run) => format(run[key])).join(', ');
	console.log(`\n${name} (${runs.length} runs; ended on ${runs[0].finalUrl})`);
	line(
		m('performance') >= budget.performance,
		`performance ${m('performance')} (budget ≥ ${budget.performance}; runs ${each('performance', String)})`
	);
	line(
		m('accessibility') >= budget.accessibility,
		`accessibility ${m('accessibility')} (budget ${budget.accessibility})` +
			(runs.some((run) => run.failing.length)
				? `; failing: ${[...new Set(runs.flatMap((run) => run.failing))].join(', ')}`
				: '')
	);
	const ms = (value) => `${Math.round(value)} ms`;
	line(
		budget.lcpMs ? m('lcp') <= budget.lcpMs : undefined,
		`LCP ${ms(m('lcp'))}${budget.lcpMs ? ` (budget ≤ ${ms(budget.lcpMs)})` : ''}; runs ${each('lcp', ms)}`
	);
	line(
		undefined,
		`FCP ${ms(m('fcp'))}, TBT ${ms(m('tbt'))} (runs ${each('tbt', ms)}), CLS ${m('cls').toFixed(3)}`
	);
	const byType = Object.entries(bytes)
		.filter(([type, value]) => type !== 'total' && value > 0)
		.map(([type, value]) => `${type} ${kb(value)}`)
		.join(', ');
	line(
		budget.totalBytes ? bytes.total <= budget.totalBytes : undefined,
		`transferred ${kb(bytes.total ?? 0)}${budget.totalBytes ? ` (budget ≤ ${kb(budget.totalBytes)})` : ''}: ${byType || 'nothing'}`
	);
}

ensureBuild();
if (!existsSync(chromePath)) {
	console.error(`lighthouse: no Chromium at ${chromePath}; set CHROMIUM_PATH.`);
	process.exit(1);
}
console.error(`lighthouse: ${RUNS} runs of each page; load before starting ${loadavg()[0].toFixed(2)}`);
const database = await createDatabase('sqlite');
const server = await startServer(database).catch(async (error) => {
	await database.drop();
	throw error;
});
try {
	const { slug, phone } = await seedShop(server.url);
	const results = { cold: [], warm: [], shop: [] };

	for (let i = 0; i < RUNS; i++) {
		// A new phone each time: a fresh profile, and Lighthouse clears the origin's storage too.
		const chrome = await launchChrome();
		try {
			results.cold.push(await audit(chrome, `${server.url}/app`));
			results.shop.push(await audit(chrome, `${server.url}/toko/${slug}`));
		} finally {
			chrome.kill();
		}
	}
	const chrome = await launchChrome();
	try {
		await visitLoggedIn(chrome, server.url, phone);
		for (let i = 0; i < RUNS; i++)
			results.warm.push(await audit(chrome, `${server.url}/app`, { keepStorage: true }));
	} finally {
		chrome.kill();
	}

	console.log(
		`Lighthouse ${RUNS}× mobile (simulated slow 4G, 4× CPU); load ${loadavg()
			.map((n) => n.toFixed(2))
			.join(' ')}`
	);
	summarize('/app first visit (not logged in, lands on Masuk)', results.cold, BUDGETS.cold);
	summarize('/app after one visit (logged in, service worker warm)', results.warm, BUDGETS.warm);
	summarize(`/toko/${slug} (${PRODUCTS} products with photos)`, results.shop, BUDGETS.shop);
} finally {
	await server.stop();
	await database.drop();
}
process.exit(failed ? 1 : 0);
