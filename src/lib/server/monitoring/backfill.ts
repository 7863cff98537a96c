import type { Kysely } from 'kysely';
import { jakartaDay } from '$lib/domain/dates';
import { orderSales } from '$lib/domain/monitoring';
import type { Database } from '../db/schema';
import { advanceFromRow, financingFromRow, procurementFromRow } from '../sync/entities';
import { advanceChanged, financingChanged, procurementChanged, sellerChanged } from './aggregates';
import { withMonitoring, type SalesCellsTable, type SalesMonthlyTable } from './tables';

const PAGE = 2000;

/**
 * Fills the summary tables from the rows already stored (migration 014), by the same rules as the writes:
 * every record counted once, from nothing to what it is now. Orders, the many, are summed in memory per
 * month and seller and written in batches; the rest goes through the write path's own functions.
 */
export async function backfillMonitoring(db: Kysely<Database>): Promise<void> {
	const spaces = await db.selectFrom('spaces').select('id').execute();
	for (const { id } of spaces) await sellerChanged(db, id);
	const sellers = new Map(
		(await withMonitoring(db).selectFrom('monitor_sellers').selectAll().execute()).map((row) => [
			row.space_id,
			row
		])
	);

	const sales = new Map<string, SalesMonthlyTable>();
	for (let after = ''; ;) {
		const rows = await db
			.selectFrom('orders')
			.select(['id', 'space_id', 'status', 'total', 'created_at'])
			.where('deleted', '=', 0)
			.where('id', '>', after)
			.orderBy('id')
			.limit(PAGE)
			.execute();
		for (const row of rows) {
			const seller = sellers.get(row.space_id);
			if (!seller) continue;
			for (const cell of orderSales({
				status: row.status,
				total: Number(row.total),
				createdAt: row.created_at
			})) {
				const key = `${cell.key}|${row.space_id}`;
				const day = jakartaDay(row.created_at);
				const sum = sales.get(key) ?? {
					month: cell.key,
					space_id: row.space_id,
					province: seller.province,
					regency: seller.regency,
					category: seller.category,
					size: seller.size,
					orders: 0,
					amount: 0,
					last_day: day
				};
				sum.orders += cell.measures.orders;
				sum.amount += cell.measures.amount;
				if (day > sum.last_day) sum.last_day = day;
				sales.set(key, sum);
			}
		}
		if (rows.length < PAGE) break;
		after = rows.at(-1)!.id;
	}
	const values = [...sales.values()];
	const cells = new Map<string, SalesCellsTable>();
	for (const row of values) {
		const key = [row.month, row.province ?? '', row.regency ?? '', row.category ?? '', row.size ?? ''];
		const cell = cells.get(key.join('|')) ?? {
			month: row.month,
			province: key[1],
			regency: key[2],
			category: key[3],
			size: key[4],
			orders: 0,
			amount: 0,
			sellers: 0
		};
		cell.orders += row.orders;
		cell.amount += row.amount;
		cell.sellers += row.orders > 0 ? 1 : 0;
		cells.set(key.join('|'), cell);
	}
	for (const [table, rows] of [
		['sales_monthly', values],
		['sales_cells', [...cells.values()]]
	] as const) {
		for (let i = 0; i < rows.length; i += 500) {
			await (withMonitoring(db) as unknown as Kysely<Record<string, object>>)
				.insertInto(table)
				.values(rows.slice(i, i + 500))
				.execute();
		}
	}

	for (const row of await db.selectFrom('procurements').selectAll().where('deleted', '=', 0).execute()) {
		await procurementChanged(db, null, procurementFromRow(row));
	}
	const applications = await db
		.selectFrom('financing_applications')
		.selectAll()
		.where('deleted', '=', 0)
		.where('submitted_at', 'is not', null)
		.execute();
	for (const row of applications) await financingChanged(db, null, financingFromRow(row));
	for (const row of await db.selectFrom('invoice_advances').selectAll().where('deleted', '=', 0).execute()) {
		await advanceChanged(db, null, advanceFromRow(row));
	}
}
