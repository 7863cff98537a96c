import type { Kysely } from 'kysely';
import { backfillMonitoring } from '../../monitoring/backfill';
import type { Database } from '../schema';

/**
 * Programme monitoring (issue 14): summary tables kept up to date by the one apply path in the transaction
 * of every write that changes them (monitoring/aggregates.ts), so the dashboard never reads orders. Filled
 * here from the rows already stored, by the same rules the writes use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('monitor_sellers')
		.addColumn('space_id', 'text', (col) => col.primaryKey())
		.addColumn('province', 'text')
		.addColumn('regency', 'text')
		.addColumn('category', 'text')
		.addColumn('size', 'text')
		.addColumn('facilitator_id', 'text')
		.addColumn('facilitator_name', 'text')
		.addColumn('registered_on', 'text', (col) => col.notNull())
		.addColumn('activated_on', 'text')
		.execute();
	await db.schema
		.createIndex('monitor_sellers_province')
		.on('monitor_sellers')
		.columns(['province', 'registered_on'])
		.execute();
	await db.schema
		.createIndex('monitor_sellers_facilitator')
		.on('monitor_sellers')
		.column('facilitator_id')
		.execute();

	await db.schema
		.createTable('sales_monthly')
		.addColumn('month', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.$call(dimensions)
		.addColumn('orders', 'integer', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.addColumn('last_day', 'text', (col) => col.notNull())
		.addPrimaryKeyConstraint('sales_monthly_pk', ['month', 'space_id'])
		.execute();
	await db.schema
		.createIndex('sales_monthly_province')
		.on('sales_monthly')
		.columns(['province', 'month'])
		.execute();

	await db.schema
		.createTable('spend_monthly')
		.addColumn('month', 'text', (col) => col.notNull())
		.addColumn('organisation_id', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.$call(dimensions)
		.addColumn('orders', 'integer', (col) => col.notNull())
		.addColumn('committed', 'bigint', (col) => col.notNull())
		.addColumn('paid', 'bigint', (col) => col.notNull())
		.addPrimaryKeyConstraint('spend_monthly_pk', ['month', 'organisation_id', 'space_id'])
		.execute();
	await db.schema
		.createIndex('spend_monthly_organisation')
		.on('spend_monthly')
		.columns(['organisation_id', 'month'])
		.execute();
	await db.schema
		.createIndex('spend_monthly_province')
		.on('spend_monthly')
		.columns(['province', 'month'])
		.execute();

	await db.schema
		.createTable('payment_times')
		.addColumn('invoice_id', 'text', (col) => col.primaryKey())
		.addColumn('organisation_id', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.addColumn('province', 'text')
		.addColumn('paid_month', 'text', (col) => col.notNull())
		.addColumn('bast_on', 'text', (col) => col.notNull())
		.addColumn('paid_on', 'text', (col) => col.notNull())
		.addColumn('days', 'integer', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('payment_times_month')
		.on('payment_times')
		.columns(['paid_month', 'organisation_id'])
		.execute();

	await db.schema
		.createTable('open_invoices')
		.addColumn('invoice_id', 'text', (col) => col.primaryKey())
		.addColumn('organisation_id', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.addColumn('province', 'text')
		.addColumn('due_on', 'text', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.execute();
	await db.schema.createIndex('open_invoices_due').on('open_invoices').columns(['due_on']).execute();

	await db.schema
		.createTable('financing_monthly')
		.addColumn('month', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.addColumn('province', 'text')
		.addColumn('kind', 'text', (col) => col.notNull())
		.addColumn('event', 'text', (col) => col.notNull())
		.addColumn('count', 'integer', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.addPrimaryKeyConstraint('financing_monthly_pk', ['month', 'space_id', 'kind', 'event'])
		.execute();

	// Roll-ups of the per-seller rows at the grain the dashboard groups by, each with the number of sellers
	// the cell describes in its month (exact: a seller is in one region, category and size): the national
	// views read these few rows rather than every seller's. Unknown dimensions are '' (key columns).
	const cell = (name: string) => ['month', ...name.split(',')];
	await rollup(db, 'sales_cells', cell('province,regency,category,size'), ['orders', 'amount']);
	await rollup(db, 'spend_regions', cell('province,regency,category,size'), ['orders', 'committed', 'paid']);
	await rollup(db, 'spend_orgs', cell('organisation_id,province'), ['orders', 'committed', 'paid']);
	// A seller's spend of a month over every organisation: when it starts, spend_regions gains a seller.
	await db.schema
		.createTable('spend_seller_months')
		.addColumn('month', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull())
		.addColumn('total', 'bigint', (col) => col.notNull())
		.addPrimaryKeyConstraint('spend_seller_months_pk', ['month', 'space_id'])
		.execute();
	// Active sellers: rows whose last order is recent, counted per province from the index alone.
	await db.schema
		.createIndex('sales_monthly_last_day')
		.on('sales_monthly')
		.columns(['last_day', 'province', 'space_id'])
		.execute();
	// The national spend views read the roll-ups by month from their indexes alone (no row lookups). Not
	// sales_cells: every sale changes its figures, and an index holding them would be rewritten each time.
	await db.schema
		.createIndex('spend_regions_month')
		.on('spend_regions')
		.columns(['month', 'province', 'regency', 'category', 'size', 'orders', 'committed', 'paid', 'sellers'])
		.execute();
	await db.schema
		.createIndex('spend_orgs_month')
		.on('spend_orgs')
		.columns(['month', 'organisation_id', 'province', 'orders', 'committed', 'paid', 'sellers'])
		.execute();

	// Days to pay per organisation: read from the index alone.
	await db.schema
		.createIndex('payment_times_days')
		.on('payment_times')
		.columns(['organisation_id', 'days', 'paid_month', 'province', 'space_id'])
		.execute();

	await backfillMonitoring(db as Kysely<Database>);
}

async function rollup(db: Kysely<unknown>, table: string, key: string[], measures: string[]): Promise<void> {
	let builder = db.schema.createTable(table);
	for (const column of key) builder = builder.addColumn(column, 'text', (col) => col.notNull());
	for (const column of [...measures, 'sellers']) {
		builder = builder.addColumn(column, 'bigint', (col) => col.notNull());
	}
	await builder.addPrimaryKeyConstraint(`${table}_pk`, key as never[]).execute();
}

/** The seller's dimensions each summary row copies from monitor_sellers when it is written. */
function dimensions<T extends { addColumn: (name: string, type: 'text') => T }>(builder: T): T {
	return builder
		.addColumn('province', 'text')
		.addColumn('regency', 'text')
		.addColumn('category', 'text')
		.addColumn('size', 'text');
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'spend_seller_months',
		'spend_orgs',
		'spend_regions',
		'sales_cells',
		'financing_monthly',
		'open_invoices',
		'payment_times',
		'spend_monthly',
		'sales_monthly',
		'monitor_sellers'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
