import { sql, type Kysely } from 'kysely';
import { jakartaDay } from '$lib/domain/dates';
import type { FinancingApplication } from '$lib/domain/financing';
import type { InvoiceAdvance } from '$lib/domain/invoice-advance';
import {
	advanceFinancing,
	cellDelta,
	financingKeyParts,
	invoiceChanges,
	kurFinancing,
	monthOf,
	orderSales,
	procurementSpend,
	sellerChange,
	type Cell,
	type FinancingMeasure
} from '$lib/domain/monitoring';
import type { MutationName } from '$lib/domain/mutations';
import type { Order } from '$lib/domain/order';
import type { Procurement } from '$lib/domain/procurement';
import { preparedQuery } from '../db/prepared';
import type { Database } from '../db/schema';
import { advanceFromRow, financingFromRow, procurementFromRow } from '../sync/entities';
import { withMonitoring } from './tables';

/**
 * The write side of the monitoring: every writer of a record the figures count calls one of these in its
 * own transaction, with the record before and after the write, so the summary rows never disagree with the
 * raw ones. The rules of what moves are the domain's (monitoring.ts); here is only how the cells are stored.
 * A write that moves no figure (most procurement steps, every payment of an order) costs no statement.
 */

type Db = Kysely<Database>;
const m = withMonitoring;

const text = (value: string | null) => sql<string>`cast(${value} as text)`;
const int = (value: number) => sql<number>`cast(${value} as bigint)`;

/** The seller's dimensions as their rows say now: the supplier profile first, the facilitator's form next. */
async function sellerRow(db: Db, space: string) {
	const [spaceRow, seller, supplier] = await Promise.all([
		db.selectFrom('spaces').select('created_at').where('id', '=', space).executeTakeFirst(),
		db
			.selectFrom('sellers')
			.select(['address', 'category', 'onboarded_by', 'activated_at'])
			.where('id', '=', space)
			.executeTakeFirst(),
		db
			.selectFrom('supplier_profiles')
			.select(['province_code', 'regency_code', 'size'])
			.where('id', '=', space)
			.executeTakeFirst()
	]);
	if (!spaceRow) return null;
	const address = seller?.address
		? (JSON.parse(seller.address) as { provinceCode?: string; regencyCode?: string | null })
		: null;
	const facilitator = seller ? (JSON.parse(seller.onboarded_by) as { id?: string; name?: string }) : null;
	const registered = jakartaDay(spaceRow.created_at);
	return {
		space_id: space,
		province: supplier?.province_code ?? address?.provinceCode ?? null,
		regency: supplier?.regency_code ?? address?.regencyCode ?? null,
		category: seller?.category ?? null,
		size: supplier?.size ?? null,
		facilitator_id: facilitator?.id || null,
		facilitator_name: facilitator?.name || null,
		registered_on: registered,
		// A seller who registered logs in from the start; a facilitator's sign-up once activated.
		activated_on: seller ? (seller.activated_at ? jakartaDay(seller.activated_at) : null) : registered
	};
}

/**
 * A seller's space was made or its profile changed (region, category, size, activation): its dimension
 * row, which later summary rows copy. Rows written before keep the dimensions they had (history stays).
 */
export async function sellerChanged(db: Db, space: string): Promise<void> {
	const row = await sellerRow(db, space);
	if (!row) return;
	const { space_id, ...rest } = row;
	await m(db)
		.insertInto('monitor_sellers')
		.values(row)
		.onConflict((conflict) => conflict.column('space_id').doUpdateSet(rest))
		.execute();
	void space_id;
}

/**
 * Runs an upsert that copies the seller's dimensions from monitor_sellers and returns the row; when the
 * seller has no such row yet (a space older than the monitoring, missed by no backfill), makes it and runs
 * it again.
 */
async function withSeller<R>(db: Db, space: string, upsert: () => Promise<R | undefined>): Promise<R> {
	const row = await upsert();
	if (row) return row;
	await sellerChanged(db, space);
	const again = await upsert();
	if (!again) throw new Error(`monitoring: no space ${space}`);
	return again;
}

