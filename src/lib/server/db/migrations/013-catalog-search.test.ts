import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

interface Backend {
	name: 'sqlite' | 'postgres';
	open(): Promise<{ db: Kysely<AnyDatabase>; drop(): Promise<void> }>;
}

const adminUrl = process.env.TEST_DATABASE_URL;

const backends: Backend[] = [
	{
		name: 'sqlite',
		async open() {
			const sqlite = new SqliteDatabase(':memory:');
			sqlite.pragma('foreign_keys = ON');
			const db = new Kysely<AnyDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
			return { db, drop: () => db.destroy() };
		}
	},
	...(adminUrl
		? [
				{
					name: 'postgres' as const,
					async open() {
						const name = `lapak_m013_${randomBytes(5).toString('hex')}`;
						const admin = async (query: string) => {
							const client = new pg.Client({ connectionString: adminUrl });
							await client.connect();
							await client.query(query).finally(() => client.end());
						};
						await admin(`create database ${name}`);
						const url = new URL(adminUrl);
						url.pathname = `/${name}`;
						const db = new Kysely<AnyDatabase>({
							dialect: new PostgresDialect({
								pool: new pg.Pool({ connectionString: url.toString(), max: 2 })
							})
						});
						return {
							db,
							async drop() {
								await db.destroy();
								await admin(`drop database if exists ${name} with (force)`);
							}
						};
					}
				}
			]
		: [])
];

describe.each(backends)('migration 013-catalog-search on $name', (backend) => {
	let db: Kysely<AnyDatabase>;
	let drop: () => Promise<void>;
	let migrator: Migrator;
	const now = '2026-12-04T03:04:05.000Z';

	const product = (id: string, space: string, name: string, extra: Record<string, unknown> = {}) => ({
		id,
		space_id: space,
		name,
		price: 10_000,
		unit: 'pcs',
		stock: 5,
		category: 'Makanan',
		description: null,
		photos: '[]',
		active: 1,
		deleted: 0,
		version: 1,
		created_at: now,
		updated_at: now,
		...extra
	});
	const profile = (space: string, accepts: number) => ({
		id: space,
		space_id: space,
		accepts_institutional: accepts,
		pkp: 0,
		province_code: '34',
		regency_code: '34.04',
		deleted: 0,
		version: 1,
		created_at: now,
		updated_at: now
	});

	beforeEach(async () => {
		({ db, drop } = await backend.open());
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('012-procurement')).error).toBeUndefined();
		for (const space of ['s1', 's2']) {
			await db
				.insertInto('spaces')
				.values({ id: space, name: `Warung ${space}`, slug: space, version: 1, created_at: now })
				.execute();
		}
		await db
			.insertInto('supplier_profiles')
			.values([profile('s1', 1), profile('s2', 0)])
			.execute();
		await db
			.insertInto('products')
			.values([
				product('p1', 's1', 'Keripik singkong balado', { description: 'Renyah, pedas manis' }),
				product('p2', 's1', 'Keripik pisang', { deleted: 1 }),
				product('p3', 's1', 'Kopi bubuk', { active: 0 }),
				product('p4', 's2', 'Keripik tempe')
			])
			.execute();
	});
	afterEach(() => drop());

	/** Product ids whose name or description hold the word (a prefix when it ends in `*`). */
	async function found(word: string): Promise<string[]> {
		const prefix = word.endsWith('*');
		const bare = word.replace('*', '');
		const { rows } =
			backend.name === 'sqlite'
				? await sql<{ product_id: string }>`select e.product_id from catalog_search
						join catalog_entries e on e.rid = catalog_search.rowid
						where catalog_search match ${prefix ? `"${bare}"*` : `"${bare}"`} order by e.product_id`.execute(db)
				: await sql<{ product_id: string }>`select product_id from catalog_entries
						where search @@ to_tsquery('simple', ${prefix ? `${bare}:*` : bare}) order by product_id`.execute(db);
		return rows.map((row) => row.product_id);
	}

	it('indexes the products already there: only shown ones of sellers who take institutional orders', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await found('keripik')).toEqual(['p1']);
		expect(await found('pedas')).toEqual(['p1']);
		expect(await found('balad*')).toEqual(['p1']);
		expect(await found('kopi')).toEqual([]);
		const entry = await db.selectFrom('catalog_entries').selectAll().executeTakeFirstOrThrow();
		expect(entry).toMatchObject({
			product_id: 'p1',
			space_id: 's1',
			category_key: 'makanan',
			province_code: '34',
			regency_code: '34.04'
		});
	});

	it('keeps the index in step with products and supplier profiles', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		await db
			.insertInto('products')
			.values(product('p5', 's1', 'Gula aren cair'))
			.execute();
		expect(await found('aren')).toEqual(['p5']);
		await db.updateTable('products').set({ name: 'Gula semut' }).where('id', '=', 'p5').execute();
		expect(await found('aren')).toEqual([]);
		expect(await found('semut')).toEqual(['p5']);
		// a stock change leaves the entry as it was
		const before = await db
			.selectFrom('catalog_entries')
			.selectAll()
			.where('product_id', '=', 'p5')
			.execute();
		await db.updateTable('products').set({ stock: 99, version: 2 }).where('id', '=', 'p5').execute();
		expect(
			await db.selectFrom('catalog_entries').selectAll().where('product_id', '=', 'p5').execute()
		).toEqual(before);
		// shown again, deleted, hidden
		await db.updateTable('products').set({ active: 1 }).where('id', '=', 'p3').execute();
		expect(await found('kopi')).toEqual(['p3']);
		await db.updateTable('products').set({ deleted: 1 }).where('id', '=', 'p3').execute();
		expect(await found('kopi')).toEqual([]);
		// the second seller turns the switch on, the first one off, then moves
		await db
			.updateTable('supplier_profiles')
			.set({ accepts_institutional: 1 })
			.where('id', '=', 's2')
			.execute();
		expect(await found('keripik')).toEqual(['p1', 'p4']);
		await db
			.updateTable('supplier_profiles')
			.set({ accepts_institutional: 0 })
			.where('id', '=', 's1')
			.execute();
		expect(await found('keripik')).toEqual(['p4']);
		await db.updateTable('supplier_profiles').set({ regency_code: '34.71' }).where('id', '=', 's2').execute();
		expect(
			await db.selectFrom('catalog_entries').select('regency_code').where('product_id', '=', 'p4').execute()
		).toEqual([{ regency_code: '34.71' }]);
		await db.deleteFrom('products').where('id', '=', 'p4').execute();
		expect(await found('keripik')).toEqual([]);
	});

	it('goes back to 012', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateTo('012-procurement')).error).toBeUndefined();
		const tables = await db.introspection.getTables();
		expect(tables.map((table) => table.name)).not.toContain('catalog_entries');
		// products still write without the triggers
		await db
			.insertInto('products')
			.values(product('p6', 's1', 'Sambal'))
			.execute();
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await found('sambal')).toEqual(['p6']);
	});
});
