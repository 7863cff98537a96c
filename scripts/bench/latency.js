// Pull latency: 200 sellers polling with up-to-date cursors, and the time of an empty pull and of a full
// page of 500 changes when a space holds 1k, 10k and 100k rows.
//
// The client runs on the server's machine (2 cores, shared), so what it costs is printed beside the budget:
// the same 200 clients asking for a trivial answer in the same way (/api/me without a session: the HTTP
// server and SvelteKit, no database read), and the CPU time per request of the server and of the client.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Device, inParallel, lightRequest, productArgs, registerSeller } from './lib/api.js';
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
	const page = await device.pull(cursors, { light: true });
	return { ms: performance.now() - started, page };
}

/** An up-to-date poll: throws unless it answers nothing new. */
async function upToDatePull({ device, cursors }) {
	const page = await device.pull(cursors, { light: true });
	const changes = Object.values(page.spaces).reduce((sum, space) => sum + space.changes.length, 0);
	if (changes) throw new Error(`an up-to-date cursor got ${changes} changes`);
}

/** The peer: a request the server answers without the database (no session: 401 from the route). */
function trivialRequest(server) {
	return async () => {
		const answer = await lightRequest(`${server.url}/api/me`);
		if (answer.status !== 401) throw new Error(`/api/me without a session: ${answer.status}`);
	};
}

/** CPU milliseconds a process has used (Linux /proc; null elsewhere). */
function processCpuMs(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux)
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return null;
	}
}

function ownCpuMs() {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/**
 * Every poller asks (`ask(poller)`) once a second for `seconds`, each at a random phase, never two at once;
 * answers the latencies and the CPU milliseconds per request of the server and of this client.
 */
async function poll(pollers, ask, server, seconds = POLL_SECONDS) {
	const latencies = [];
	const before = { server: processCpuMs(server.pid), client: ownCpuMs() };
	const deadline = performance.now() + seconds * 1000;
	await Promise.all(
		pollers.map(async (poller) => {
			let next = performance.now() + Math.random() * POLL_INTERVAL_MS;
			for (;;) {
				await sleep(Math.max(0, next - performance.now()));
				if (performance.now() >= deadline) return;
				const started = performance.now();
				await ask(poller);
				latencies.push(performance.now() - started);
				next += POLL_INTERVAL_MS;
			}
		})
	);
	const serverCpu = processCpuMs(server.pid);
	return {
		latencies,
		serverCpu: serverCpu === null ? NaN : (serverCpu - before.server) / latencies.length,
		clientCpu: (ownCpuMs() - before.client) / latencies.length
	};
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
		const trivial = { p50: [], p99: [] };
		const cpu = { server: [], client: [], trivialServer: [] };
		const empty = Object.fromEntries(SPACE_SIZES.map((size) => [size, []]));
		const page = Object.fromEntries(SPACE_SIZES.map((size) => [size, []]));
		const loads = [];
		const asked = trivialRequest(server);
		await poll(pollers, asked, server, 1); // warm up
		await poll(pollers, upToDatePull, server, 2);
		for (let run = 0; run < runs; run++) {
			loads.push(load());
			const floor = await poll(pollers, asked, server);
			trivial.p50.push(percentile(floor.latencies, 50));
			trivial.p99.push(percentile(floor.latencies, 99));
			cpu.trivialServer.push(floor.serverCpu);
			const { latencies, serverCpu, clientCpu } = await poll(pollers, upToDatePull, server);
			p50.push(percentile(latencies, 50));
			p99.push(percentile(latencies, 99));
			pulls.push(latencies.length / POLL_SECONDS);
			cpu.server.push(serverCpu);
			cpu.client.push(clientCpu);
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
				`  ${part} run ${run + 1}: p50 ${p50.at(-1).toFixed(1)} ms, p99 ${p99.at(-1).toFixed(1)} ms ` +
					`(/api/me without a session: p99 ${trivial.p99.at(-1).toFixed(1)} ms); ` +
					`empty ${SPACE_SIZES.map((s) => `${s / 1000}k→${empty[s].at(-1).toFixed(1)}`).join(' ')} ms`
			);
		}
		report.figure(part, `${SELLERS} sellers polling ${POLLS}: pulls answered`, pulls, '/s', loads);
		report.figure(part, `${SELLERS} sellers polling ${POLLS}: p50`, p50, 'ms', loads);
		report.budget(part, `${SELLERS} sellers polling ${POLLS}: p99`, p99, 'ms', loads, {
			budget: '≤ 20 ms',
			ok: (value) => value <= 20
		});
		const peer = `${SELLERS} clients asking /api/me without a session (no database), the same way`;
		report.figure(part, `${peer}: p50`, trivial.p50, 'ms', loads);
		report.figure(part, `${peer}: p99`, trivial.p99, 'ms', loads);
		report.figure(part, 'CPU per up-to-date pull: the server', cpu.server, 'ms', loads);
		report.figure(part, 'CPU per /api/me without a session: the server', cpu.trivialServer, 'ms', loads);
		report.figure(
			part,
			'CPU per pull: the bench client itself, on the same machine',
			cpu.client,
			'ms',
			loads
		);
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
