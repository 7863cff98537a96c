import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 011-barcode-receipts on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';
	const synced = { space_id: 's1', deleted: 0, created_at: now, updated_at: now };
	const order = (id: string, number: string) => ({
		...synced,
		id,
		number,
		channel: 'walkin',
		status: 'completed',
		total: 5000,
		paid: 5000,
		payment_status: 'paid',
		buyer_name: 'Bu Tini',
		items: '[]',
		payments: '[]',
		history: '[]',
		version: 3
	});

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 3, created_at: now })
			.execute();
		await db
			.insertInto('products')
			.values({
				...synced,
				id: 'p1',
				name: 'Kopi',
				price: 2500,
				unit: 'pcs',
				stock: 4,
				active: 1,
				version: 1
			})
			.execute();
		await db
			.insertInto('orders')
			.values([order('o1', 'KP-1'), order('o2', 'KP-2')])
			.execute();
	});
	afterEach(() => db.destroy());

	it('keeps every product and order, their barcode and receipt token empty', async () => {
		expect((await migrator.migrateTo('011-barcode-receipts')).error).toBeUndefined();
		expect(await db.selectFrom('products').selectAll().execute()).toEqual([
			expect.objectContaining({ id: 'p1', name: 'Kopi', price: 2500, stock: 4, version: 1, barcode: null })
		]);
		const orders = await db.selectFrom('orders').selectAll().orderBy('id').execute();
		expect(orders).toEqual([
			expect.objectContaining({ id: 'o1', number: 'KP-1', total: 5000, version: 3, receipt_token: null }),
			expect.objectContaining({ id: 'o2', number: 'KP-2', total: 5000, version: 3, receipt_token: null })
		]);
	});

	it('refuses a receipt token used twice, in any shop', async () => {
		expect((await migrator.migrateTo('011-barcode-receipts')).error).toBeUndefined();
		await db
			.updateTable('orders')
			.set({ receipt_token: 'a'.repeat(22) })
			.where('id', '=', 'o1')
			.execute();
		await expect(
			db
				.updateTable('orders')
				.set({ receipt_token: 'a'.repeat(22) })
				.where('id', '=', 'o2')
				.execute()
		).rejects.toThrow(/UNIQUE/);
	});

	it('goes back to 007 keeping the products and orders', async () => {
		expect((await migrator.migrateTo('011-barcode-receipts')).error).toBeUndefined();
		await db.updateTable('products').set({ barcode: '8992761111113' }).execute();
		expect((await migrator.migrateTo('007-lenders')).error).toBeUndefined();
		const product = await db.selectFrom('products').selectAll().executeTakeFirstOrThrow();
		expect(product).toMatchObject({ id: 'p1', name: 'Kopi' });
		expect(product).not.toHaveProperty('barcode');
		expect(await db.selectFrom('orders').select('id').orderBy('id').execute()).toEqual([
			{ id: 'o1' },
			{ id: 'o2' }
		]);
	});
});
