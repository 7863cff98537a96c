// The JavaScript a first visit of /app loads before it is idle (DESIGN.md §5), measured in Chromium against
// the built server on a fresh database: a new phone opens /app (it lands on Masuk), then follows the link to
// Daftar; and another new phone opens /app/daftar itself. Every script response the page receives until the
// network and the main thread are idle counts, with the service worker's own script when the page registers
// one. Sizes are gzip (level 9) of each response's bytes, as the other budgets of budget.js count them;
// what the server actually sent (it may pick brotli) is printed beside. `node scripts/budget-first-visit.js`
// runs it alone; budget.js calls it.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { withServer } from './bench/lib/server.js';

export const FIRST_VISIT_BUDGET = 60 * 1024;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Waits until nothing has arrived for a while and the main thread has had an idle moment. */
async function settle(page, arrivals) {
	for (;;) {
		const before = arrivals.count;
		await page.waitForLoadState('networkidle');
		await page.evaluate(
			() => new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 10_000 }))
		);
		// networkidle is 500 ms without requests; idle callbacks may have started new ones.
		await page.waitForTimeout(500);
		await page.waitForLoadState('networkidle');
		if (arrivals.count === before && arrivals.pending === 0) return;
	}
}

/**
 * One new phone (a fresh context: no cache, no service worker, no storage) walking through `steps`;
 * answers the scripts it received, by URL, with their gzip and on-the-wire sizes.
 */
async function visit(browser, base, steps) {
	const context = await browser.newContext({
		baseURL: base,
		viewport: { width: 360, height: 640 },
		serviceWorkers: 'allow'
	});
	const scripts = new Map();
	const precached = new Map();
	const arrivals = { count: 0, pending: 0 };
	const reading = [];
	context.on('response', (response) => {
		arrivals.count++;
		const request = response.request();
		const isScript =
			request.resourceType() === 'script' ||
			/javascript/.test(response.headers()['content-type'] ?? '') ||
			/\.js(\?|$)/.test(new URL(response.url()).pathname);
		if (!isScript || response.status() >= 300) return;
		arrivals.pending++;
		const work = (async () => {
			try {
				const body = await response.body();
				const sizes = await request.sizes().catch(() => ({ responseBodySize: body.length }));
				const entry = { gzip: gzipSync(body, { level: 9 }).length, wire: sizes.responseBodySize };
				// What the service worker fetches for its cache is not the page's JavaScript: listed apart.
				(request.serviceWorker() ? precached : scripts).set(response.url(), entry);
			} catch {
				// a response without a body (a redirect, a cancelled preload): nothing was loaded
			} finally {
				arrivals.pending--;
			}
		})();
		reading.push(work);
	});
	const page = await context.newPage();
	for (const step of steps) {
		await step(page);
		await settle(page, arrivals);
	}
	// The service worker's own script: the browser fetches it for the page's registration.
	const swUrl = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker?.getRegistration();
		return (registration?.installing ?? registration?.waiting ?? registration?.active)?.scriptURL ?? null;
	});
	if (swUrl && !scripts.has(swUrl)) {
		const answer = await context.request.get(swUrl);
		const body = await answer.body();
		scripts.set(swUrl, { gzip: gzipSync(body, { level: 9 }).length, wire: body.length, serviceWorker: true });
	}
	await Promise.all(reading);
	await context.close();
	const sum = (map, key) => [...map.values()].reduce((total, entry) => total + entry[key], 0);
	return {
		scripts,
		gzip: sum(scripts, 'gzip'),
		wire: sum(scripts, 'wire'),
		precachedFiles: precached.size,
		precachedWire: sum(precached, 'wire')
	};
}

/**
 * Measures both first visits and reports them through `report(name, measured, budget, detail)` (budget.js's
 * own function, which marks the run failed when a figure is over its budget).
 */
export async function firstVisitBudget(report, { verbose = process.argv.includes('--verbose') } = {}) {
	if (!existsSync(chromiumPath)) {
		report(
			'JavaScript a first visit of /app loads before it is idle',
			Infinity,
			FIRST_VISIT_BUDGET,
			`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`
		);
		return;
	}
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: [
			...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
	try {
		await withServer('sqlite', async (server) => {
			const runs = [
				{
					name: 'JavaScript a first visit of /app loads before it is idle (login and sign-up screens), gzip',
					steps: [
						(page) => page.goto('/app'),
						async (page) => {
							await page.waitForURL('**/app/masuk');
							await page.locator('a[href="/app/daftar"]').click();
							await page.waitForURL('**/app/daftar');
						}
					],
					how: '/app → Masuk → Daftar'
				},
				{
					name: 'JavaScript a first visit of /app/daftar loads before it is idle, gzip',
					steps: [(page) => page.goto('/app/daftar')],
					how: 'a shared sign-up link'
				}
			];
			for (const run of runs) {
				const measured = await visit(browser, server.url, run.steps);
				const sw = [...measured.scripts.values()].some((entry) => entry.serviceWorker);
				report(
					run.name,
					measured.gzip,
					FIRST_VISIT_BUDGET,
					`${run.how}: ${measured.scripts.size} scripts${sw ? ' (the service worker included)' : ''}, ` +
						`${kb(measured.wire)} as sent` +
						(measured.precachedFiles
							? `; then the service worker fetches ${measured.precachedFiles} scripts (${kb(measured.precachedWire)}) for its cache`
							: '')
				);
				if (verbose) {
					for (const [url, entry] of measured.scripts)
						console.log(`     ${kb(entry.gzip).padStart(9)}  ${new URL(url).pathname}`);
				}
			}
		});
	} finally {
		await browser.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	let failed = false;
	await firstVisitBudget((name, measured, budget, detail) => {
		const ok = measured <= budget;
		failed ||= !ok;
		console.log(
			`${ok ? 'ok  ' : 'FAIL'} ${name}: ${kb(measured)} (budget ${kb(budget)})${detail ? ` — ${detail}` : ''}`
		);
	});
	process.exit(failed ? 1 : 0);
}
