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

describe('migration 007-lenders on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2025-01-02T03:04:05.000Z';
	const user = (id: string, name: string, role: string, created_at = now) => ({
		id,
		name,
		phone: `+62812000000${id.slice(-2)}`,
		pin_hash: 'x',
		role,
		created_at
	});
	const application = (id: string, space: string, status: string, decisions: unknown[] = []) => ({
		id,
		space_id: space,
		status,
		fields: JSON.stringify({ product: 'mikro', amount: 25_000_000 }),
		decisions: JSON.stringify(decisions),
		version: 1,
		created_at: now,
		updated_at: now
	});
	const decision = (by: string) => ({ status: 'in_review', note: null, by: { id: by, name: 'x' }, at: now });

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('006-rejections')).error).toBeUndefined();
		await db
			.insertInto('users')
			.values([
				user('u01', 'Bank Desa', 'lender', '2025-01-01T00:00:00.000Z'),
				// the same lender's second member of staff, by the same name
				user('u02', 'Bank Desa', 'lender'),
				user('u03', 'Koperasi Maju', 'lender'),
				user('u04', 'Sari', 'seller')
			])
			.execute();
		await db
			.insertInto('spaces')
			.values([
				{ id: 's1', name: 'Warung Sari', slug: 'warung-sari', version: 4, created_at: now },
				{ id: 's2', name: 'Toko Budi', slug: 'toko-budi', version: 9, created_at: now }
			])
			.execute();
		await db
			.insertInto('financing_applications')
			.values([
				// decided on by Koperasi Maju last (Bank Desa before)
				application('f1', 's1', 'approved', [decision('u02'), decision('u03')]),
				// its KTP opened by Bank Desa's second account
				application('f2', 's2', 'submitted'),
				// never touched, with two lenders about: no lender until the admin gives it one
				application('f3', 's2', 'submitted'),
				application('f4', 's1', 'draft')
			])
			.execute();
		await db
			.insertInto('document_views')
			.values({
				id: 'v1',
				sha256: 'a'.repeat(64),
				space_id: 's2',
				application_id: 'f2',
				viewer_id: 'u02',
				at: now
			})
			.execute();
	});
	afterEach(() => db.destroy());

	it('makes one lender per name of the old lender accounts, and gives each sent application the lender that worked on it', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const lenders = await db.selectFrom('lenders').selectAll().orderBy('name').execute();
		expect(lenders).toEqual([
			{
				id: expect.any(String),
				name: 'Bank Desa',
				products: '["super_mikro","mikro","kecil"]',
				created_at: '2025-01-01T00:00:00.000Z',
				updated_at: expect.any(String)
			},
			expect.objectContaining({ name: 'Koperasi Maju' })
		]);
		const [bank, koperasi] = lenders.map((lender) => lender.id);
		const users = await db.selectFrom('users').select(['id', 'lender_id']).orderBy('id').execute();
		expect(users).toEqual([
			{ id: 'u01', lender_id: bank },
			{ id: 'u02', lender_id: bank },
			{ id: 'u03', lender_id: koperasi },
			{ id: 'u04', lender_id: null }
		]);
		const rows = await db
			.selectFrom('financing_applications')
			.select(['id', 'lender_id', 'fields', 'version'])
			.orderBy('id')
			.execute();
		expect(rows.map((row) => [row.id, row.lender_id, JSON.parse(row.fields as string).lenderId])).toEqual([
			['f1', koperasi, koperasi],
			['f2', bank, bank],
			['f3', null, undefined],
			['f4', null, undefined]
		]);
		// the forms that changed carry a new version of their space, so the phones pull them
		expect(rows.map((row) => row.version)).toEqual([5, 10, 1, 1]);
		expect(await db.selectFrom('spaces').select(['id', 'version']).orderBy('id').execute()).toEqual([
			{ id: 's1', version: 5 },
			{ id: 's2', version: 10 }
		]);
	});

	it('gives every sent application to the one lender when there is only one', async () => {
		await db.deleteFrom('users').where('id', 'in', ['u02', 'u03']).execute();
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const bank = await db.selectFrom('lenders').select('id').executeTakeFirstOrThrow();
		const rows = await db
			.selectFrom('financing_applications')
			.select(['id', 'lender_id'])
			.orderBy('id')
			.execute();
		expect(rows).toEqual([
			{ id: 'f1', lender_id: bank.id },
			{ id: 'f2', lender_id: bank.id },
			{ id: 'f3', lender_id: bank.id },
			{ id: 'f4', lender_id: null }
		]);
	});

	it('goes back to 006 keeping the accounts and applications', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateTo('006-rejections')).error).toBeUndefined();
		const tables = await db.introspection.getTables();
		expect(tables.map((table) => table.name)).not.toContain('lenders');
		expect(tables.find((table) => table.name === 'users')!.columns.map((c) => c.name)).not.toContain(
			'lender_id'
		);
		expect(await db.selectFrom('financing_applications').select('id').orderBy('id').execute()).toHaveLength(
			4
		);
		expect(await db.selectFrom('users').select('id').execute()).toHaveLength(4);
	});
});
