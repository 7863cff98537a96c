// `npm run bench [-- pull push latency day search] [--sqlite|--postgres] [--runs=3]`: the performance budgets of
// DESIGN.md §5 that need a peer measured in the same run. Every figure is the median of 3 runs, printed with
// the machine's load; the exit code is 1 when a budget is missed. Run `npm run build` first: the built
// server and app are what is measured.
//
// PostgreSQL parts run when TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) answers, each
// in a database of its own that is dropped afterwards. CHROMIUM_PATH names the browser (default
// /usr/bin/chromium). For quicker reruns while working on one thing: BENCH_PUSH_SECONDS (3), BENCH_PUSH_BATCH
// (100 mutations a push), BENCH_POLL_SECONDS (8); the budgets are judged on the defaults.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './lib/paths.js';
import { load, Report } from './lib/report.js';
import { postgresAdminUrl, postgresAnswers } from './lib/server.js';

const PARTS = ['pull', 'push', 'latency', 'day', 'search', 'monitoring'];

function parseArgs(argv) {
	const parts = argv.filter((arg) => !arg.startsWith('--'));
	const unknown = parts.filter((part) => !PARTS.includes(part));
	if (unknown.length) {
		console.error(`Unknown part ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}.`);
		process.exit(2);
	}
	const runsArg = argv.find((arg) => arg.startsWith('--runs='));
	const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 3;
	if (!Number.isInteger(runs) || runs < 1) {
		console.error('--runs= takes a whole number ≥ 1');
		process.exit(2);
	}
	return {
		parts: parts.length ? PARTS.filter((part) => parts.includes(part)) : PARTS,
		sqlite: !argv.includes('--postgres'),
		postgres: !argv.includes('--sqlite'),
		runs
	};
}

/** The newest modification time of a file under `dir`. */
function newest(dir) {
	let time = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		time = Math.max(time, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
	}
	return time;
}

const options = parseArgs(process.argv.slice(2));
const entry = path.join(root, 'build/index.js');
if (!existsSync(entry)) {
	console.error('bench: no build found. Run `npm run build` first.');
	process.exit(1);
}
if (newest(path.join(root, 'src')) > statSync(entry).mtimeMs) {
	console.error('bench: warning: src/ has changed since the last build; the build is what is measured.');
}

const started = performance.now();
const report = new Report();
const backends = [];
if (options.sqlite) backends.push('sqlite');
if (options.postgres) {
	if (await postgresAnswers()) backends.push('postgres');
	else console.error(`bench: PostgreSQL does not answer at ${postgresAdminUrl}: its parts are skipped.`);
}
console.error(
	`bench: ${options.parts.join(', ')} on ${backends.join(', ')}; ${options.runs} runs each; ` +
		`load before starting ${load().toFixed(2)}`
);

for (const part of options.parts) {
	const partStarted = performance.now();
	console.error(`\n${part}`);
	if (part === 'pull') {
		const { benchPull } = await import('./pull.js');
		await benchPull(report, options.runs).catch((error) => report.failed('pull', '10k orders', error));
	} else if (part === 'day') {
		// The phone's side: one SQLite server is enough.
		const { benchDay } = await import('./day.js');
		await benchDay(report, options.runs).catch((error) => report.failed('day', "a seller's day", error));
	} else if (part === 'search') {
		const { benchSearch } = await import('./search.js');
		for (const backend of backends) {
			await benchSearch(report, backend, options.runs).catch((error) =>
				report.failed(`search ${backend}`, '100k products', error)
			);
		}
	} else {
		const module = await import({ push: './push.js', monitoring: './monitoring.js' }[part] ?? './latency.js');
		const bench = module.benchPush ?? module.benchMonitoring ?? module.benchLatency;
		for (const backend of backends) {
			await bench(report, backend, options.runs).catch((error) =>
				report.failed(`${part} ${backend}`, 'all', error)
			);
		}
	}
	console.error(`${part}: ${((performance.now() - partStarted) / 1000).toFixed(0)} s`);
}

console.log('');
report.print();
const seconds = (performance.now() - started) / 1000;
console.log(
	`\n${report.missed} budget(s) missed; ${seconds.toFixed(0)} s in all; load now ${load().toFixed(2)}.`
);
process.exit(report.missed ? 1 : 0);
