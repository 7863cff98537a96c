import type { Kysely } from 'kysely';

/**
 * Financing: KUR applications (synced to the seller's phones; the form's fields, who changed each, the lender's
 * decisions and the server's sales record as JSON text), the identity and business documents they reference
 * (private files under DATA_DIR/documents, recorded per space), and every view of a document by a lender.
 * Only new tables: every existing row stays as it is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await financing(db);
	else await db.transaction().execute(financing);
}

async function financing(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('financing_applications')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('status', 'text', (col) => col.notNull())
		.addColumn('fields', 'text', (col) => col.notNull().defaultTo('{}'))
		.addColumn('field_changes', 'text', (col) => col.notNull().defaultTo('{}'))
		// A yearly percentage such as 6 or 6.5: a float (SQLite REAL, PostgreSQL float8, both read as numbers).
		.addColumn('rate_percent', 'double precision')
		.addColumn('sales_record', 'text')
		.addColumn('submitted_at', 'text')
		.addColumn('decisions', 'text', (col) => col.notNull().defaultTo('[]'))
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('financing_applications_space_version')
		.on('financing_applications')
		.columns(['space_id', 'version'])
		.execute();
	// The lender's list filters by status.
	await db.schema
		.createIndex('financing_applications_status')
		.on('financing_applications')
		.column('status')
		.execute();

	// One row per space a document was uploaded to: the same bytes uploaded to two spaces are two grants of
	// access to one file. Never served to the public (photos are; these are not photos).
	await db.schema
		.createTable('documents')
		.addColumn('sha256', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('kind', 'text')
		.addColumn('content_type', 'text', (col) => col.notNull())
		.addColumn('size', 'integer', (col) => col.notNull())
		.addColumn('uploaded_by', 'text', (col) => col.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addPrimaryKeyConstraint('documents_pk', ['space_id', 'sha256'])
		.execute();
	await db.schema.createIndex('documents_sha256').on('documents').column('sha256').execute();

	await db.schema
		.createTable('document_views')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('sha256', 'text', (col) => col.notNull())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('application_id', 'text', (col) => col.notNull())
		// Kept when the account goes: who looked at a KTP must stay on record.
		.addColumn('viewer_id', 'text', (col) => col.notNull())
		.addColumn('at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('document_views_application')
		.on('document_views')
		.column('application_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('document_views').execute();
	await db.schema.dropTable('documents').execute();
	await db.schema.dropTable('financing_applications').execute();
}