type Dimensions = {
	province: string | null;
	regency: string | null;
	category: string | null;
	size: string | null;
};

/** A roll-up cell's key columns from a seller's dimensions ('' for one not given). */
const cellKey = (month: string, row: Dimensions) => ({
	month,
	province: row.province ?? '',
	regency: row.regency ?? '',
	category: row.category ?? '',
	size: row.size ?? ''
});

/** Adds measures to a roll-up cell (made on first use). */
async function addToCell(
	db: Db,
	table: 'sales_cells' | 'spend_regions' | 'spend_orgs',
	key: Record<string, string>,
	measures: Record<string, number>
): Promise<void> {
	if (Object.values(measures).every((value) => value === 0)) return;
	const add = Object.fromEntries(
		Object.keys(measures).map((name) => [
			name,
			sql`${sql.ref(`${table}.${name}`)} + excluded.${sql.ref(name)}`
		])
	);
	await (m(db) as unknown as Kysely<Record<string, Record<string, unknown>>>)
		.insertInto(table)
		.values({ ...key, ...measures })
		.onConflict((conflict) => conflict.columns(Object.keys(key)).doUpdateSet(add))
		.execute();
}

const dims = ['province', 'regency', 'category', 'size'] as const;

/**
 * `MONITORING_AGGREGATES=off` leaves the device mutations' figures alone: only for `npm run bench --
 * monitoring`, which measures the apply cost with and without them. Never set it on a real server (the
 * figures would miss those writes until a backfill).
 */
const skipped = () => process.env.MONITORING_AGGREGATES === 'off';

/**
 * An order of a seller was made or changed (cancelled): the sales figures. Called by the order handlers and
 * the shop page's checkout with the order they wrote (no read of it again: this is the busiest write).
 */
export async function orderChanged(
	db: Db,
	before: Pick<Order, 'status' | 'total' | 'createdAt'> | null,
	after: Pick<Order, 'spaceId' | 'status' | 'total' | 'createdAt'>
): Promise<void> {
	if (skipped()) return;
	const lastDay = jakartaDay(after.createdAt);
	for (const cell of cellDelta(orderSales(before), orderSales(after))) {
		const params = { month: cell.key, space: after.spaceId, ...cell.measures, lastDay };
		const row = await withSeller(db, after.spaceId, async () => (await upsertSales(db, params))[0]);
		await upsertSalesCell(db, {
			...cellKey(cell.key, row),
			...cell.measures,
			sellers: sellerChange(Number(row.orders), cell.measures.orders)
		});
	}
}

// The busiest write's two statements, compiled once per transaction rather than at every sale.
const upsertSales = preparedQuery(
	'monitoring_sales',
	(db, p: { month: string; space: string; orders: number; amount: number; lastDay: string }) =>
		m(db)
			.insertInto('sales_monthly')
			.columns(['month', 'space_id', ...dims, 'orders', 'amount', 'last_day'])
			.expression((eb) =>
				eb
					.selectFrom('monitor_sellers')
					.select([
						text(p.month).as('month'),
						'space_id',
						...dims,
						int(p.orders).as('orders'),
						int(p.amount).as('amount'),
						text(p.lastDay).as('last_day')
					])
					.where('space_id', '=', p.space)
			)
			.onConflict((conflict) =>
				conflict.columns(['month', 'space_id']).doUpdateSet({
					orders: sql`sales_monthly.orders + excluded.orders`,
					amount: sql`sales_monthly.amount + excluded.amount`,
					last_day: sql`case when excluded.last_day > sales_monthly.last_day then excluded.last_day else sales_monthly.last_day end`
				})
			)
			.returning(['orders', ...dims])
);

