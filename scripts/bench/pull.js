// Pull and store 10,000 orders in Chromium with 4× CPU slowdown: the real app from a fresh login until it is
// synced, beside a raw IndexedDB put of the same records and PouchDB 9 replicating them from pouchdb-server,
// each run of the three one after the other, so a ratio compares runs made at the same moment.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, devices } from 'playwright';
import { Device, PIN, registerSeller } from './lib/api.js';
import { ensurePeer, pouchBrowserSource, startPouchServer } from './lib/peer.js';
import { load } from './lib/report.js';
import { seedOrders } from './lib/seed.js';
import { withServer } from './lib/server.js';

const ORDERS = 10_000;
const CPU_SLOWDOWN = 4;
const TIMEOUT_MS = 300_000;
/** How often the app's database is looked at while it syncs. */
const POLL_MS = 100;
/** What the status bar says when nothing waits to be sent (sync.all_sent in src/lib/i18n/id.json). */
const ALL_SENT = 'Semua sudah terkirim';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A phone as the end-to-end tests have it (playwright.config.ts). */
const phone = {
	...devices['Pixel 5'],
	viewport: { width: 360, height: 640 },
	locale: 'id-ID',
	timezoneId: 'Asia/Jakarta'
};

async function throttle(context, page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

/**
 * How many orders the app's Dexie database holds, and whether the status bar says nothing waits. Runs in
 * the page; never creates the database (opening a name that does not exist would, and Dexie would then
 * find a version-1 database with no tables).
 */
async function appState(allSent) {
	const synced = !!document.querySelector('[data-testid="pending-count"]')?.textContent?.includes(allSent);
	const names = await indexedDB.databases();
	if (!names.some((database) => database.name === 'lapak')) return { synced, orders: 0 };
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('lapak');
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onerror = () => resolve({ synced, orders: 0, error: String(request.error) });
		request.onsuccess = () => {
			const database = request.result;
			if (!database.objectStoreNames.contains('orders')) {
				database.close();
				return resolve({ synced, orders: 0 });
			}
			const count = database.transaction('orders').objectStore('orders').count();
			count.onsuccess = () => {
				database.close();
				resolve({ synced, orders: count.result });
			};
			count.onerror = () => reject(count.error);
		};
	});
}

/** The keyPath and indexes of the app's `orders` store, so the raw put maintains the same indexes. */
async function ordersSchema() {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('lapak');
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const database = request.result;
			const store = database.transaction('orders').objectStore('orders');
			const indexes = [...store.indexNames].map((name) => {
				const index = store.index(name);
				return { name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
			});
			const schema = { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
			database.close();
			resolve(schema);
		};
	});
}

/** The real app: log in on /app/masuk and wait until every order is in IndexedDB and the status says so. */
async function appRun(browser, server, seller) {
	const context = await browser.newContext({ ...phone, baseURL: server.url, serviceWorkers: 'allow' });
	try {
		const page = await context.newPage();
		await page.goto('/app/masuk');
		// The app shell is installed first, as on a phone that has opened Lapak before: precaching is not
		// part of pulling.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) {
				await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
			}
		});
		await page.getByLabel('Nomor HP (WhatsApp)').fill(seller.phone);
		await page.getByLabel('PIN (6 angka)').fill(PIN);
		await throttle(context, page);
		const started = performance.now();
		await page.getByRole('button', { name: 'Masuk', exact: true }).click();
		let state;
		let firstMs;
		for (;;) {
			state = await page.evaluate(appState, ALL_SENT);
			if (state.orders > 0) firstMs ??= performance.now() - started;
			if (state.synced && state.orders === ORDERS) break;
			if (state.orders > ORDERS) throw new Error(`the app holds ${state.orders} orders`);
			if (performance.now() - started > TIMEOUT_MS) {
				throw new Error(`the app was not synced after ${TIMEOUT_MS / 1000} s: ${JSON.stringify(state)}`);
			}
			await sleep(POLL_MS);
		}
		const ms = performance.now() - started;
		return { ms, firstMs, schema: await page.evaluate(ordersSchema) };
	} finally {
		await context.close();
	}
}

/**
 * The floor: in a page of the app's origin, fetch every page of the same pull, then put all the order
 * values in one transaction into a fresh database whose store has the app's indexes.
 */
