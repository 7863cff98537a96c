import { sql, type Kysely } from 'kysely';
import { activeSince, isSmallCell } from '$lib/domain/monitoring';
import type { CellValue, DashboardFilters, Table } from './dashboard';
import { provinceName } from './regions';
import type { MonitoringDatabase } from './tables';

/** A figure as the database gives it (a string or bigint on PostgreSQL), as a number. */
const num = (value: unknown) => Number(value ?? 0);

/**
 * Growth of sellers per province or facilitator: registered in the period, of whom signed up by a
 * facilitator, activated in the period, and active now (an order in the last 14 days, from sales_monthly).
 */
export async function growth(
	db: Kysely<MonitoringDatabase>,
	filters: DashboardFilters,
	today: string,
	by: 'province' | 'facilitator'
): Promise<Table> {
	const since = activeSince(today);
	const group = by === 'province' ? 'province' : 'facilitator_id';
	let sellers = db.selectFrom('monitor_sellers');
	if (filters.province) sellers = sellers.where('province', '=', filters.province);
	if (by === 'facilitator') sellers = sellers.where('facilitator_id', 'is not', null);
	const from = `${filters.from}-01`;
	const to = `${filters.to}-31`;
	const counts = await sellers
		.select([
			`${group} as key`,
			sql<string>`max(facilitator_name)`.as('name'),
			sql<number>`sum(case when registered_on between ${from} and ${to} then 1 else 0 end)`.as('registered'),
			sql<number>`sum(case when registered_on between ${from} and ${to} and facilitator_id is not null then 1 else 0 end)`.as(
				'onboarded'
			),
			sql<number>`sum(case when activated_on between ${from} and ${to} then 1 else 0 end)`.as('activated')
		])
		.groupBy(group)
		.execute();
	// Active: a seller with an order on or after `since` (the province its sales rows were written with).
	let active = db.selectFrom('sales_monthly').where('sales_monthly.last_day', '>=', since);
	if (filters.province) active = active.where('sales_monthly.province', '=', filters.province);
	const activeRows =
		by === 'province'
			? await active
					.select([
						'sales_monthly.province as key',
						sql<number>`count(distinct sales_monthly.space_id)`.as('active')
					])
					.groupBy('sales_monthly.province')
					.execute()
			: await active
					.innerJoin('monitor_sellers', 'monitor_sellers.space_id', 'sales_monthly.space_id')
					.where('monitor_sellers.facilitator_id', 'is not', null)
					.select([
						'monitor_sellers.facilitator_id as key',
						sql<number>`count(distinct sales_monthly.space_id)`.as('active')
					])
					.groupBy('monitor_sellers.facilitator_id')
					.execute();
	const activeBy = new Map(activeRows.map((row) => [row.key, num(row.active)]));
	const rows = counts
		.filter((row) => num(row.registered) + num(row.activated) + (activeBy.get(row.key) ?? 0) > 0)
		.map((row) => {
			const name = by === 'province' ? provinceName(row.key) : row.name;
			const values = [
				num(row.registered),
				num(row.onboarded),
				num(row.activated),
				activeBy.get(row.key) ?? 0
			];
			// Counts of sellers: a count under 5 is itself the small cell.
			return [name, ...values.map((value) => (isSmallCell(value) ? '< 5' : value))] as CellValue[];
		})
		.sort((a, b) => String(a[0] ?? '').localeCompare(String(b[0] ?? ''), 'id'));
	return {
		id: by === 'province' ? 'pertumbuhan-provinsi' : 'pertumbuhan-pendamping',
		columns: [
			{ key: by, kind: 'text' },
			{ key: 'registered', kind: 'count' },
			{ key: 'onboarded', kind: 'count' },
			{ key: 'activated', kind: 'count' },
			{ key: 'active', kind: 'count' }
		],
		rows,
		chart: { label: 0, values: [4] }
	};
}
