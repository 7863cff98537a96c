import { sql, type Kysely } from 'kysely';
import {
	isSmallCell,
	percentile,
	progressPercent,
	smallOverMonths,
	type Shown
} from '$lib/domain/monitoring';
import type { Database } from '../db/schema';
import { provinceName, regencyName } from './regions';
import { withMonitoring, type MonitoringDatabase } from './tables';
import { growth } from './growth';
import { targetOf } from './targets';

/**
 * The read side of the monitoring (issue 14): every table of `/portal/pantauan`, read only from the summary
 * tables (never orders or procurements), so each answers in the same time at national scale. The page, its
 * CSV downloads and the monthly workbook all show these very tables: one set of numbers.
 */

export interface DashboardFilters {
	/** First and last month of the period, `YYYY-MM` (WIB). */
	from: string;
	to: string;
	/** A province code (`34`), or null for every province. */
	province: string | null;
	/** An organisation's id, or null for all (the national view). */
	organisationId: string | null;
}

export const TABLE_IDS = [
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
] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** The tables an organisation's own staff see: the ones about its spend and its paying. */
export const ORGANISATION_TABLES: readonly TableId[] = [
	'belanja-bulanan',
	'belanja-instansi',
	'belanja-wilayah',
	'belanja-kategori',
	'belanja-skala',
	'pembayaran'
];

export type ColumnKind = 'text' | 'month' | 'count' | 'rupiah' | 'days' | 'percent' | 'date';
export type CellValue = string | Shown | null;

export interface Table {
	id: TableId;
	/** Column keys (their words are `pantauan.col_<key>`) and how their values are written. */
	columns: { key: string; kind: ColumnKind }[];
	rows: CellValue[][];
	/** The chart beside the table: the column naming each bar and the columns drawn. */
	chart: { label: number; values: number[] } | null;
}

type Db = Kysely<MonitoringDatabase>;
const num = (value: unknown) => Number(value ?? 0);

/** The figures of a row, or "< 5" for each when the row describes fewer than 5 sellers. */
function figures(sellers: number, values: number[]): Shown[] {
	return isSmallCell(sellers) ? values.map(() => '< 5' as const) : values;
}

type Loose = Kysely<Record<string, Record<string, unknown>>>;
type SpendGroup = 'month' | 'organisation_id' | 'province' | 'category' | 'size';

interface SpendRow {
	key: (string | null)[];
	orders: number;
	committed: number;
	paid: number;
	/** Too few sellers to show, as smallOverMonths judges it from the exact sellers of each month. */
	small: boolean;
}

/**
 * Spend grouped by `by` over the period: one query on the smallest table that answers it (the roll-ups
 * nationally, the organisation's own per-seller rows when one is chosen), grouped by the key and the month,
 * then summed here over the months. A group's sellers are exact per month; over months, smallOverMonths.
 */
async function spendRows(db: Db, filters: DashboardFilters, by: SpendGroup): Promise<SpendRow[]> {
	const keys = by === 'province' ? ['province', 'regency'] : [by];
	const table = filters.organisationId
		? by === 'month' || by === 'organisation_id'
			? 'spend_orgs'
			: 'spend_monthly'
		: by === 'organisation_id'
			? 'spend_orgs'
			: 'spend_regions';
	const sellers =
		table === 'spend_monthly' ? sql<number>`count(distinct space_id)` : sql<number>`sum(sellers)`;
	let query = (db as unknown as Loose)
		.selectFrom(table)
		.where('month', '>=', filters.from)
		.where('month', '<=', filters.to);
	if (filters.province) query = query.where('province', '=', filters.province);
	if (filters.organisationId) query = query.where('organisation_id', '=', filters.organisationId);
	const rows = (await query
		.select([
			...keys.map((key) => sql.ref<string>(key).as(key)),
			sql.ref<string>('month').as('m'),
			sql<number>`sum(orders)`.as('orders'),
			sql<number>`sum(committed)`.as('committed'),
			sql<number>`sum(paid)`.as('paid'),
			sellers.as('sellers')
		])
		.groupBy([...keys, 'month'])
		.execute()) as Record<string, unknown>[];
	const groups = new Map<string, SpendRow & { months: number[] }>();
	for (const row of rows) {
		// '' is a roll-up's "not given"; the per-seller rows say null.
		const key = keys.map((name) => (row[name] === '' ? null : (row[name] as string | null)));
		const id = JSON.stringify(key);
		const group = groups.get(id) ?? { key, orders: 0, committed: 0, paid: 0, small: false, months: [] };
		group.orders += num(row.orders);
		group.committed += num(row.committed);
		group.paid += num(row.paid);
		group.months.push(num(row.sellers));
		groups.set(id, group);
	}
	return [...groups.values()].map(({ months, ...group }) => ({ ...group, small: smallOverMonths(months) }));
}

