import { sql, type Kysely } from 'kysely';

/**
 * Orders: the `orders` table (synced, its lists as JSON text), the order a stock movement belongs to, a
 * sequence number per device (for the device code in order numbers) from a shared counter, a per-shop count
 * of shop-page orders (`W-<n>`), checkout rate limits per address, and server-wide settings (the secret that
 * signs buyers' order links). Existing rows keep every value; the new columns start empty (or 0).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await orders(db);
	else await db.transaction().execute(orders);
}

async function orders(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('orders')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('number', 'text', (col) => col.notNull())
		.addColumn('channel', 'text', (col) => col.notNull())
		.addColumn('status', 'text', (col) => col.notNull())
		.addColumn('total', 'bigint', (col) => col.notNull())
		.addColumn('paid', 'bigint', (col) => col.notNull())
		.addColumn('payment_status', 'text', (col) => col.notNull())
		.addColumn('buyer_name', 'text', (col) => col.notNull())
		.addColumn('buyer_phone', 'text')
		.addColumn('items', 'text', (col) => col.notNull())
		.addColumn('payments', 'text', (col) => col.notNull())
		.addColumn('history', 'text', (col) => col.notNull())
		.addColumn('delivery', 'text')
		.addColumn('note', 'text')
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		// Two phones can never make the same number (device codes differ); a replayed or forged one is refused.
		.addUniqueConstraint('orders_space_number', ['space_id', 'number'])
		.execute();
	await db.schema.createIndex('orders_space_version').on('orders').columns(['space_id', 'version']).execute();

	await db.schema.alterTable('stock_movements').addColumn('order_id', 'text').execute();

	await db.schema.alterTable('clients').addColumn('sequence', 'integer').execute();
	// Both databases let any number of rows hold NULL under a unique index.
	await db.schema.createIndex('clients_sequence').on('clients').column('sequence').unique().execute();

	// UPDATE … SET value = value + 1 … RETURNING: a row lock on PostgreSQL, one writer at a time on SQLite.
	await db.schema
		.createTable('counters')
		.addColumn('name', 'text', (col) => col.primaryKey())
		.addColumn('value', 'bigint', (col) => col.notNull())
		.execute();
	await sql`insert into counters (name, value) values ('client_sequence', 0)`.execute(db);

	await db.schema
		.alterTable('spaces')
		.addColumn('storefront_orders', 'integer', (col) => col.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('storefront_limits')
		.addColumn('key', 'text', (col) => col.primaryKey())
		.addColumn('count', 'integer', (col) => col.notNull())
		.addColumn('window_start', 'text', (col) => col.notNull())
		.execute();

	await db.schema
		.createTable('settings')
		.addColumn('key', 'text', (col) => col.primaryKey())
		.addColumn('value', 'text', (col) => col.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('settings').execute();
	await db.schema.dropTable('storefront_limits').execute();
	await db.schema.alterTable('spaces').dropColumn('storefront_orders').execute();
	await db.schema.dropTable('counters').execute();
	await db.schema.dropIndex('clients_sequence').execute();
	await db.schema.alterTable('clients').dropColumn('sequence').execute();
	await db.schema.alterTable('stock_movements').dropColumn('order_id').execute();
	await db.schema.dropTable('orders').execute();
}
