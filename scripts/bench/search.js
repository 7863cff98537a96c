// Catalog search for institutional buyers (DESIGN.md §5: 100,000 products, p95 ≤ 100 ms): 5,000 sellers in
// provinces weighted as UMKM are (Java most), 20 products each, seeded straight into the database (the
// triggers of migration 013 index them as the app's writes would); then a pemesan logged in to the portal
// asks the search page a mix of realistic queries, one at a time, and each answer's time is taken from the
// request to the last byte of the rendered page (the search and the page together).
import { randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { uuidv7 } from './lib/api.js';
import { insertRows, openDirect, settle } from './lib/db.js';
import { root } from './lib/paths.js';
import { load, percentile } from './lib/report.js';
import { withServer } from './lib/server.js';

const SELLERS = 5_000;
const PRODUCTS_PER_SELLER = 20;
/** The share of sellers whose "Terima pesanan instansi" is on; the rest must never be found. */
const ACCEPTING = 0.9;
const QUERIES_PER_RUN = Number(process.env.BENCH_SEARCH_QUERIES ?? 300);
const BUDGET_MS = 100;

const NOUNS = [
	'keripik',
	'kopi',
	'gula',
	'beras',
	'teh',
	'sambal',
	'madu',
	'batik',
	'tas',
	'anyaman',
	'kaos',
	'sabun',
	'minyak',
	'kue',
	'roti',
	'dodol',
	'emping',
	'kerupuk',
	'abon',
	'rendang',
	'jamu',
	'tenun',
	'sandal',
	'kecap',
	'terasi',
	'bawang',
	'cabai',
	'tepung',
	'mie',
	'susu',
	'telur',
	'ikan',
	'bumbu',
	'tikar',
	'topi'
];
const WORDS = [
	'singkong',
	'pisang',
	'tempe',
	'bubuk',
	'robusta',
	'arabika',
	'aren',
	'semut',
	'merah',
	'pedas',
	'manis',
	'original',
	'balado',
	'kelapa',
	'jahe',
	'hitam',
	'putih',
	'organik',
	'premium',
	'asli',
	'goreng',
	'kering',
	'rotan',
	'pandan',
	'bambu',
	'tulis',
	'cap',
	'hutan',
	'lebah',
	'murni',
	'sapi',
	'ayam',
	'udang',
	'teri'
];
const SIZES = ['100 g', '250 g', '500 g', '1 kg', '5 kg', '1 liter', 'isi 10', 'ukuran L', 'per lusin'];
const CATEGORIES = ['Makanan', 'Minuman', 'Sembako', 'Kerajinan', 'Pakaian', 'Jasa', 'Lainnya'];
const UNITS = ['pcs', 'kg', 'pak', 'dus', 'liter', 'lusin'];
/** Sellers per province: Java's provinces hold most UMKM. */
const HEAVY_PROVINCES = { 31: 6, 32: 10, 33: 10, 34: 4, 35: 10, 36: 4, 51: 3, 73: 3, 12: 4 };

/** A small seeded generator, so every run seeds the same catalog. */
function random(seed) {
	let state = seed;
	const next = () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
	return { next, pick: (list) => list[Math.floor(next() * list.length)], int: (n) => Math.floor(next() * n) };
}

function regions() {
	const file = JSON.parse(readFileSync(path.join(root, 'static/regions/regions.json'), 'utf8'));
	const provinces = file.provinces.map(([code, , regencies]) => ({
		code,
		regencies: regencies.map(([tail]) => `${code}.${tail}`)
	}));
	const weighted = provinces.flatMap((province) =>
		Array.from({ length: HEAVY_PROVINCES[province.code] ?? 1 }, () => province)
	);
	return { provinces, weighted };
}

/** A PIN hash as src/lib/server/password.ts makes it (scrypt$N$r$p$salt$hash, base64url). */
function pinHash(pin) {
	const salt = randomBytes(16);
	const key = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
	return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** 5,000 sellers and 100,000 products, straight into the server's database. */
async function seedCatalog(database, rng, { weighted }) {
	const direct = await openDirect(database);
	const now = Date.now();
	try {
		const spaces = [];
		const profiles = [];
		for (let i = 0; i < SELLERS; i++) {
			const id = uuidv7(now - (SELLERS - i) * 60_000);
			const province = rng.pick(weighted);
			const at = new Date(now - (SELLERS - i) * 60_000).toISOString();
			spaces.push({ id, name: `Usaha ${i + 1}`, slug: `usaha-${i + 1}`, version: 1, created_at: at });
			const papers = rng.next() < 0.6;
			profiles.push({
				id,
				space_id: id,
				accepts_institutional: rng.next() < ACCEPTING ? 1 : 0,
				nib: papers ? '1234567890123' : null,
				npwp: papers ? '0123456789123000' : null,
				nitku: papers ? '0123456789123000000000' : null,
				bank: papers ? '{"bank":"BRI","accountNumber":"012345678901","holder":"Sari"}' : null,
				pkp: rng.next() < 0.2 ? 1 : 0,
				province_code: province.code,
				regency_code: rng.pick(province.regencies),
				deleted: 0,
				version: 1,
				created_at: at,
				updated_at: at
			});
		}
		await insertRows(direct, 'spaces', spaces);
		await insertRows(direct, 'supplier_profiles', profiles);
		const products = [];
		for (let i = 0; i < SELLERS * PRODUCTS_PER_SELLER; i++) {
			const at = new Date(now - (SELLERS * PRODUCTS_PER_SELLER - i) * 1_000).toISOString();
			const noun = rng.pick(NOUNS);
			products.push({
				id: uuidv7(Date.parse(at)),
				space_id: spaces[i % SELLERS].id,
				name: `${noun[0].toUpperCase()}${noun.slice(1)} ${rng.pick(WORDS)} ${rng.pick(SIZES)}`,
				description: `${rng.pick(WORDS)} ${rng.pick(WORDS)}, buatan sendiri, tahan ${1 + rng.int(12)} bulan`,
				price: 1_000 * (1 + rng.int(500)),
				unit: rng.pick(UNITS),
				stock: rng.int(1_000),
				category: rng.pick(CATEGORIES),
				photos: '[]',
				active: rng.next() < 0.97 ? 1 : 0,
				deleted: rng.next() < 0.02 ? 1 : 0,
				version: 1,
				created_at: at,
				updated_at: at
			});
		}
		for (let start = 0; start < products.length; start += 10_000) {
			await insertRows(direct, 'products', products.slice(start, start + 10_000));
		}
		const [{ count }] = await direct.query('SELECT count(*) AS count FROM catalog_entries');
		if (direct.backend === 'postgres') await direct.query('ANALYZE');
		else direct.sqlite.exec('ANALYZE');
		// A pemesan of an organisation, to log in to the portal with.
		const organisation = uuidv7();
		const user = uuidv7();
		const phone = '+6281299990000';
		const at = new Date(now).toISOString();
		await direct.query(
			'INSERT INTO organisations (id, name, kind, code, created_at) VALUES (?, ?, ?, ?, ?)',
			[organisation, 'PT Bench', 'bumn', 'PTBENCH', at]
		);
		await direct.query(
			'INSERT INTO users (id, name, phone, pin_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
			[user, 'Dina', phone, pinHash('246810'), 'buyer', at]
		);
		await direct.query(
			'INSERT INTO organisation_members (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?)',
			[organisation, user, 'pemesan', at]
		);
		return { findable: Number(count), phone: '081299990000' };
	} finally {
		await direct.close();
		await settle();
	}
}

/** Logs the pemesan in through the portal's form; answers the session cookie. */
async function portalLogin(server, phone) {
	const response = await fetch(`${server.url}/portal/masuk?/masuk`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ phone, pin: '246810' }).toString(),
		redirect: 'manual'
	});
	const cookie = response.headers
		.getSetCookie()
		.map((line) => /^session=([^;]+)/.exec(line)?.[1])
		.find(Boolean);
	if (response.status !== 303 || !cookie) throw new Error(`portal login: ${response.status}`);
	return cookie;
}

