import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 012-procurement on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2026-12-04T03:04:05.000Z';

	beforeEach(async () => {
		const sqlite = new SqliteDatabase(':memory:');
		// as the server opens its database: a users rebuild must not cascade into sessions and memberships
		sqlite.pragma('foreign_keys = ON');
		db = new Kysely<AnyDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('011-barcode-receipts')).error).toBeUndefined();
		await db
			.insertInto('users')
			.values({
				id: 'u1',
				name: 'Sari',
				phone: '+6281234567890',
				pin_hash: 'x',
				role: 'seller',
				created_at: now
			})
			.execute();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 3, created_at: now })
			.execute();
		await db
			.insertInto('memberships')
			.values({ user_id: 'u1', space_id: 's1', role: 'owner', created_at: now })
			.execute();
	});
	afterEach(() => db.destroy());

	it('keeps every user with their memberships, and lets users be buyers and monitors', async () => {
		const before = await db.selectFrom('users').selectAll().execute();
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await db.selectFrom('users').selectAll().execute()).toEqual(before);
		expect(await db.selectFrom('memberships').select(['user_id', 'space_id']).execute()).toEqual([
			{ user_id: 'u1', space_id: 's1' }
		]);
		for (const role of ['buyer', 'monitor']) {
			await db
				.insertInto('users')
				.values({
					id: role,
					name: 'Budi',
					phone: `+62812000${role.length}`,
					pin_hash: 'x',
					role,
					created_at: now
				})
				.execute();
		}
		await expect(
			db
				.insertInto('users')
				.values({ id: 'u9', name: 'X', phone: '+6281299', pin_hash: 'x', role: 'king', created_at: now })
				.execute()
		).rejects.toThrow(/CHECK/);
		// the phone is still unique, and foreign keys are enforced again
		await expect(
			db
				.insertInto('users')
				.values({
					id: 'u8',
					name: 'X',
					phone: '+6281234567890',
					pin_hash: 'x',
					role: 'seller',
					created_at: now
				})
				.execute()
		).rejects.toThrow(/UNIQUE/);
		await expect(
			db
				.insertInto('memberships')
				.values({ user_id: 'nobody', space_id: 's1', role: 'owner', created_at: now })
				.execute()
		).rejects.toThrow(/FOREIGN KEY/);
		const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
		expect(rows[0].foreign_keys).toBe(1);
	});

	it('adds the procurement tables with their indexes, and goes back to 011', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
			db
		);
		expect(indexes.rows.map((row) => row.name)).toEqual(
			expect.arrayContaining([
				'supplier_profiles_space_version',
				'procurements_space_version',
				'invoice_advances_space_version',
				'procurement_documents_open',
				'supplier_profiles_region'
			])
		);
		expect((await migrator.migrateTo('011-barcode-receipts')).error).toBeUndefined();
		const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
			db
		);
		expect(tables.rows.map((row) => row.name)).not.toContain('procurements');
		expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: 'u1' }]);
	});
});
