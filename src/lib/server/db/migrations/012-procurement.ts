import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Institutional buyers (issue 13): buying organisations and their people, sellers' supplier profiles, the
 * procurement records (request for quotation → … → paid invoice, one row each in the seller's space), their
 * numbered documents, invoice advances, and the number sequences. Users may now also be `buyer` (a person of
 * a buying organisation, whose roles there are in organisation_members) or `monitor` (a programme monitor).
 * Existing rows keep every value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) {
		await widenRolesPostgres(db);
		await tables(db);
		return;
	}
	// SQLite cannot change a CHECK constraint: the users table is rebuilt (the procedure of
	// https://www.sqlite.org/lang_altertable.html#otheralter), with foreign keys off so nothing cascades.
	// Kysely runs a SQLite migration outside a transaction, which is what the pragma needs.
	await sql`pragma foreign_keys = off`.execute(db);
	try {
		await db.transaction().execute(async (trx) => {
			await widenRolesSqlite(trx);
			await tables(trx);
		});
		const broken = await sql`pragma foreign_key_check`.execute(db);
		if (broken.rows.length > 0) throw new Error('012-procurement: foreign keys broken by the users rebuild');
	} finally {
		await sql`pragma foreign_keys = on`.execute(db);
	}
}

const OLD_ROLES = `role in ('seller', 'facilitator', 'lender', 'admin')`;
const NEW_ROLES = `role in ('seller', 'facilitator', 'lender', 'admin', 'buyer', 'monitor')`;

async function widenRolesPostgres(db: Kysely<unknown>): Promise<void> {
	await sql`alter table users drop constraint if exists users_role_check`.execute(db);
	await sql.raw(`alter table users add constraint users_role_check check (${NEW_ROLES})`).execute(db);
}

async function widenRolesSqlite(db: Kysely<unknown>): Promise<void> {
	const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
		select type, name, sql from sqlite_master where tbl_name = 'users' and sql is not null`.execute(db);
	const table = rows.find((row) => row.type === 'table');
	if (!table?.sql?.includes(OLD_ROLES)) throw new Error('012-procurement: unexpected users table');
	const created = table.sql
		.replace(OLD_ROLES, NEW_ROLES)
		.replace(/^create table "?users"?/i, 'create table "users_new"');
	await sql.raw(created).execute(db);
	await sql`insert into users_new select * from users`.execute(db);
	await sql`drop table users`.execute(db);
	await sql`alter table users_new rename to users`.execute(db);
	for (const index of rows.filter((row) => row.type === 'index')) await sql.raw(index.sql!).execute(db);
}

async function tables(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('organisations')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('name', 'text', (col) => col.notNull())
		.addColumn('kind', 'text', (col) => col.notNull())
		/** The short code in its document numbers: SP/PTKAI/2026/00042. */
		.addColumn('code', 'text', (col) => col.notNull().unique())
		.addColumn('npwp', 'text')
		.addColumn('address', 'text')
		.addColumn('created_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createTable('organisation_members')
		.addColumn('organisation_id', 'text', (col) =>
			col.notNull().references('organisations.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (col) =>
			col.notNull().check(sql`role in ('pemesan', 'penyetuju', 'keuangan', 'admin')`)
		)
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'user_id', 'role'])
		.execute();
	await db.schema
		.createIndex('organisation_members_user')
		.on('organisation_members')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('supplier_profiles')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('accepts_institutional', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('legal_name', 'text')
		.addColumn('nib', 'text')
		.addColumn('npwp', 'text')
		.addColumn('nitku', 'text')
		.addColumn('pkp', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('bank', 'text')
		.addColumn('size', 'text')
		.addColumn('province_code', 'text')
		.addColumn('regency_code', 'text')
		.addColumn('address', 'text')
		.$call(syncedColumns)
		.execute();
	await index(db, 'supplier_profiles');
	// The catalog search's filter: sellers who take institutional orders, by region.
	await db.schema
		.createIndex('supplier_profiles_region')
		.on('supplier_profiles')
		.columns(['accepts_institutional', 'province_code', 'regency_code'])
		.execute();

	await db.schema
		.createTable('procurements')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
		.addColumn('status', 'text', (col) => col.notNull())
		/** The rest of the record (lines, quotation, order, deliveries, invoices, history) as JSON. */
		.addColumn('data', 'text', (col) => col.notNull())
		.$call(syncedColumns)
		.execute();
	await index(db, 'procurements');
	await db.schema
		.createIndex('procurements_organisation')
		.on('procurements')
		.columns(['organisation_id', 'updated_at'])
		.execute();

	// One row per numbered document (Surat Pesanan, BAST, Tagihan): the verification page and keuangan's
	// list of open invoices by due date read these, never the JSON.
	await db.schema
		.createTable('procurement_documents')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('kind', 'text', (col) =>
			col.notNull().check(sql`kind in ('purchase_order', 'bast', 'invoice')`)
		)
		.addColumn('procurement_id', 'text', (col) => col.notNull().references('procurements.id'))
		.addColumn('organisation_id', 'text', (col) => col.notNull().references('organisations.id'))
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('number', 'text', (col) => col.notNull())
		.addColumn('issued_on', 'text', (col) => col.notNull())
		.addColumn('amount', 'bigint', (col) => col.notNull())
		.addColumn('due_on', 'text')
		.addColumn('paid_on', 'text')
		.addColumn('created_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('procurement_documents_open')
		.on('procurement_documents')
		.columns(['organisation_id', 'kind', 'paid_on', 'due_on'])
		.execute();
	await db.schema
		.createIndex('procurement_documents_procurement')
		.on('procurement_documents')
		.column('procurement_id')
		.execute();

	await db.schema
		.createTable('invoice_advances')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('lender_id', 'text', (col) => col.notNull().references('lenders.id'))
		.addColumn('procurement_id', 'text', (col) => col.notNull().references('procurements.id'))
		.addColumn('invoice_id', 'text', (col) => col.notNull())
		.addColumn('status', 'text', (col) => col.notNull())
		.addColumn('data', 'text', (col) => col.notNull())
		.$call(syncedColumns)
		.execute();
	await index(db, 'invoice_advances');
	await db.schema
		.createIndex('invoice_advances_lender')
		.on('invoice_advances')
		.columns(['lender_id', 'status'])
		.execute();
	await db.schema
		.createIndex('invoice_advances_invoice')
		.on('invoice_advances')
		.column('invoice_id')
		.execute();

	// Document numbers count per kind, issuer and year: `last` is bumped by an upsert in the transaction
	// that issues the document, so two approvals at once never share a number.
	await db.schema
		.createTable('document_sequences')
		.addColumn('scope', 'text', (col) => col.notNull())
		.addColumn('year', 'integer', (col) => col.notNull())
		.addColumn('last', 'integer', (col) => col.notNull())
		.addPrimaryKeyConstraint('document_sequences_pk', ['scope', 'year'])
		.execute();
}

/** The columns every synced table has (SyncedRow). */
function syncedColumns<T extends string, C extends string>(
	builder: CreateTableBuilder<T, C>
): CreateTableBuilder<T, C> {
	return builder
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('changed_by', 'text')
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull()) as CreateTableBuilder<T, C>;
}

async function index(db: Kysely<unknown>, table: string): Promise<void> {
	await db.schema.createIndex(`${table}_space_version`).on(table).columns(['space_id', 'version']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'document_sequences',
		'invoice_advances',
		'procurement_documents',
		'procurements',
		'supplier_profiles',
		'organisation_members',
		'organisations'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
