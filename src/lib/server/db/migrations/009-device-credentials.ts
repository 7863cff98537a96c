import type { Kysely } from 'kysely';

/**
 * Device credentials (issue 12): a phone that has shown its PIN once (login, register, activation) keeps a
 * random secret in IndexedDB that renews its session cookie without the PIN, so a login survives the
 * browser being killed before it wrote the cookie to disk. One per install (`clients.id`); the server keeps
 * only hashes: the current secret and the one before it (accepted until the current one is first used, so
 * a phone that died between receiving a new secret and storing it still holds a working one). A revoked
 * credential keeps its row and the reason, so the phone that presents it is told why it must log in again.
 *
 * `sessions.client_id` names the install a session was made for, so removing a device ends its sessions
 * too. Sessions made before this migration have none (they still end at logout or expiry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('device_credentials')
		.addColumn('client_id', 'text', (col) => col.primaryKey().references('clients.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'text', (col) => col.notNull())
		.addColumn('previous_hash', 'text')
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('used_at', 'text', (col) => col.notNull())
		.addColumn('revoked_at', 'text')
		.addColumn('revoked_reason', 'text')
		.execute();
	// A user's device list.
	await db.schema.createIndex('device_credentials_user').on('device_credentials').column('user_id').execute();
	await db.schema.alterTable('sessions').addColumn('client_id', 'text').execute();
	await db.schema.createIndex('sessions_client').on('sessions').column('client_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropIndex('sessions_client').execute();
	await db.schema.alterTable('sessions').dropColumn('client_id').execute();
	await db.schema.dropTable('device_credentials').execute();
}