const upsertSalesCell = preparedQuery(
	'monitoring_sales_cell',
	(db, p: ReturnType<typeof cellKey> & { orders: number; amount: number; sellers: number }) =>
		m(db)
			.insertInto('sales_cells')
			.values({
				month: p.month,
				province: p.province,
				regency: p.regency,
				category: p.category,
				size: p.size,
				orders: p.orders,
				amount: p.amount,
				sellers: p.sellers
			})
			.onConflict((conflict) =>
				conflict.columns(['month', 'province', 'regency', 'category', 'size']).doUpdateSet({
					orders: sql`sales_cells.orders + excluded.orders`,
					amount: sql`sales_cells.amount + excluded.amount`,
					sellers: sql`sales_cells.sellers + excluded.sellers`
				})
			)
);

/**
 * A procurement step was taken: the spend (committed and paid per month), the open invoices, and the days
 * from BAST to payment of an invoice paid now.
 */
export async function procurementChanged(
	db: Db,
	before: Procurement | null,
	after: Procurement
): Promise<void> {
	const space = after.spaceId;
	const organisation = after.organisation.id;
	for (const cell of cellDelta(procurementSpend(before), procurementSpend(after))) {
		const { orders, committed, paid } = cell.measures;
		const row = await withSeller(db, space, () =>
			m(db)
				.insertInto('spend_monthly')
				.columns(['month', 'organisation_id', 'space_id', ...dims, 'orders', 'committed', 'paid'])
				.expression((eb) =>
					eb
						.selectFrom('monitor_sellers')
						.select([
							text(cell.key).as('month'),
							text(organisation).as('organisation_id'),
							'space_id',
							...dims,
							int(cell.measures.orders).as('orders'),
							int(cell.measures.committed).as('committed'),
							int(cell.measures.paid).as('paid')
						])
						.where('space_id', '=', space)
				)
				.onConflict((conflict) =>
					conflict.columns(['month', 'organisation_id', 'space_id']).doUpdateSet({
						orders: sql`spend_monthly.orders + excluded.orders`,
						committed: sql`spend_monthly.committed + excluded.committed`,
						paid: sql`spend_monthly.paid + excluded.paid`
					})
				)
				.returning(['orders', 'committed', 'paid', ...dims])
				.executeTakeFirst()
		);
		// A seller counts in a cell while any of its figures there is above 0.
		const delta = orders + committed + paid;
		const total = Number(row.orders) + Number(row.committed) + Number(row.paid);
		const ofMonth = await m(db)
			.insertInto('spend_seller_months')
			.values({ month: cell.key, space_id: space, total: delta })
			.onConflict((conflict) =>
				conflict
					.columns(['month', 'space_id'])
					.doUpdateSet({ total: sql`spend_seller_months.total + excluded.total` })
			)
			.returning('total')
			.executeTakeFirstOrThrow();
		await addToCell(db, 'spend_regions', cellKey(cell.key, row), {
			...cell.measures,
			sellers: sellerChange(Number(ofMonth.total), delta)
		});
		await addToCell(
			db,
			'spend_orgs',
			{ month: cell.key, organisation_id: organisation, province: row.province ?? '' },
			{ ...cell.measures, sellers: sellerChange(total, delta) }
		);
	}
	const { opened, paid } = invoiceChanges(before, after);
	if (!opened.length && !paid.length) return;
	const seller = await m(db)
		.selectFrom('monitor_sellers')
		.select('province')
		.where('space_id', '=', space)
		.executeTakeFirst();
	const province = seller?.province ?? null;
	const common = { organisation_id: organisation, space_id: space, province };
	for (const fact of opened) {
		await m(db)
			.insertInto('open_invoices')
			.values({ ...common, invoice_id: fact.invoiceId, due_on: fact.dueOn, amount: fact.amount })
			.onConflict((conflict) => conflict.column('invoice_id').doNothing())
			.execute();
	}
	for (const fact of paid) {
		await m(db).deleteFrom('open_invoices').where('invoice_id', '=', fact.invoiceId).execute();
		await m(db)
			.insertInto('payment_times')
			.values({
				...common,
				invoice_id: fact.invoiceId,
				paid_month: monthOf(fact.paidOn),
				bast_on: fact.bastOn,
				paid_on: fact.paidOn,
				days: fact.days,
				amount: fact.amount
			})
			.onConflict((conflict) => conflict.column('invoice_id').doNothing())
			.execute();
	}
}