const keepAlive = new http.Agent({ keepAlive: true });

/** A GET on one kept-alive connection, as a browser does; answers the status, the page and its Server-Timing. */
function get(url, cookie) {
	return new Promise((resolve, reject) => {
		const request = http.get(
			url,
			{ agent: keepAlive, headers: { cookie: `session=${cookie}`, accept: 'text/html' } },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () =>
					resolve({
						status: response.statusCode,
						timing: response.headers['server-timing'],
						body: Buffer.concat(chunks).toString('utf8')
					})
				);
			}
		);
		request.on('error', reject);
	});
}

/** A mix of what a pemesan asks: words as typed, filters, sorts, a second page, a word nothing has. */
function queryMix(rng, { provinces }) {
	const heavy = provinces.filter((province) => HEAVY_PROVINCES[province.code]);
	const kinds = [
		['one word', () => ({ q: rng.pick(NOUNS) })],
		['two words, the last half typed', () => ({ q: `${rng.pick(NOUNS)} ${rng.pick(WORDS).slice(0, 3)}` })],
		['a word in a province', () => ({ q: rng.pick(NOUNS), provinsi: rng.pick(heavy).code })],
		[
			'category and price range, cheapest first',
			() => {
				const min = 1_000 * rng.int(200);
				return {
					kategori: rng.pick(CATEGORIES),
					harga_min: String(min),
					harga_max: String(min + 100_000),
					urut: 'price_asc'
				};
			}
		],
		[
			'a regency, newest first',
			() => {
				const province = rng.pick(heavy);
				return { provinsi: province.code, kabupaten: rng.pick(province.regencies), urut: 'newest' };
			}
		],
		[
			'a word, nearest first',
			() => {
				const province = rng.pick(heavy);
				return { q: rng.pick(NOUNS), urut: 'nearest', dekat: rng.pick(province.regencies) };
			}
		],
		['a category, most expensive first', () => ({ kategori: rng.pick(CATEGORIES), urut: 'price_desc' })],
		['a word, page 3', () => ({ q: rng.pick(NOUNS), halaman: '3' })],
		['the whole catalog, newest first', () => ({ urut: 'newest' })],
		['a word nothing has', () => ({ q: `zzq${rng.int(1000)}` })]
	];
	return Array.from({ length: QUERIES_PER_RUN }, (_, i) => {
		const [kind, make] = kinds[i % kinds.length];
		return { kind, params: new URLSearchParams(make()).toString() };
	});
}

