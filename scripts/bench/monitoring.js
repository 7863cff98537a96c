// The monitoring dashboard at national scale (issue 14), and what its aggregates cost the write path.
//
// Views: the summary tables are filled straight from generated data (fast bulk inserts) as 1,000,000 orders
// over 20,000 sellers in 34 provinces and 100,000 purchase orders over 200 organisations would leave them
// (the orders and purchase orders are generated one by one and summed as the write path sums them), then
// every table of /portal/pantauan is fetched over HTTP as a pemantau (its CSV: one view, one or two
// queries), nationally, for one province and for one organisation, and the whole page too; p95 ≤ 300 ms.
// BENCH_MONITORING_SCALE (default 1) scales the generated counts, for quicker runs while working.
//
// Apply cost: the same pushes of `order.create` (a catalog product, so stock moves as in a real sale) to a
// server with the aggregates and to one started with MONITORING_AGGREGATES=off, alternating; the rate
// without them over the rate with them, less 1, must be ≤ 15 %.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Device, productArgs, registerSeller, uuidv7 } from './lib/api.js';
import { insertRows, openDirect, settle } from './lib/db.js';
import { load, percentile } from './lib/report.js';
import { createDatabase, startServer } from './lib/server.js';

const SCALE = Number(process.env.BENCH_MONITORING_SCALE ?? 1);
const SELLERS = Math.round(20_000 * SCALE);
const ORDERS = Math.round(1_000_000 * SCALE);
const PURCHASE_ORDERS = Math.round(100_000 * SCALE);
const ORGANISATIONS = 200;
const REQUESTS = 20;
const APPLY_SECONDS = Number(process.env.BENCH_MONITORING_APPLY_SECONDS ?? 4);

const PROVINCES = [
	'11',
	'12',
	'13',
	'14',
	'15',
	'16',
	'17',
	'18',
	'19',
	'21',
	'31',
	'32',
	'33',
	'34',
	'35',
	'36',
	'51'
];
PROVINCES.push(
	'52',
	'53',
	'61',
	'62',
	'63',
	'64',
	'65',
	'71',
	'72',
	'73',
	'74',
	'75',
	'76',
	'81',
	'82',
	'91',
	'92'
);
const CATEGORIES = ['makanan', 'minuman', 'kerajinan', 'pakaian', 'pertanian', 'jasa', 'kosmetik', 'lainnya'];
const SIZES = ['mikro', 'mikro', 'mikro', 'kecil', 'menengah'];
const TABLES = [
	'belanja-bulanan',
	'belanja-instansi',
	'belanja-wilayah',
	'belanja-kategori',
	'belanja-skala',
	'pembayaran',
	'pertumbuhan-provinsi',
	'pertumbuhan-pendamping',
	'penjualan-bulanan',
	'pembiayaan'
];

/** A small deterministic generator, so every run and backend gets the same data. */
function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1_664_525 + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