async function financingDelta(db: Db, space: string, cells: Cell<FinancingMeasure>[]): Promise<void> {
	for (const cell of cells) {
		const { month, kind, event } = financingKeyParts(cell.key);
		await withSeller(db, space, () =>
			m(db)
				.insertInto('financing_monthly')
				.columns(['month', 'space_id', 'province', 'kind', 'event', 'count', 'amount'])
				.expression((eb) =>
					eb
						.selectFrom('monitor_sellers')
						.select([
							text(month).as('month'),
							'space_id',
							'province',
							text(kind).as('kind'),
							text(event).as('event'),
							int(cell.measures.count).as('count'),
							int(cell.measures.amount).as('amount')
						])
						.where('space_id', '=', space)
				)
				.onConflict((conflict) =>
					conflict.columns(['month', 'space_id', 'kind', 'event']).doUpdateSet({
						count: sql`financing_monthly.count + excluded.count`,
						amount: sql`financing_monthly.amount + excluded.amount`
					})
				)
				.returning('count')
				.executeTakeFirst()
		);
	}
}

/** A KUR application was submitted or decided. */
export function financingChanged(
	db: Db,
	before: FinancingApplication | null,
	after: FinancingApplication
): Promise<void> {
	return financingDelta(db, after.spaceId, cellDelta(kurFinancing(before), kurFinancing(after)));
}

/** An invoice advance was asked for, decided or repaid. */
export function advanceChanged(db: Db, before: InvoiceAdvance | null, after: InvoiceAdvance): Promise<void> {
	return financingDelta(db, after.spaceId, cellDelta(advanceFinancing(before), advanceFinancing(after)));
}

// --- The device's mutations (applyMutation) ---------------------------------------------------------------

/** What a mutation's figures need from before it: the record it changes, read before the handler. */
export type BeforeMutation = { procurement?: Procurement; financing?: FinancingApplication | null } | null;

/** Called by applyMutation before the handler: reads the one record whose figures the mutation may move. */
export async function beforeMutation(db: Db, name: MutationName, args: unknown): Promise<BeforeMutation> {
	if (skipped()) return null;
	const id = (args as { id?: string }).id;
	if (name.startsWith('procurement.') && id) {
		const row = await db.selectFrom('procurements').selectAll().where('id', '=', id).executeTakeFirst();
		return row ? { procurement: procurementFromRow(row) } : null;
	}
	if (name === 'financing.submit' && id) {
		const row = await db
			.selectFrom('financing_applications')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirst();
		return { financing: row ? financingFromRow(row) : null };
	}
	return null;
}

/** Called by applyMutation after the handler, in the same transaction: moves the figures the mutation moved. */
export async function afterMutation(
	db: Db,
	name: MutationName,
	space: string,
	args: unknown,
	before: BeforeMutation
): Promise<void> {
	if (skipped()) return;
	const { id } = args as { id?: string };
	switch (name) {
		case 'financing.submit': {
			const row = await db
				.selectFrom('financing_applications')
				.selectAll()
				.where('id', '=', id!)
				.executeTakeFirstOrThrow();
			return financingChanged(db, before?.financing ?? null, financingFromRow(row));
		}
		case 'advance.request': {
			const row = await db
				.selectFrom('invoice_advances')
				.selectAll()
				.where('id', '=', id!)
				.executeTakeFirstOrThrow();
			return advanceChanged(db, null, advanceFromRow(row));
		}
		case 'seller.create':
		case 'seller.patch':
		case 'supplier.put':
			return sellerChanged(db, space);
		default:
			if (name.startsWith('procurement.') && before?.procurement) {
				const row = await db
					.selectFrom('procurements')
					.selectAll()
					.where('id', '=', before.procurement.id)
					.executeTakeFirstOrThrow();
				return procurementChanged(db, before.procurement, procurementFromRow(row));
			}
	}
}