async function rawRun(browser, server, seller, schema) {
	const context = await browser.newContext({ ...phone, baseURL: server.url, serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		// A document of the app's origin that runs none of the app's code.
		await page.goto('/api/me');
		const clientId = await page.evaluate(
			async ({ phone, pin }) => {
				const clientId = crypto.randomUUID();
				const answer = await fetch('/api/auth/login', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ phone, pin, clientId })
				});
				if (!answer.ok) throw new Error(`login: ${answer.status}`);
				return clientId;
			},
			{ phone: seller.phone, pin: PIN }
		);
		await throttle(context, page);
		const result = await page.evaluate(
			async ({ clientId, schema }) => {
				const open = (name) =>
					new Promise((resolve, reject) => {
						const request = indexedDB.open(name, 1);
						request.onupgradeneeded = () => {
							const store = request.result.createObjectStore('orders', {
								keyPath: schema.keyPath,
								autoIncrement: schema.autoIncrement
							});
							for (const index of schema.indexes) {
								store.createIndex(index.name, index.keyPath, {
									unique: index.unique,
									multiEntry: index.multiEntry
								});
							}
						};
						request.onsuccess = () => resolve(request.result);
						request.onerror = () => reject(request.error);
					});
				const putAll = async (name, values) => {
					const database = await open(name);
					await new Promise((resolve, reject) => {
						const transaction = database.transaction('orders', 'readwrite');
						const store = transaction.objectStore('orders');
						for (const value of values) store.put(value);
						transaction.oncomplete = resolve;
						transaction.onerror = () => reject(transaction.error);
						transaction.onabort = () => reject(transaction.error);
					});
					database.close();
				};

				const started = performance.now();
				const values = [];
				const cursors = {};
				for (let more = true; more;) {
					const answer = await fetch('/api/sync/pull', {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ clientId, cursors })
					});
					if (!answer.ok) throw new Error(`pull: ${answer.status}`);
					const page = await answer.json();
					more = false;
					for (const [spaceId, space] of Object.entries(page.spaces)) {
						cursors[spaceId] = space.cursor;
						for (const change of space.changes) if (change.entity === 'order') values.push(change.value);
						more ||= space.more;
					}
				}
				const fetched = performance.now();
				await putAll('raw', values);
				const stored = performance.now();
				return {
					ms: stored - started,
					fetchMs: fetched - started,
					putMs: stored - fetched,
					count: values.length
				};
			},
			{ clientId, schema }
		);
		if (result.count !== ORDERS) throw new Error(`the raw pull got ${result.count} orders`);
		return result;
	} finally {
		await context.close();
	}
}

/** PouchDB 9 in a page of pouchdb-server's origin, replicating the same documents into IndexedDB. */
async function pouchRun(browser, pouch, source) {
	const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		await page.goto(`${pouch.url}/`);
		await page.addScriptTag({ content: source });
		await throttle(context, page);
		const result = await page.evaluate(async (remote) => {
			const started = performance.now();
			const local = new PouchDB('orders');
			const info = await PouchDB.replicate(remote, local);
			const ms = performance.now() - started;
			const { doc_count: count, adapter } = await local.info();
			return { ms, count, written: info.docs_written, ok: info.ok, adapter };
		}, `${pouch.url}/orders`);
		if (!result.ok || result.count !== ORDERS) {
			throw new Error(`PouchDB replicated ${result.count} docs: ${JSON.stringify(result)}`);
		}
		return result;
	} finally {
		await context.close();
	}
}

/**
 * @param {import('./lib/report.js').Report} report
 * @param {number} runs
 */
export async function benchPull(report, runs) {
	const part = 'pull 10k';
	ensurePeer();
	await withServer('sqlite', async (server, database) => {
		const seller = await registerSeller(server.url);
		await seedOrders(database, seller, ORDERS);
		// The same records for PouchDB, as pull sends them: one document per order value.
		const { changes } = await new Device(seller.api).pullAll();
		const orders = changes.filter((change) => change.entity === 'order' && change.op === 'put');
		if (orders.length !== ORDERS || changes.length !== ORDERS) {
			throw new Error(`the seeded space pulls ${orders.length} orders in ${changes.length} changes`);
		}
		const docs = orders.map(({ value }) => {
			const { id, ...rest } = value;
			return { _id: id, ...rest };
		});
		const pouch = await startPouchServer();
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
			await pouch.load('orders', docs);
			const source = pouchBrowserSource();
			const app = [];
			const appFirst = [];
			const raw = [];
			const rawFetch = [];
			const rawPut = [];
			const pouchdb = [];
			const loads = [];
			let schema;
			for (let run = 0; run < runs; run++) {
				loads.push(load());
				const appResult = await appRun(browser, server, seller);
				schema ??= appResult.schema;
				app.push(appResult.ms);
				appFirst.push(appResult.firstMs);
				const rawResult = await rawRun(browser, server, seller, schema);
				raw.push(rawResult.ms);
				rawFetch.push(rawResult.fetchMs);
				rawPut.push(rawResult.putMs);
				const pouchResult = await pouchRun(browser, pouch, source);
				pouchdb.push(pouchResult.ms);
				console.error(
					`  ${part} run ${run + 1}: app ${(app.at(-1) / 1000).toFixed(2)} s, raw ${(raw.at(-1) / 1000).toFixed(2)} s` +
						`, PouchDB (${pouchResult.adapter}) ${(pouchdb.at(-1) / 1000).toFixed(2)} s`
				);
			}
			report.figure(part, `app: login → synced (${CPU_SLOWDOWN}× CPU)`, app, 's', loads);
			report.figure(part, '  app: login → first orders stored', appFirst, 's', loads);
			report.figure(part, 'raw IndexedDB: fetch + put, one transaction', raw, 's', loads);
			report.figure(part, '  raw: fetch of the 20 pull pages', rawFetch, 's', loads);
			report.figure(part, `  raw: put with the app's ${schema.indexes.length} indexes`, rawPut, 's', loads);
			report.figure(part, 'PouchDB 9 ← pouchdb-server replicate', pouchdb, 's', loads);
			report.budget(
				part,
				'app ÷ raw IndexedDB',
				app.map((ms, i) => ms / raw[i]),
				'×',
				loads,
				{ budget: '≤ 1.5×', ok: (value) => value <= 1.5 }
			);
			report.budget(
				part,
				'app ÷ PouchDB',
				app.map((ms, i) => ms / pouchdb[i]),
				'×',
				loads,
				{ budget: '< 1× (faster)', ok: (value) => value < 1 }
			);
		} finally {
			await browser.close();
			await pouch.stop();
		}
	});
}
