import { sql, type Kysely } from 'kysely';

/**
 * The catalog: products gain minimum stock, SKU, weight and up to five photos (a JSON array of hashes in
 * `photos`, replacing the single `photo`, whose value moves into it); stock movements become a synced table
 * (a product's stock history); uploaded photos are recorded in `photos`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely runs a PostgreSQL migration in a transaction, but not a SQLite one. SQLite's DDL is transactional
	// too, so this one is wrapped there: a failure half-way must not leave products without `photo` and
	// without `photos`.
	if (db.isTransaction) await catalog(db);
	else await db.transaction().execute(catalog);
}

async function catalog(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('products').addColumn('min_stock', 'bigint').execute();
	await db.schema.alterTable('products').addColumn('sku', 'text').execute();
	await db.schema.alterTable('products').addColumn('weight_grams', 'integer').execute();
	await db.schema
		.alterTable('products')
		.addColumn('photos', 'text', (col) => col.notNull().defaultTo('[]'))
		.execute();
	// `photo` only ever held 64 hex digits (product.put checked it), so it needs no escaping inside JSON.
	await sql`update products set photos = '["' || photo || '"]' where photo is not null and photo <> ''`.execute(
		db
	);
	// SQLite has had DROP COLUMN since 3.35 (better-sqlite3 12 ships 3.5x); `photo` has no index or constraint.
	await db.schema.alterTable('products').dropColumn('photo').execute();
	// The storefront and the search list products of one space by name.
	await db.schema.createIndex('products_space_name').on('products').columns(['space_id', 'name']).execute();

	await db.schema
		.createTable('stock_movements')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('product_id', 'text', (col) => col.notNull().references('products.id').onDelete('cascade'))
		.addColumn('delta', 'bigint', (col) => col.notNull())
		.addColumn('reason', 'text', (col) => col.notNull())
		.addColumn('stock_after', 'bigint', (col) => col.notNull())
		.addColumn('at', 'text', (col) => col.notNull())
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('stock_movements_space_version')
		.on('stock_movements')
		.columns(['space_id', 'version'])
		.execute();
	await db.schema
		.createIndex('stock_movements_product_id')
		.on('stock_movements')
		.column('product_id')
		.execute();

	await db.schema
		.createTable('photos')
		.addColumn('sha256', 'text', (col) => col.primaryKey())
		.addColumn('content_type', 'text', (col) => col.notNull())
		.addColumn('size', 'integer', (col) => col.notNull())
		// The first uploader, for quotas; kept (as null) when that account goes, since others may use the photo.
		.addColumn('uploaded_by', 'text', (col) => col.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema.createIndex('photos_uploaded_by').on('photos').column('uploaded_by').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('photos').execute();
	await db.schema.dropTable('stock_movements').execute();
	await db.schema.dropIndex('products_space_name').execute();
	await db.schema.alterTable('products').addColumn('photo', 'text').execute();
	// Only the cover survives the way back: `photo` holds one.
	await sql`update products set photo = substr(photos, 3, 64) where photos <> '[]'`.execute(db);
	for (const column of ['photos', 'weight_grams', 'sku', 'min_stock']) {
		await db.schema.alterTable('products').dropColumn(column).execute();
	}
}
