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

	await backfillMonitoring(db as Kysely<Database>);
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