/**
 * @param {import('./lib/report.js').Report} report
 * @param {'sqlite' | 'postgres'} backend
 * @param {number} runs
 */
export async function benchSearch(report, backend, runs) {
	const part = `search ${backend}`;
	await withServer(backend, async (server, database) => {
		const rng = random(42);
		const places = regions();
		const started = performance.now();
		const { findable, phone } = await seedCatalog(database, rng, places);
		console.error(
			`  ${part}: seeded ${SELLERS * PRODUCTS_PER_SELLER} products of ${SELLERS} sellers ` +
				`(${findable} findable) in ${((performance.now() - started) / 1000).toFixed(0)} s`
		);
		const cookie = await portalLogin(server, phone);
		const ask = async (params) => {
			const begun = performance.now();
			const answer = await get(`${server.url}/portal/pengadaan/cari?${params}`, cookie);
			const ms = performance.now() - begun;
			if (answer.status !== 200) throw new Error(`search ${params}: ${answer.status}`);
			const search = Number(/search;dur=([\d.]+)/.exec(answer.timing ?? '')?.[1]);
			if (!Number.isFinite(search)) throw new Error('the search page sent no Server-Timing');
			return { ms, search, body: answer.body };
		};
		// Warm up, and check that the page finds what was seeded (a search that finds nothing is fast).
		const warm = await ask('q=keripik');
		if (!/Rp\d/.test(warm.body)) throw new Error('the search for "keripik" found nothing');
		for (const { params } of queryMix(random(7), places).slice(0, 30)) await ask(params);

		const p50 = [];
		const p95 = [];
		const searchP50 = [];
		const searchP95 = [];
		const kinds = new Map();
		const loads = [];
		for (let run = 0; run < runs; run++) {
			loads.push(load());
			const times = [];
			const searches = [];
			for (const { kind, params } of queryMix(random(100 + run), places)) {
				const { ms, search } = await ask(params);
				times.push(ms);
				searches.push(search);
				if (!kinds.has(kind)) kinds.set(kind, []);
				kinds.get(kind).push(search);
			}
			p50.push(percentile(times, 50));
			p95.push(percentile(times, 95));
			searchP50.push(percentile(searches, 50));
			searchP95.push(percentile(searches, 95));
			console.error(
				`  ${part} run ${run + 1}: ${times.length} searches, p50 ${p50.at(-1).toFixed(1)} ms, ` +
					`p95 ${p95.at(-1).toFixed(1)} ms (the search itself: p95 ${searchP95.at(-1).toFixed(1)} ms)`
			);
		}
		report.figure(part, `${SELLERS * PRODUCTS_PER_SELLER} products, search page p50`, p50, 'ms', loads);
		report.budget(part, `${SELLERS * PRODUCTS_PER_SELLER} products, search page p95`, p95, 'ms', loads, {
			budget: `≤ ${BUDGET_MS} ms`,
			ok: (value) => value <= BUDGET_MS
		});
		report.figure(part, 'the search itself (Server-Timing): p50', searchP50, 'ms', loads);
		report.figure(part, 'the search itself (Server-Timing): p95', searchP95, 'ms', loads);
		for (const [kind, times] of kinds) {
			report.figure(part, `search p95 of: ${kind}`, [percentile(times, 95)], 'ms', loads);
		}
	});
}
