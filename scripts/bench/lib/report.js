// Figures, their budgets, and the table printed at the end.
import { loadavg } from 'node:os';

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The machine's 1-minute load average now. */
export function load() {
	return loadavg()[0];
}

/** How a figure is written: `ms`, `s`, `/s`, `×`, `%`. */
export function format(value, unit) {
	if (value === undefined || value === null || Number.isNaN(value)) return '–';
	switch (unit) {
		case 's':
			return `${(value / 1000).toFixed(2)} s`;
		case 'ms':
			return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
		case '/s':
			return `${Math.round(value)}/s`;
		case '×':
			return `${value.toFixed(2)}×`;
		case '%':
			return `${(value * 100).toFixed(0)} %`;
		default:
			return String(value);
	}
}

export class Report {
	/** @type {{part: string, what: string, value: string, runs: string, budget: string, status: string, load: string}[]} */
	rows = [];
	/** @type {string[]} */
	failures = [];

	/**
	 * A measured figure: the median of `runs` (in `unit`), with the load average at each run.
	 * @param {string} part
	 * @param {string} what
	 * @param {number[]} runs
	 * @param {string} unit
	 * @param {number[]} loads
	 */
	figure(part, what, runs, unit, loads) {
		const value = median(runs);
		this.add({
			part,
			what,
			value: format(value, unit),
			runs: runs.map((run) => format(run, unit)).join(', '),
			budget: '',
			status: '',
			load: loads.map((l) => l.toFixed(1)).join(', ')
		});
		return value;
	}

	/**
	 * A figure with a budget: `ok` decides, `budget` says what it is ("≤ 1.50×").
	 * @param {string} part
	 * @param {string} what
	 * @param {number[]} runs
	 * @param {string} unit
	 * @param {number[]} loads
	 * @param {{budget: string, ok: (median: number) => boolean}} check
	 */
	budget(part, what, runs, unit, loads, check) {
		const value = median(runs);
		this.add({
			part,
			what,
			value: format(value, unit),
			runs: runs.map((run) => format(run, unit)).join(', '),
			budget: check.budget,
			status: check.ok(value) ? 'ok' : 'MISSED',
			load: loads.map((l) => l.toFixed(1)).join(', ')
		});
		return value;
	}

	/** A part that could not be measured: a missed budget, with the reason. */
	failed(part, what, error) {
		console.error(error);
		this.failures.push(`${part}: ${String(error?.message ?? error).split('\n')[0]}`);
		this.add({
			part,
			what,
			value: 'failed',
			runs: '(below)',
			budget: '',
			status: 'MISSED',
			load: load().toFixed(1)
		});
	}

	add(row) {
		this.rows.push(row);
		const status = row.status ? `  [${row.status}${row.budget ? ` ${row.budget}` : ''}]` : '';
		console.error(`  ${row.part} · ${row.what}: ${row.value} (${row.runs}; load ${row.load})${status}`);
	}

	get missed() {
		return this.rows.filter((row) => row.status === 'MISSED').length;
	}

	print() {
		const header = {
			part: 'part',
			what: 'figure',
			value: 'median',
			runs: 'runs',
			budget: 'budget',
			status: '',
			load: 'load (1 min)'
		};
		const keys = ['part', 'what', 'value', 'budget', 'status', 'runs', 'load'];
		const all = [header, ...this.rows];
		const widths = Object.fromEntries(
			keys.map((key) => [key, Math.max(...all.map((row) => row[key].length))])
		);
		const line = (row) =>
			keys
				.map((key) => row[key].padEnd(widths[key]))
				.join('  ')
				.trimEnd();
		console.log(line(header));
		console.log(keys.map((key) => '-'.repeat(widths[key])).join('  '));
		for (const row of this.rows) console.log(line(row));
		for (const failure of this.failures) console.log(`\nfailed: ${failure}`);
	}
}
