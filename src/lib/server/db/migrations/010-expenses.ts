import type { Kysely } from 'kysely';

/**
 * Expenses and profit: the `expenses` table (synced, like orders), and a product's cost price (harga
 * modal, `products.cost_price`, null for every product already there: the seller has not given one).
 * Existing rows keep every value. A sale's cost is copied into its order's items (JSON), so no column
 * is needed for it; orders recorded before this have none and count as of unknown cost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await expenses(db);
	else await db.transaction().execute(expenses);
}

async function expenses(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('expenses')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('category', 'text', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.addColumn('date', 'text', (col) => col.notNull())
		.addColumn('note', 'text')
		.addColumn('photo', 'text')
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('changed_by', 'text')
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('expenses_space_version')
		.on('expenses')
		.columns(['space_id', 'version'])
		.execute();
	// The profit report of a KUR submission reads a space's expenses by date.
	await db.schema.createIndex('expenses_space_date').on('expenses').columns(['space_id', 'date']).execute();
	await db.schema.alterTable('products').addColumn('cost_price', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('products').dropColumn('cost_price').execute();
	await db.schema.dropTable('expenses').execute();
}
