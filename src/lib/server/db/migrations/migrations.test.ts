import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 002-catalog on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';
	const cover = 'c'.repeat(64);

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('001-initial')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 2, created_at: now })
			.execute();
		const product = { space_id: 's1', price: 1000, unit: 'pcs', stock: 4, active: 1, deleted: 0 };
		await db
			.insertInto('products')
			.values([
				{ ...product, id: 'p1', name: 'Kopi', photo: cover, version: 1, created_at: now, updated_at: now },
				{ ...product, id: 'p2', name: 'Teh', photo: null, version: 2, created_at: now, updated_at: now }
			])
			.execute();
	});
	afterEach(() => db.destroy());

	it('moves the photo into photos, drops photo, and keeps every other value', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const rows = await db.selectFrom('products').selectAll().orderBy('id').execute();
		expect(rows).toEqual([
			expect.objectContaining({ id: 'p1', name: 'Kopi', stock: 4, version: 1, photos: `["${cover}"]` }),
			expect.objectContaining({ id: 'p2', name: 'Teh', stock: 4, version: 2, photos: '[]' })
		]);
		expect(rows[0]).not.toHaveProperty('photo');
		expect(rows[0]).toMatchObject({ min_stock: null, sku: null, weight_grams: null });
	});

	it('goes back to the first release keeping the cover photo', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		await db
			.updateTable('products')
			.set({ photos: JSON.stringify([cover, 'd'.repeat(64)]) })
			.where('id', '=', 'p1')
			.execute();
		expect((await migrator.migrateTo('001-initial')).error).toBeUndefined();
		const rows = await db.selectFrom('products').selectAll().orderBy('id').execute();
		expect(rows.map((row) => [row.id, row.photo])).toEqual([
			['p1', cover],
			['p2', null]
		]);
		expect(rows[0]).not.toHaveProperty('photos');
	});

	it('leaves nothing half done when it fails part way', async () => {
		// a table in the way of the migration's own makes it fail after products has changed
		await db.schema.createTable('photos').addColumn('x', 'text').execute();
		expect((await migrator.migrateToLatest()).error).toBeDefined();
		const row = await db.selectFrom('products').selectAll().where('id', '=', 'p1').executeTakeFirstOrThrow();
		expect(row.photo).toBe(cover);
		expect(row).not.toHaveProperty('photos');
	});
});

describe('migration 003-orders on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('002-catalog')).error).toBeUndefined();
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
			.insertInto('clients')
			.values({ id: 'c1', user_id: 'u1', last_mutation_id: 7, updated_at: now })
			.execute();
		await db
			.insertInto('products')
			.values({
				id: 'p1',
				space_id: 's1',
				name: 'Kopi',
				price: 1000,
				unit: 'pcs',
				stock: 4,
				active: 1,
				deleted: 0,
				version: 1,
				created_at: now,
				updated_at: now
			})
			.execute();
		await db
			.insertInto('stock_movements')
			.values({
				id: 'm1',
				space_id: 's1',
				product_id: 'p1',
				delta: 4,
				reason: 'restock',
				stock_after: 4,
				at: now,
				deleted: 0,
				version: 2,
				created_at: now,
				updated_at: now
			})
			.execute();
	});
	afterEach(() => db.destroy());

	it('keeps every row, with the new columns empty, and starts the counters at 0', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await db.selectFrom('spaces').selectAll().execute()).toEqual([
			{ id: 's1', name: 'Warung', slug: 'warung', version: 3, created_at: now, storefront_orders: 0 }
		]);
		expect(await db.selectFrom('clients').selectAll().execute()).toEqual([
			{ id: 'c1', user_id: 'u1', last_mutation_id: 7, updated_at: now, sequence: null }
		]);
		expect(await db.selectFrom('stock_movements').select(['id', 'delta', 'order_id']).execute()).toEqual([
			{ id: 'm1', delta: 4, order_id: null }
		]);
		expect(await db.selectFrom('counters').selectAll().execute()).toEqual([
			{ name: 'client_sequence', value: 0 }
		]);
		expect(await db.selectFrom('orders').selectAll().execute()).toEqual([]);
	});

	it('refuses a second order with the same number in a space, and a second client with the same sequence', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const order = {
			space_id: 's1',
			number: 'KP-1',
			channel: 'walkin',
			status: 'new',
			total: 1000,
			paid: 0,
			payment_status: 'unpaid',
			buyer_name: 'Budi',
			items: '[]',
			payments: '[]',
			history: '[]',
			version: 4,
			created_at: now,
			updated_at: now
		};
		await db
			.insertInto('orders')
			.values({ ...order, id: 'o1' })
			.execute();
		await expect(
			db
				.insertInto('orders')
				.values({ ...order, id: 'o2' })
				.execute()
		).rejects.toThrow(/UNIQUE/);
		await db.updateTable('clients').set({ sequence: 1 }).where('id', '=', 'c1').execute();
		await expect(
			db
				.insertInto('clients')
				.values({ id: 'c2', user_id: 'u1', last_mutation_id: 0, updated_at: now, sequence: 1 })
				.execute()
		).rejects.toThrow(/UNIQUE/);
	});

	it('goes back to 002 keeping the catalog', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateTo('002-catalog')).error).toBeUndefined();
		expect(await db.selectFrom('clients').selectAll().execute()).toEqual([
			{ id: 'c1', user_id: 'u1', last_mutation_id: 7, updated_at: now }
		]);
		expect(await db.selectFrom('products').select(['id', 'stock']).execute()).toEqual([
			{ id: 'p1', stock: 4 }
		]);
		const tables = await db.introspection.getTables();
		expect(tables.map((table) => table.name)).not.toContain('orders');
	});
});

