import type { Kysely } from 'kysely';

/**
 * Barcodes and receipts:
 * - `products.barcode`: the code on a product's pack (EAN-13, UPC, a QR code's text), null for none;
 * - `orders.receipt_token`: the secret of the sale's public receipt page `/nota/<token>`, made on the phone
 *   with the sale (domain/receipt.ts), unique across every shop (the page is found by it alone).
 * Existing rows keep every value; their new columns are null (an old sale has no receipt page, and its
 * nota is sent as text without a link).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await barcodesAndReceipts(db);
	else await db.transaction().execute(barcodesAndReceipts);
}

async function barcodesAndReceipts(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('products').addColumn('barcode', 'text').execute();
	await db.schema.alterTable('orders').addColumn('receipt_token', 'text').execute();
	// Both databases let any number of rows hold NULL under a unique index.
	await db.schema.createIndex('orders_receipt_token').on('orders').column('receipt_token').unique().execute();
}

/** Back to the release before: the two columns go (with the barcodes and receipt links in them). */
export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropIndex('orders_receipt_token').execute();
	await db.schema.alterTable('orders').dropColumn('receipt_token').execute();
	await db.schema.alterTable('products').dropColumn('barcode').execute();
}
