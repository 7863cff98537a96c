import type { Kysely } from 'kysely';

/** The synced tables that existed before this migration; each gains `changed_by`. */
const STAMPED_TABLES = ['products', 'stock_movements', 'orders', 'financing_applications'] as const;

/**
 * Facilitators: the profile of each seller a facilitator signed up (`sellers`, one row per space, synced as
 * entity `seller`, with its activation: only a hash of the code, never the code), and who last changed
 * each synced row (`changed_by`, JSON `ChangedBy`, null for rows written before). Existing rows stay as
 * they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await facilitators(db);
	else await db.transaction().execute(facilitators);
}

async function facilitators(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('sellers')
		// The space's own id: one profile per space.
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('owner_name', 'text', (col) => col.notNull())
		.addColumn('phone', 'text', (col) => col.notNull())
		.addColumn('business_name', 'text', (col) => col.notNull())
		.addColumn('category', 'text')
		.addColumn('address', 'text')
		.addColumn('location', 'text')
		.addColumn('storefront_photo', 'text')
		.addColumn('nik', 'text')
		.addColumn('nib', 'text')
		// The shop's slug as it was made; kept when the business is renamed (links already shared).
		.addColumn('slug', 'text', (col) => col.notNull())
		.addColumn('onboarded_by', 'text', (col) => col.notNull())
		.addColumn('members', 'text', (col) => col.notNull().defaultTo('[]'))
		// The seller's account-to-be (its PIN set at activation); null while the phone is taken by another.
		.addColumn('account_id', 'text', (col) => col.references('users.id').onDelete('set null'))
		.addColumn('activation_status', 'text', (col) => col.notNull())
		.addColumn('activation_code_hash', 'text')
		.addColumn('activation_issued_at', 'text')
		.addColumn('activation_expires_at', 'text')
		.addColumn('activated_at', 'text')
		.addColumn('changed_by', 'text')
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('sellers_space_version')
		.on('sellers')
		.columns(['space_id', 'version'])
		.execute();
	// Activation finds the seller by the phone typed, among those waiting for it.
	await db.schema
		.createIndex('sellers_phone_activation')
		.on('sellers')
		.columns(['phone', 'activation_status'])
		.execute();

	for (const table of STAMPED_TABLES) {
		await db.schema.alterTable(table).addColumn('changed_by', 'text').execute();
	}
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('sellers').execute();
	for (const table of STAMPED_TABLES) {
		await db.schema.alterTable(table).dropColumn('changed_by').execute();
	}
}
