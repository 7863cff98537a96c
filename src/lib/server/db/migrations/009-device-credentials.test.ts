import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 009-device-credentials on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2026-12-01T03:04:05.000Z';
	const later = '2026-12-31T03:04:05.000Z';

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		await db
			.insertInto('users')
			.values({
				id: 'u1',
				name: 'Sari',
				phone: '+6281200000001',
				pin_hash: 'x',
				role: 'seller',
				created_at: now
			})
			.execute();
		await db
			.insertInto('sessions')
			.values({ id: 's1', user_id: 'u1', created_at: now, expires_at: later })
			.execute();
		await db
			.insertInto('clients')
			.values({ id: 'c1', user_id: 'u1', last_mutation_id: 3, updated_at: now, sequence: 1 })
			.execute();
	});
	afterEach(() => db.destroy());

	it('keeps every session (with no install named) and adds the credentials of installs', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([
			{ id: 's1', user_id: 'u1', created_at: now, expires_at: later, client_id: null }
		]);
		await db
			.insertInto('device_credentials')
			.values({ client_id: 'c1', user_id: 'u1', secret_hash: 'h', created_at: now, used_at: now })
			.execute();
		expect(await db.selectFrom('device_credentials').selectAll().execute()).toEqual([
			{
				client_id: 'c1',
				user_id: 'u1',
				secret_hash: 'h',
				previous_hash: null,
				created_at: now,
				used_at: now,
				revoked_at: null,
				revoked_reason: null
			}
		]);
		// One credential per install.
		await expect(
			db
				.insertInto('device_credentials')
				.values({ client_id: 'c1', user_id: 'u1', secret_hash: 'h2', created_at: now, used_at: now })
				.execute()
		).rejects.toThrow(/UNIQUE/);
	});

	it('goes back keeping the sessions', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		await db.updateTable('sessions').set({ client_id: 'c1' }).execute();
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([
			{ id: 's1', user_id: 'u1', created_at: now, expires_at: later }
		]);
	});
});