/** A spend row's figures, or "< 5" for each. */
const spendFigures = (row: SpendRow): Shown[] =>
	row.small ? ['< 5', '< 5', '< 5'] : [row.orders, row.committed, row.paid];

const spendColumns = [
	{ key: 'orders', kind: 'count' },
	{ key: 'committed', kind: 'rupiah' },
	{ key: 'paid', kind: 'rupiah' }
] as const;

/** Spend by one dimension of the seller (category or business size), the largest first. */
async function spendByDimension(
	db: Db,
	filters: DashboardFilters,
	id: TableId,
	column: 'category' | 'size'
): Promise<Table> {
	const rows = (await spendRows(db, filters, column)).sort(
		(a, b) => b.paid + b.committed - (a.paid + a.committed)
	);
	return {
		id,
		columns: [{ key: column, kind: 'text' }, ...spendColumns],
		rows: rows.map((row) => [row.key[0], ...spendFigures(row)]),
		chart: { label: 0, values: [2, 3] }
	};
}

/** Every view of the dashboard by its table, each one query (or a few) on the summary tables. */
export const VIEWS: Record<TableId, (db: Db, filters: DashboardFilters, today: string) => Promise<Table>> = {
	async 'belanja-bulanan'(db, filters) {
		const rows = (await spendRows(db, filters, 'month')).sort((a, b) => a.key[0]!.localeCompare(b.key[0]!));
		return {
			id: 'belanja-bulanan',
			columns: [{ key: 'month', kind: 'month' }, ...spendColumns],
			rows: rows.map((row) => [row.key[0], ...spendFigures(row)]),
			chart: { label: 0, values: [2, 3] }
		};
	},

	async 'belanja-instansi'(db, filters) {
		const rows = await spendRows(db, filters, 'organisation_id');
		const names = await organisationNames(
			db,
			rows.map((row) => row.key[0]!)
		);
		const year = filters.to.slice(0, 4);
		return {
			id: 'belanja-instansi',
			columns: [
				{ key: 'organisation', kind: 'text' },
				...spendColumns,
				{ key: 'target', kind: 'rupiah' },
				{ key: 'progress', kind: 'percent' }
			],
			rows: rows
				.map((row) => {
					const organisation = names.get(row.key[0]!);
					const target = organisation ? targetOf(organisation.code, year) : null;
					const progress = progressPercent(row.committed + row.paid, target);
					return [
						organisation?.name ?? row.key[0],
						...spendFigures(row),
						target,
						row.small && progress !== null ? '< 5' : progress
					] as CellValue[];
				})
				.sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'id')),
			chart: { label: 0, values: [2, 3] }
		};
	},

	async 'belanja-wilayah'(db, filters) {
		const rows = (await spendRows(db, filters, 'province')).sort(
			(a, b) =>
				(a.key[0] ?? '~').localeCompare(b.key[0] ?? '~') || (a.key[1] ?? '~').localeCompare(b.key[1] ?? '~')
		);
		return {
			id: 'belanja-wilayah',
			columns: [{ key: 'province', kind: 'text' }, { key: 'regency', kind: 'text' }, ...spendColumns],
			rows: rows.map((row) => [provinceName(row.key[0]), regencyName(row.key[1]), ...spendFigures(row)]),
			chart: { label: 1, values: [3, 4] }
		};
	},

	'belanja-kategori': (db, filters) => spendByDimension(db, filters, 'belanja-kategori', 'category'),
	'belanja-skala': (db, filters) => spendByDimension(db, filters, 'belanja-skala', 'size'),

	/**
	 * Paying on time per organisation, the latest payer first (90th percentile of days from BAST to paid,
	 * then the value past due): invoices paid in the period, and invoices past due today.
	 */
	async pembayaran(db, filters, today) {
		let paid = db
			.selectFrom('payment_times')
			.where('paid_month', '>=', filters.from)
			.where('paid_month', '<=', filters.to);
		let open = db.selectFrom('open_invoices').where('due_on', '<', today);
		if (filters.province) {
			paid = paid.where('province', '=', filters.province);
			open = open.where('province', '=', filters.province);
		}
		if (filters.organisationId) {
			paid = paid.where('organisation_id', '=', filters.organisationId);
			open = open.where('organisation_id', '=', filters.organisationId);
		}
		const [histogram, sellerCounts, late] = await Promise.all([
			paid
				.select(['organisation_id', 'days', sql<number>`count(*)`.as('invoices')])
				.groupBy(['organisation_id', 'days'])
				.execute(),
			// The sellers a row describes: those paid in the period and those waiting past due, together.
			db
				.selectFrom(
					paid
						.select(['organisation_id', 'space_id'])
						.union(open.select(['organisation_id', 'space_id']))
						.as('described')
				)
				.select(['organisation_id', sql<number>`count(distinct space_id)`.as('sellers')])
				.groupBy('organisation_id')
				.execute(),
			open
				.select([
					'organisation_id',
					sql<number>`count(*)`.as('invoices'),
					sql<number>`sum(amount)`.as('amount'),
					sql<string>`min(due_on)`.as('oldest')
				])
				.groupBy('organisation_id')
				.execute()
		]);
		const byOrganisation = new Map<
			string,
			{ days: [number, number][]; sellers: number; late?: (typeof late)[number] }
		>();
		const entry = (id: string) => {
			if (!byOrganisation.has(id)) byOrganisation.set(id, { days: [], sellers: 0 });
			return byOrganisation.get(id)!;
		};
		for (const row of histogram) entry(row.organisation_id).days.push([num(row.days), num(row.invoices)]);
		for (const row of sellerCounts) entry(row.organisation_id).sellers = num(row.sellers);
		for (const row of late) entry(row.organisation_id).late = row;
		const names = await organisationNames(db, [...byOrganisation.keys()]);
		const ranked = [...byOrganisation].map(([id, item]) => {
			const invoices = item.days.reduce((sum, [, count]) => sum + count, 0);
			return {
				name: names.get(id)?.name ?? id,
				sellers: item.sellers,
				invoices,
				median: percentile(item.days, 0.5),
				p90: percentile(item.days, 0.9),
				lateCount: num(item.late?.invoices),
				lateAmount: num(item.late?.amount),
				oldest: item.late?.oldest ?? null
			};
		});
		ranked.sort(
			(a, b) =>
				(b.p90 ?? -1) - (a.p90 ?? -1) || b.lateAmount - a.lateAmount || a.name.localeCompare(b.name, 'id')
		);
		return {
			id: 'pembayaran',
			columns: [
				{ key: 'rank', kind: 'count' },
				{ key: 'organisation', kind: 'text' },
				{ key: 'paid_invoices', kind: 'count' },
				{ key: 'median_days', kind: 'days' },
				{ key: 'p90_days', kind: 'days' },
				{ key: 'late_count', kind: 'count' },
				{ key: 'late_amount', kind: 'rupiah' },
				{ key: 'oldest_due', kind: 'date' }
			],
			rows: ranked.map((row, index) => {
				const small = isSmallCell(row.sellers);
				const hide = <T>(value: T): T | '< 5' => (small && value !== null ? '< 5' : value);
				return [
					index + 1,
					row.name,
					hide(row.invoices),
					hide(row.median),
					hide(row.p90),
					hide(row.lateCount),
					hide(row.lateAmount),
					hide(row.oldest)
				];
			}),
			chart: { label: 1, values: [4] }
		};
	},

	'pertumbuhan-provinsi': (db, filters, today) => growth(db, filters, today, 'province'),
	'pertumbuhan-pendamping': (db, filters, today) => growth(db, filters, today, 'facilitator'),

	async 'penjualan-bulanan'(db, filters) {
		// Sellers per month are exact: a seller is in one cell of the month.
		let query = db
			.selectFrom('sales_cells')
			.where('month', '>=', filters.from)
			.where('month', '<=', filters.to);
		if (filters.province) query = query.where('province', '=', filters.province);
		const rows = await query
			.select([
				'month',
				sql<number>`sum(orders)`.as('orders'),
				sql<number>`sum(amount)`.as('amount'),
				sql<number>`sum(sellers)`.as('sellers')
			])
			.groupBy('month')
			.orderBy('month')
			.execute();
		return {
			id: 'penjualan-bulanan',
			columns: [
				{ key: 'month', kind: 'month' },
				{ key: 'sellers_selling', kind: 'count' },
				{ key: 'orders', kind: 'count' },
				{ key: 'sales', kind: 'rupiah' }
			],
			rows: rows.map((row) => [
				row.month,
				...figures(num(row.sellers), [num(row.sellers), num(row.orders), num(row.amount)])
			]),
			chart: { label: 0, values: [3] }
		};
	},

	async pembiayaan(db, filters) {
		let query = db
			.selectFrom('financing_monthly')
			.where('month', '>=', filters.from)
			.where('month', '<=', filters.to);
		if (filters.province) query = query.where('province', '=', filters.province);
		const rows = await query
			.select([
				'kind',
				'event',
				sql<number>`sum(count)`.as('count'),
				sql<number>`sum(amount)`.as('amount'),
				sql<number>`count(distinct space_id)`.as('sellers')
			])
			.groupBy(['kind', 'event'])
			.execute();
		const order = [
			'kur:submitted',
			'kur:approved',
			'kur:rejected',
			'advance:requested',
			'advance:approved',
			'advance:rejected',
			'advance:repaid'
		];
		rows.sort((a, b) => order.indexOf(`${a.kind}:${a.event}`) - order.indexOf(`${b.kind}:${b.event}`));
		return {
			id: 'pembiayaan',
			columns: [
				{ key: 'financing', kind: 'text' },
				{ key: 'count', kind: 'count' },
				{ key: 'amount', kind: 'rupiah' }
			],
			rows: rows.map((row) => [
				`${row.kind}_${row.event}`,
				...figures(num(row.sellers), [num(row.count), num(row.amount)])
			]),
			chart: { label: 0, values: [1] }
		};
	}
};

async function organisationNames(
	db: Db,
	ids: string[]
): Promise<Map<string, { name: string; code: string }>> {
	if (!ids.length) return new Map();
	const rows = await db
		.selectFrom('organisations')
		.select(['id', 'name', 'code'])
		.where('id', 'in', [...new Set(ids)])
		.execute();
	return new Map(rows.map((row) => [row.id, { name: row.name, code: row.code }]));
}

/** The tables a viewer sees, in the page's order: every one nationally, the spend and paying for one organisation. */
export async function dashboardTables(
	db: Kysely<Database>,
	filters: DashboardFilters,
	today: string,
	ids: readonly TableId[] = TABLE_IDS
): Promise<Table[]> {
	const monitoring = withMonitoring(db);
	const tables: Table[] = [];
	for (const id of ids) tables.push(await VIEWS[id](monitoring, filters, today));
	return tables;
}
