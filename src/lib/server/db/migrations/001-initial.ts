import { sql, type Kysely } from 'kysely';

/**
 * Users, sessions, spaces and their memberships, device clients, products, and login attempt counters.
 * Only types both SQLite and PostgreSQL accept: text, integer, bigint (money can exceed 2^31 rupiah).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('name', 'text', (col) => col.notNull())
		.addColumn('phone', 'text', (col) => col.notNull().unique())
		.addColumn('pin_hash', 'text', (col) => col.notNull())
		.addColumn('role', 'text', (col) =>
			col.notNull().check(sql`role in ('seller', 'facilitator', 'lender', 'admin')`)
		)
		.addColumn('created_at', 'text', (col) => col.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('expires_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('spaces')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('name', 'text', (col) => col.notNull())
		.addColumn('slug', 'text', (col) => col.notNull().unique())
		.addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.execute();

	await db.schema
		.createTable('memberships')
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('owner', 'facilitator')`))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addPrimaryKeyConstraint('memberships_pk', ['space_id', 'user_id'])
		.execute();
	await db.schema.createIndex('memberships_user_id').on('memberships').column('user_id').execute();

	await db.schema
		.createTable('clients')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('last_mutation_id', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();

	await db.schema
		.createTable('products')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('space_id', 'text', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
		.addColumn('name', 'text', (col) => col.notNull())
		.addColumn('price', 'bigint', (col) => col.notNull())
		.addColumn('unit', 'text', (col) => col.notNull())
		.addColumn('stock', 'bigint', (col) => col.notNull().defaultTo(0))
		.addColumn('category', 'text')
		.addColumn('description', 'text')
		.addColumn('photo', 'text')
		.addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
		.addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
		.addColumn('version', 'integer', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.createIndex('products_space_version')
		.on('products')
		.columns(['space_id', 'version'])
		.execute();

	await db.schema
		.createTable('login_failures')
		.addColumn('key', 'text', (col) => col.primaryKey())
		.addColumn('count', 'integer', (col) => col.notNull())
		.addColumn('first_at', 'text', (col) => col.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'login_failures',
		'products',
		'clients',
		'memberships',
		'spaces',
		'sessions',
		'users'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