describe('migration 004-financing on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('003-orders')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 5, created_at: now })
			.execute();
		await db
			.insertInto('orders')
			.values({
				id: 'o1',
				space_id: 's1',
				number: 'KP-1',
				channel: 'walkin',
				status: 'completed',
				total: 15000,
				paid: 15000,
				payment_status: 'paid',
				buyer_name: 'Budi',
				items: '[]',
				payments: '[]',
				history: '[]',
				version: 5,
				created_at: now,
				updated_at: now
			})
			.execute();
	});
	afterEach(() => db.destroy());

	it('adds the financing tables with their defaults and keeps every existing row', async () => {
		// up to 004 only: later releases add columns (005: changed_by)
		expect((await migrator.migrateTo('004-financing')).error).toBeUndefined();
		expect(await db.selectFrom('spaces').select(['id', 'version']).execute()).toEqual([
			{ id: 's1', version: 5 }
		]);
		expect(await db.selectFrom('orders').select(['id', 'total']).execute()).toEqual([
			{ id: 'o1', total: 15000 }
		]);
		await db
			.insertInto('financing_applications')
			.values({
				id: 'f1',
				space_id: 's1',
				status: 'draft',
				rate_percent: 6.5,
				version: 6,
				created_at: now,
				updated_at: now
			})
			.execute();
		expect(await db.selectFrom('financing_applications').selectAll().execute()).toEqual([
			{
				id: 'f1',
				space_id: 's1',
				status: 'draft',
				fields: '{}',
				field_changes: '{}',
				rate_percent: 6.5,
				sales_record: null,
				submitted_at: null,
				decisions: '[]',
				deleted: 0,
				version: 6,
				created_at: now,
				updated_at: now
			}
		]);
		const document = {
			sha256: 'a'.repeat(64),
			space_id: 's1',
			content_type: 'image/png',
			size: 10,
			created_at: now
		};
		await db.insertInto('documents').values(document).execute();
		// the same bytes in the same space are one document
		await expect(db.insertInto('documents').values(document).execute()).rejects.toThrow(/UNIQUE/);
		const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
			db
		);
		expect(indexes.rows.map((row) => row.name)).toEqual(
			expect.arrayContaining(['financing_applications_space_version', 'financing_applications_status'])
		);
	});

	it('goes back to 003 keeping the orders', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateTo('003-orders')).error).toBeUndefined();
		const tables = (await db.introspection.getTables()).map((table) => table.name);
		expect(tables).not.toContain('financing_applications');
		expect(tables).not.toContain('documents');
		expect(tables).not.toContain('document_views');
		expect(await db.selectFrom('orders').select('id').execute()).toEqual([{ id: 'o1' }]);
	});
});

describe('migration 005-facilitators on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';
	const product = {
		id: 'p1',
		space_id: 's1',
		name: 'Kopi',
		price: 1000,
		unit: 'pcs',
		stock: 4,
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
		expect((await migrator.migrateTo('004-financing')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: 's1', name: 'Warung', slug: 'warung', version: 1, created_at: now })
			.execute();
		await db.insertInto('products').values(product).execute();
	});
	afterEach(() => db.destroy());

	it('adds changed_by (empty for existing rows) and the sellers table with its indexes', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await db.selectFrom('products').select(['id', 'name', 'changed_by']).execute()).toEqual([
			{ id: 'p1', name: 'Kopi', changed_by: null }
		]);
		for (const table of ['stock_movements', 'orders', 'financing_applications']) {
			const columns = (await db.introspection.getTables()).find((t) => t.name === table)!.columns;
			expect(columns.map((column) => column.name)).toContain('changed_by');
		}
		await db
			.insertInto('sellers')
			.values({
				id: 's1',
				space_id: 's1',
				owner_name: 'Sari',
				phone: '+6281234567890',
				business_name: 'Warung',
				slug: 'warung',
				onboarded_by: '{"id":"u1","name":"Budi"}',
				activation_status: 'phone_taken',
				version: 2,
				created_at: now,
				updated_at: now
			})
			.execute();
		expect(await db.selectFrom('sellers').selectAll().execute()).toEqual([
			expect.objectContaining({ id: 's1', members: '[]', deleted: 0, changed_by: null, account_id: null })
		]);
		const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
			db
		);
		expect(indexes.rows.map((row) => row.name)).toEqual(
			expect.arrayContaining(['sellers_space_version', 'sellers_phone_activation'])
		);
	});

	it('goes back to 004 keeping the products', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateTo('004-financing')).error).toBeUndefined();
		const tables = await db.introspection.getTables();
		expect(tables.map((table) => table.name)).not.toContain('sellers');
		expect(tables.find((table) => table.name === 'products')!.columns.map((c) => c.name)).not.toContain(
			'changed_by'
		);
		expect(await db.selectFrom('products').select(['id', 'stock']).execute()).toEqual([
			{ id: 'p1', stock: 4 }
		]);
	});
});
