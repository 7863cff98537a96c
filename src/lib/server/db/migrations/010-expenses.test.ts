import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 010-expenses on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2026-11-02T03:04:05.000Z';
	const product = {
		id: 'p1',
		space_id: 's1',
		name: 'Kopi',
		price: 3000,
		unit: 'pcs',
		stock: 4,
		photos: '[]',
		active: 1,
		deleted: 0,
		version: 1,
		created_at: now,
		updated_at: now
	};

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 1, created_at: now })
			.execute();
		await db.insertInto('products').values(product).execute();
	});
	afterEach(() => db.destroy());

	it('keeps every product, with no cost price, and adds the expenses table with its indexes', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(
			await db.selectFrom('products').select(['id', 'name', 'price', 'stock', 'cost_price']).execute()
		).toEqual([{ id: 'p1', name: 'Kopi', price: 3000, stock: 4, cost_price: null }]);
		await db
			.insertInto('expenses')
			.values({
				id: 'e1',
				space_id: 's1',
				category: 'rent',
				amount: 500_000,
				date: '2026-11-01',
				version: 2,
				created_at: now,
				updated_at: now
			})
			.execute();
		expect(await db.selectFrom('expenses').selectAll().execute()).toEqual([
			expect.objectContaining({
				id: 'e1',
				amount: 500_000,
				note: null,
				photo: null,
				deleted: 0,
				changed_by: null
			})
		]);
		const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
			db
		);
		expect(indexes.rows.map((row) => row.name)).toEqual(
			expect.arrayContaining(['expenses_space_version', 'expenses_space_date'])
		);
	});

	it('goes back to 007 keeping the products', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		await db.updateTable('products').set({ cost_price: 2000 }).execute();
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		const tables = await db.introspection.getTables();
		expect(tables.map((table) => table.name)).not.toContain('expenses');
		expect(await db.selectFrom('products').select(['id', 'stock']).execute()).toEqual([
			{ id: 'p1', stock: 4 }
		]);
	});
});