/** `YYYY-MM-DD` of `days` before today (UTC is close enough for generated data). */
function dayBefore(days) {
	return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The summary rows 1M orders and 100k purchase orders would leave, summed as the write path sums them. */
export function generate() {
	const rand = random(14);
	const pick = (list) => list[Math.floor(rand() * list.length)];
	const sellers = Array.from({ length: SELLERS }, (_, i) => {
		const province = PROVINCES[i % PROVINCES.length];
		const facilitator = rand() < 0.5 ? Math.floor(rand() * 300) : null;
		const registered = dayBefore(Math.floor(rand() * 700));
		return {
			space_id: uuidv7(),
			province,
			regency: `${province}.0${1 + Math.floor(rand() * 5)}`,
			category: pick(CATEGORIES),
			size: pick(SIZES),
			facilitator_id:
				facilitator === null ? null : `00000000-0000-7000-8000-${String(facilitator).padStart(12, '0')}`,
			facilitator_name: facilitator === null ? null : `Pendamping ${facilitator}`,
			registered_on: registered,
			activated_on: rand() < 0.8 ? registered : null
		};
	});
	const dims = (seller) => ({
		province: seller.province,
		regency: seller.regency,
		category: seller.category,
		size: seller.size
	});
	const sales = new Map();
	for (let i = 0; i < ORDERS; i++) {
		const seller = sellers[Math.floor(rand() * sellers.length)];
		const day = dayBefore(Math.floor(rand() * 365));
		const key = `${day.slice(0, 7)}|${seller.space_id}`;
		let row = sales.get(key);
		if (!row) {
			row = {
				month: day.slice(0, 7),
				space_id: seller.space_id,
				...dims(seller),
				orders: 0,
				amount: 0,
				last_day: day
			};
			sales.set(key, row);
		}
		row.orders += 1;
		row.amount += 5_000 + Math.floor(rand() * 200) * 1_000;
		if (day > row.last_day) row.last_day = day;
	}
	const organisations = Array.from({ length: ORGANISATIONS }, (_, i) => ({
		id: uuidv7(),
		name: `Instansi ${i}`,
		kind: i % 2 ? 'bumn' : 'pemda',
		code: `ORG${i}`,
		npwp: null,
		address: null,
		created_at: new Date().toISOString()
	}));
	const spend = new Map();
	const payments = [];
	const open = [];
	for (let i = 0; i < PURCHASE_ORDERS; i++) {
		const organisation = organisations[Math.floor(rand() * organisations.length)];
		const seller = sellers[Math.floor(rand() * sellers.length)];
		const ordered = Math.floor(rand() * 365);
		const month = dayBefore(ordered).slice(0, 7);
		const value = 1_000_000 + Math.floor(rand() * 50) * 500_000;
		const add = (at, measures) => {
			const key = `${at}|${organisation.id}|${seller.space_id}`;
			let row = spend.get(key);
			if (!row) {
				row = {
					month: at,
					organisation_id: organisation.id,
					space_id: seller.space_id,
					...dims(seller),
					orders: 0,
					committed: 0,
					paid: 0
				};
				spend.set(key, row);
			}
			row.orders += measures.orders;
			row.committed += measures.committed;
			row.paid += measures.paid;
		};
		const invoice = uuidv7();
		const bast = Math.max(0, ordered - Math.floor(rand() * 20));
		if (rand() < 0.7 && bast > 0) {
			const days = Math.min(bast, Math.floor(rand() * 180));
			const paidOn = dayBefore(bast - days);
			add(month, { orders: 1, committed: 0, paid: 0 });
			add(paidOn.slice(0, 7), { orders: 0, committed: 0, paid: value });
			payments.push({
				invoice_id: invoice,
				organisation_id: organisation.id,
				space_id: seller.space_id,
				province: seller.province,
				paid_month: paidOn.slice(0, 7),
				bast_on: dayBefore(bast),
				paid_on: paidOn,
				days,
				amount: value
			});
		} else {
			add(month, { orders: 1, committed: value, paid: 0 });
			open.push({
				invoice_id: invoice,
				organisation_id: organisation.id,
				space_id: seller.space_id,
				province: seller.province,
				due_on: dayBefore(bast - 30),
				amount: value
			});
		}
	}
	const financing = new Map();
	for (const seller of sellers) {
		if (rand() > 0.1) continue;
		const month = dayBefore(Math.floor(rand() * 365)).slice(0, 7);
		const events = ['submitted', rand() < 0.6 ? 'approved' : 'rejected'];
		for (const event of events) {
			const key = `${month}|${seller.space_id}|kur|${event}`;
			financing.set(key, {
				month,
				space_id: seller.space_id,
				province: seller.province,
				kind: 'kur',
				event,
				count: 1,
				amount: 25_000_000
			});
		}
	}
	return {
		sellers,
		organisations,
		sales: [...sales.values()],
		spend: [...spend.values()],
		...rollups([...sales.values()], [...spend.values()]),
		payments,
		open,
		financing: [...financing.values()]
	};
}

/** Sums rows into cells by `key`, each cell counting the distinct `seller(row)` in it. */
function rollUp(rows, key, measures, seller) {
	const cells = new Map();
	for (const row of rows) {
		const keyColumns = key(row);
		const id = Object.values(keyColumns).join('|');
		let cell = cells.get(id);
		if (!cell) {
			cell = { ...keyColumns, ...Object.fromEntries(measures.map((name) => [name, 0])), sellers: new Set() };
			cells.set(id, cell);
		}
		for (const name of measures) cell[name] += row[name];
		cell.sellers.add(seller(row));
	}
	return [...cells.values()].map((cell) => ({ ...cell, sellers: cell.sellers.size }));
}

/** The roll-ups the write path keeps beside the per-seller rows (src/lib/server/monitoring/aggregates.ts). */
function rollups(sales, spend) {
	const dims = (row) => ({
		month: row.month,
		province: row.province ?? '',
		regency: row.regency ?? '',
		category: row.category ?? '',
		size: row.size ?? ''
	});
	const money = ['orders', 'committed', 'paid'];
	const ofMonth = new Map();
	for (const row of spend) {
		const id = `${row.month}|${row.space_id}`;
		const total = row.orders + row.committed + row.paid;
		ofMonth.set(id, {
			month: row.month,
			space_id: row.space_id,
			total: (ofMonth.get(id)?.total ?? 0) + total
		});
	}
	return {
		salesCells: rollUp(sales, dims, ['orders', 'amount'], (row) => row.space_id),
		spendRegions: rollUp(spend, dims, money, (row) => row.space_id),
		spendOrgs: rollUp(
			spend,
			(row) => ({ month: row.month, organisation_id: row.organisation_id, province: row.province ?? '' }),
			money,
			(row) => row.space_id
		),
		spendSellerMonths: [...ofMonth.values()]
	};
}

/** Logs a monitor in through the portal's form; answers its session cookie. */
async function monitorSession(server, direct) {
	const seller = await registerSeller(server.url, 'Pemantau', 'Kementerian');
	await direct.query("UPDATE users SET role = 'monitor' WHERE id = ?", [seller.userId]);
	const response = await fetch(`${server.url}/portal/masuk?/masuk`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ phone: seller.phone, pin: seller.pin }).toString()
	});
	const cookie = response.headers.getSetCookie().find((line) => line.startsWith('session='));
	if (response.status !== 303 || !cookie) {
		throw new Error(`monitor login: ${response.status} ${(await response.text()).slice(0, 300)}`);
	}
	return cookie.split(';')[0];
}

