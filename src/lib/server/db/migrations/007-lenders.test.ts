import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

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
