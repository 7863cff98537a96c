// Pull latency: 200 sellers polling with up-to-date cursors, and the time of an empty pull and of a full
// page of 500 changes when a space holds 1k, 10k and 100k rows.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Device, inParallel, productArgs, registerSeller } from './lib/api.js';
import { load, median, percentile } from './lib/report.js';
import { seedOrders } from './lib/seed.js';
import { withServer } from './lib/server.js';

const SELLERS = 200;
/** Each seller pulls once a second (a random phase each), so 200 pulls a second arrive at the server. */
const POLL_INTERVAL_MS = 1000;
const POLLS = 'once a second';
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 8);
const SPACE_SIZES = [1_000, 10_000, 100_000];
const EMPTY_PULLS = 30;
const PAGE_PULLS = 5;

/** A pull's time, from the request to its parsed answer. */
async function timedPull(device, cursors) {
	const started = performance.now();
	const page = await device.pull(cursors);
	return { ms: performance.now() - started, page };
}

/** Every seller polls for `seconds`; answers the latencies. A seller never has two pulls in flight. */
async function poll(pollers, seconds = POLL_SECONDS) {
	const latencies = [];
	const deadline = performance.now() + seconds * 1000;
	await Promise.all(
		pollers.map(async ({ device, cursors }) => {
			let next = performance.now() + Math.random() * POLL_INTERVAL_MS;
			for (;;) {
				await sleep(Math.max(0, next - performance.now()));
				if (performance.now() >= deadline) return;
				const { ms, page } = await timedPull(device, cursors);
				const changes = Object.values(page.spaces).reduce((sum, space) => sum + space.changes.length, 0);
				if (changes) throw new Error(`an up-to-date cursor got ${changes} changes`);
				latencies.push(ms);
				next += POLL_INTERVAL_MS;
			}
		})
	);
	return latencies;
}

/**
 * @param {import('./lib/report.js').Report} report
 * @param {'sqlite' | 'postgres'} backend
 * @param {number} runs
 */
export async function benchLatency(report, backend, runs) {
	const part = `latency ${backend}`;
	await withServer(backend, async (server, database) => {
		const sellers = await inParallel(SELLERS, 8, (i) =>
			registerSeller(server.url, `Penjual ${i + 1}`, `Warung ${i + 1}`)
		);
		// Each seller has a product, and a cursor at its space's version, as a phone has after a sync.
		const pollers = await inParallel(SELLERS, 16, async (i) => {
			const device = new Device(sellers[i].api);
			await device.push([device.mutation('product.put', sellers[i].spaceId, productArgs(i))]);
			const { cursors } = await device.pullAll();
			return { device, cursors };
		});

		const big = [];
		for (const size of SPACE_SIZES) {
			const seller = await registerSeller(server.url, 'Sari', `Toko ${size}`);
			const version = await seedOrders(database, seller, size);
			const device = new Device(seller.api);
			// The copies are what pull reads: the last one comes after the one before it.
			const { page } = await timedPull(device, { [seller.spaceId]: version - 1 });
			const last = page.spaces[seller.spaceId];
			if (last.changes.length !== 1 || last.changes[0].value?.number !== `KP-${size}`) {
				throw new Error(`the seeded space of ${size} does not pull as seeded: ${JSON.stringify(last)}`);
			}
			big.push({ size, spaceId: seller.spaceId, version, device });
		}

		const p50 = [];
		const p99 = [];
		const pulls = [];
		const empty = Object.fromEntries(SPACE_SIZES.map((size) => [size, []]));
		const page = Object.fromEntries(SPACE_SIZES.map((size) => [size, []]));
		const loads = [];
		await poll(pollers, 2); // warm up
		for (let run = 0; run < runs; run++) {
			loads.push(load());
			const latencies = await poll(pollers);
			p50.push(percentile(latencies, 50));
			p99.push(percentile(latencies, 99));
			pulls.push(latencies.length / POLL_SECONDS);
			for (const { size, spaceId, version, device } of big) {
				const times = [];
				for (let i = 0; i < EMPTY_PULLS; i++)
					times.push((await timedPull(device, { [spaceId]: version })).ms);
				empty[size].push(median(times));
				const pageTimes = [];
				for (let i = 0; i < PAGE_PULLS; i++) {
					const { ms, page: answer } = await timedPull(device, { [spaceId]: Math.floor(version / 2) });
					const changes = answer.spaces[spaceId].changes.length;
					if (changes !== 500) throw new Error(`a page of the ${size} space had ${changes} changes`);
					pageTimes.push(ms);
				}
				page[size].push(median(pageTimes));
			}
			console.error(
				`  ${part} run ${run + 1}: p50 ${p50.at(-1).toFixed(1)} ms, p99 ${p99.at(-1).toFixed(1)} ms; ` +
					`empty ${SPACE_SIZES.map((s) => `${s / 1000}k→${empty[s].at(-1).toFixed(1)}`).join(' ')} ms`
			);
		}
		report.figure(part, `${SELLERS} sellers polling ${POLLS}: pulls answered`, pulls, '/s', loads);
		report.figure(part, `${SELLERS} sellers polling ${POLLS}: p50`, p50, 'ms', loads);
		report.budget(part, `${SELLERS} sellers polling ${POLLS}: p99`, p99, 'ms', loads, {
			budget: '≤ 20 ms',
			ok: (value) => value <= 20
		});
		for (const size of SPACE_SIZES) {
			report.figure(part, `empty pull, ${size / 1000}k rows`, empty[size], 'ms', loads);
		}
		for (const size of SPACE_SIZES) {
			report.figure(part, `500-change page, ${size / 1000}k rows`, page[size], 'ms', loads);
		}
		const [smallest, largest] = [SPACE_SIZES[0], SPACE_SIZES.at(-1)];
		report.budget(
			part,
			`empty pull ${largest / 1000}k ÷ ${smallest / 1000}k rows`,
			empty[largest].map((ms, i) => ms / empty[smallest][i]),
			'×',
			loads,
			{ budget: '≤ 2×', ok: (value) => value <= 2 }
		);
	});
}
