import type { Kysely } from 'kysely';

/**
 * The outcome of every mutation the server refused, kept so that a retry of it (its first answer lost on
 * the way) is answered `rejected` again with the same code and message, not a bare `duplicate`. A row
 * goes once the device shows it no longer holds the mutation (its next push starts past it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('rejected_mutations')
		.addColumn('client_id', 'text', (col) => col.notNull().references('clients.id').onDelete('cascade'))
		.addColumn('mutation_id', 'integer', (col) => col.notNull())
		.addColumn('code', 'text', (col) => col.notNull())
		.addColumn('message', 'text', (col) => col.notNull())
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addPrimaryKeyConstraint('rejected_mutations_pk', ['client_id', 'mutation_id'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('rejected_mutations').execute();
}