async function timedGet(url, cookie) {
	const started = performance.now();
	const response = await fetch(url, { headers: { cookie } });
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
	return performance.now() - started;
}

async function dashboardViews(report, backend) {
	const database = await createDatabase(backend);
	try {
		const server = await startServer(database);
		try {
			const direct = await openDirect(database);
			try {
				const started = performance.now();
				const data = generate();
				await insertRows(direct, 'organisations', data.organisations);
				for (const [table, rows] of [
					['monitor_sellers', data.sellers],
					['sales_monthly', data.sales],
					['spend_monthly', data.spend],
					['payment_times', data.payments],
					['open_invoices', data.open],
					['financing_monthly', data.financing],
					['sales_cells', data.salesCells],
					['spend_regions', data.spendRegions],
					['spend_orgs', data.spendOrgs],
					['spend_seller_months', data.spendSellerMonths]
				]) {
					for (let i = 0; i < rows.length; i += 20_000)
						await insertRows(direct, table, rows.slice(i, i + 20_000));
				}
				await direct.query('ANALYZE');
				await settle();
				console.error(
					`  ${backend}: ${ORDERS} orders, ${PURCHASE_ORDERS} purchase orders summed into ` +
						`${data.sales.length + data.spend.length + data.payments.length + data.open.length} rows in ` +
						`${((performance.now() - started) / 1000).toFixed(0)} s`
				);
				const cookie = await monitorSession(server, direct);
				const scopes = [
					['national', ''],
					['province', '?provinsi=34'],
					['organisation', `?organisasi=${data.organisations[7].id}`]
				];
				const worst = [];
				for (const [scope, query] of scopes) {
					for (const table of TABLES) {
						const url = `${server.url}/portal/pantauan/${table}.csv${query}`;
						await timedGet(url, cookie); // warm
						const times = [];
						for (let i = 0; i < REQUESTS; i++) times.push(await timedGet(url, cookie));
						worst.push({ what: `${table} (${scope})`, p95: percentile(times, 95) });
					}
					const page = [];
					for (let i = 0; i < 5; i++)
						page.push(await timedGet(`${server.url}/portal/pantauan${query}`, cookie));
					report.figure(
						`monitoring ${backend}`,
						`whole page, ${scope} (10 views), p95`,
						[percentile(page, 95)],
						'ms',
						[load()]
					);
				}
				for (const view of worst) {
					report.budget(`monitoring ${backend}`, `${view.what} p95`, [view.p95], 'ms', [load()], {
						budget: '≤ 300 ms',
						ok: (value) => value <= 300
					});
				}
			} finally {
				await direct.close();
			}
		} finally {
			await server.stop();
		}
	} finally {
		await database.drop();
	}
}

