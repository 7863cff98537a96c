// Checks the size budgets of DESIGN.md §5 against the built app and prints the measured figures.
// Run after `npm run build`: `npm run budget`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { shopPageBudget } from './budget-shop.js';
import { firstVisitBudget } from './budget-first-visit.js';

const BUILD = 'build';
const CLIENT = join(BUILD, 'client');
const PRERENDERED = join(BUILD, 'prerendered');

const budgets = {
	appCriticalJsGzip: 80 * 1024,
	precacheBytes: 1024 * 1024
};

if (!existsSync(join(BUILD, 'index.js'))) {
	console.error('budget: no build found. Run `npm run build` first.');
	process.exit(1);
}

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Every JS file a page loads before it can draw: its module scripts and their static imports. */
function criticalScripts(htmlFile, { followDynamic = false } = {}) {
	const html = readFileSync(htmlFile, 'utf8');
	const found = new Set();
	const queue = [];
	const add = (file) => {
		if (!found.has(file) && existsSync(file)) {
			found.add(file);
			queue.push(file);
		}
	};
	// The prerendered page refers to its scripts relative to itself ("./_app/…" or "../_app/…").
	const toClientFile = (href) => {
		const fromRoot = href.startsWith('/')
			? href
			: posix.normalize(posix.join(posix.dirname(`/${posix.relative(PRERENDERED, htmlFile)}`), href));
		return join(CLIENT, fromRoot);
	};
	for (const match of html.matchAll(/<link[^>]+href="([^"]+\.js)"[^>]*rel="modulepreload"/g))
		add(toClientFile(match[1]));
	for (const match of html.matchAll(/import\("([^"]+\.js)"\)/g)) add(toClientFile(match[1]));
	for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) add(toClientFile(match[1]));
	while (queue.length) {
		const file = queue.shift();
		const code = readFileSync(file, 'utf8');
		// Static imports only (`import … from "./x.js"` and `import "./x.js"`); dynamic import() is lazy.
		for (const match of code.matchAll(/(?:from|import)\s*["']([^"']+\.js)["']/g)) {
			add(join(dirname(file), match[1]));
		}
		// The router's entry lazily imports every page; the other lazy imports are this page's own.
		if (followDynamic && !/[\\/]entry[\\/]app\./.test(file)) {
			for (const match of code.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) {
				add(join(dirname(file), match[1]));
			}
		}
	}
	return [...found];
}

function precacheEntries() {
	const sw = readFileSync(join(CLIENT, 'service-worker.js'), 'utf8');
	const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]);
	return urls.map((url) => {
		const clientFile = join(CLIENT, url);
		if (existsSync(clientFile) && statSync(clientFile).isFile()) return { url, file: clientFile };
		return { url, file: join(PRERENDERED, `${url}.html`) };
	});
}

let failed = false;
function report(name, measured, budget, detail) {
	const ok = measured <= budget;
	if (!ok) failed = true;
	console.log(
		`${ok ? 'ok  ' : 'FAIL'} ${name}: ${kb(measured)} (budget ${kb(budget)})${detail ? ` — ${detail}` : ''}`
	);
}

const appScripts = criticalScripts(join(PRERENDERED, 'app.html'));
const appGzip = appScripts.reduce((sum, file) => sum + gzipSize(file), 0);
report(
	'JavaScript on the critical path of /app, gzip',
	appGzip,
	budgets.appCriticalJsGzip,
	`${appScripts.length} files`
);

// Not a budget: the phone's database layer (Dexie, the sync engine) loads right after the first paint.
const withData = criticalScripts(join(PRERENDERED, 'app.html'), { followDynamic: true });
const withDataGzip = withData.reduce((sum, file) => sum + gzipSize(file), 0);
console.log(
	`info /app with everything it loads after the first paint, gzip: ${kb(withDataGzip)} (${withData.length} files)`
);

const entries = precacheEntries();
const missing = entries.filter((entry) => !existsSync(entry.file));
if (missing.length) {
	console.log(`FAIL precache entries without a file: ${missing.map((entry) => entry.url).join(', ')}`);
	failed = true;
}
if (!entries.some((entry) => entry.url === 'app')) {
	console.log('FAIL the /app shell is not precached');
	failed = true;
}
const present = entries.filter((entry) => existsSync(entry.file));
const precacheBytes = present.reduce((sum, entry) => sum + statSync(entry.file).size, 0);
const precacheGzip = present.reduce((sum, entry) => sum + gzipSize(entry.file), 0);
report(
	'everything the service worker precaches',
	precacheBytes,
	budgets.precacheBytes,
	`${entries.length} files, ${kb(precacheGzip)} gzip`
);

// The first visit of /app (Masuk, then Daftar) and of /app/daftar, measured in Chromium against the built server.
await firstVisitBudget(report);

if (process.argv.includes('--verbose')) {
	for (const file of appScripts) console.log(`     ${kb(gzipSize(file)).padStart(9)}  ${file}`);
}
if (!(await shopPageBudget())) failed = true;
process.exit(failed ? 1 : 0);