/** order.create of one catalog product (stock moves), as a sale on the phone is. */
function saleArgs(n, productId) {
	return {
		id: uuidv7(),
		number: `KP-${n}`,
		items: [{ productId, qty: 1, price: 2_500 }],
		buyer: { name: 'Bu Rina' },
		status: 'completed'
	};
}

async function applyRate(backend, aggregates) {
	const database = await createDatabase(backend);
	if (!aggregates) database.env.MONITORING_AGGREGATES = 'off';
	try {
		const server = await startServer(database);
		try {
			const seller = await registerSeller(server.url, 'Sari', `Warung ${randomUUID().slice(0, 6)}`);
			const device = new Device(seller.api);
			const product = { ...productArgs(0), stock: 1_000_000 };
			await device.push([device.mutation('product.put', seller.spaceId, product)]);
			let n = 0;
			const push = () =>
				device.push(
					Array.from({ length: 100 }, () =>
						device.mutation('order.create', seller.spaceId, saleArgs(++n, product.id))
					)
				);
			await push(); // warm
			const started = performance.now();
			let applied = 0;
			while (performance.now() - started < APPLY_SECONDS * 1000) {
				await push();
				applied += 100;
			}
			return (applied / (performance.now() - started)) * 1000;
		} finally {
			await server.stop();
		}
	} finally {
		await database.drop();
	}
}

async function applyCost(report, backend, runs) {
	const withAggregates = [];
	const without = [];
	const loads = [];
	for (let run = 0; run < runs; run++) {
		without.push(await applyRate(backend, false));
		withAggregates.push(await applyRate(backend, true));
		loads.push(load());
	}
	report.figure(`monitoring ${backend}`, 'order.create applied/s without aggregates', without, '/s', loads);
	report.figure(
		`monitoring ${backend}`,
		'order.create applied/s with aggregates',
		withAggregates,
		'/s',
		loads
	);
	const costs = without.map((rate, i) => rate / withAggregates[i] - 1);
	report.budget(`monitoring ${backend}`, 'extra apply cost of the aggregates', costs, '%', loads, {
		budget: '≤ 15 %',
		ok: (value) => value <= 0.15
	});
}

export async function benchMonitoring(report, backend, runs) {
	// BENCH_MONITORING_PARTS=apply (or views) runs one half, while working on it.
	if (process.env.BENCH_MONITORING_PARTS !== 'apply') await dashboardViews(report, backend);
	if (process.env.BENCH_MONITORING_PARTS === 'views') return;
	await applyCost(report, backend, runs);
}
