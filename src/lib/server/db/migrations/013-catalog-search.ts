import { sql, type Kysely } from 'kysely';

/**
 * The institutional buyers' catalog search (issue 13, step 1). `catalog_entries` holds one row per product
 * an institution may find: not deleted, shown (active), of a seller whose supplier profile takes
 * institutional orders, with the seller's province and regency copied beside it so every filter and sort
 * has an index of its own. Triggers on products and supplier_profiles keep it in step in the writer's own
 * transaction (a product edited, hidden or deleted; the "Terima pesanan instansi" switch turned off; the
 * seller moving). The words are indexed by the database: SQLite FTS5 (an external-content table over
 * catalog_entries, kept by triggers) and a PostgreSQL `tsvector` (the `simple` configuration: PostgreSQL
 * has no Indonesian stemmer) with a GIN index. Existing rows are indexed here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await postgres(db);
	else await db.transaction().execute(sqlite);
}

/** The columns copied from products and supplier_profiles (the same on both databases). */
const ENTRY_COLUMNS =
	'product_id, space_id, name, description, category_key, price, created_at, province_code, regency_code';

/** A select of entries, for the products `products` of profiles `supplier` that may be found. */
function entriesSelect(product: string, supplier: string): string {
	return `select ${product}.id, ${product}.space_id, ${product}.name, ${product}.description,
		lower(trim(${product}.category)), ${product}.price, ${product}.created_at,
		${supplier}.province_code, ${supplier}.regency_code`;
}

function findable(product: string, supplier: string): string {
	return `${supplier}.accepts_institutional = 1 and ${supplier}.deleted = 0
		and ${product}.deleted = 0 and ${product}.active = 1`;
}

/** Columns of a product whose change changes its entry (a stock change does not). */
const PRODUCT_FIELDS = ['name', 'description', 'category', 'price', 'deleted', 'active', 'space_id'];
const SUPPLIER_FIELDS = ['accepts_institutional', 'deleted', 'province_code', 'regency_code'];

const changed = (fields: string[]) => fields.map((field) => `old.${field} is not new.${field}`).join(' or ');

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
	for (const statement of statements) await sql.raw(statement).execute(db);
}

async function sqlite(db: Kysely<unknown>): Promise<void> {
	const addProduct = `insert into catalog_entries (${ENTRY_COLUMNS})
		${entriesSelect('new', 's')} from supplier_profiles s where s.id = new.space_id and ${findable('new', 's')};`;
	const addSupplier = `insert into catalog_entries (${ENTRY_COLUMNS})
		${entriesSelect('p', 'new')} from products p where p.space_id = new.id and ${findable('p', 'new')};`;
	await run(db, [
		// `rid` is the FTS5 row's id: an INTEGER PRIMARY KEY, which VACUUM never renumbers.
		`create table catalog_entries (
			rid integer primary key,
			product_id text not null unique,
			space_id text not null,
			name text not null,
			description text,
			category_key text,
			price bigint not null,
			created_at text not null,
			province_code text,
			regency_code text
		)`,
		`create virtual table catalog_search using fts5(
			name, description, content = 'catalog_entries', content_rowid = 'rid',
			tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
		)`,
		`create trigger catalog_entries_ai after insert on catalog_entries begin
			insert into catalog_search (rowid, name, description) values (new.rid, new.name, new.description);
		end`,
		`create trigger catalog_entries_ad after delete on catalog_entries begin
			insert into catalog_search (catalog_search, rowid, name, description)
			values ('delete', old.rid, old.name, old.description);
		end`,
		`create trigger catalog_entries_au after update on catalog_entries begin
			insert into catalog_search (catalog_search, rowid, name, description)
			values ('delete', old.rid, old.name, old.description);
			insert into catalog_search (rowid, name, description) values (new.rid, new.name, new.description);
		end`,
		`create trigger catalog_products_ai after insert on products begin ${addProduct} end`,
		`create trigger catalog_products_au after update on products when ${changed(PRODUCT_FIELDS)} begin
			delete from catalog_entries where product_id = old.id;
			${addProduct}
		end`,
		`create trigger catalog_products_ad after delete on products begin
			delete from catalog_entries where product_id = old.id;
		end`,
		`create trigger catalog_suppliers_ai after insert on supplier_profiles begin ${addSupplier} end`,
		`create trigger catalog_suppliers_au after update on supplier_profiles when ${changed(SUPPLIER_FIELDS)} begin
			delete from catalog_entries where space_id = old.id;
			${addSupplier}
		end`,
		`create trigger catalog_suppliers_ad after delete on supplier_profiles begin
			delete from catalog_entries where space_id = old.id;
		end`,
		...indexes(),
		`insert into catalog_entries (${ENTRY_COLUMNS})
			${entriesSelect('p', 's')} from products p join supplier_profiles s on s.id = p.space_id
			where ${findable('p', 's')}`
	]);
}

/** The filters' and sorts' indexes (the same on both databases). */
function indexes(): string[] {
	return [
		'create index catalog_entries_space on catalog_entries (space_id)',
		'create index catalog_entries_region on catalog_entries (province_code, regency_code, price)',
		'create index catalog_entries_category on catalog_entries (category_key, price)',
		'create index catalog_entries_price on catalog_entries (price)',
		'create index catalog_entries_newest on catalog_entries (created_at)'
	];
}

async function postgres(db: Kysely<unknown>): Promise<void> {
	const unchanged = (fields: string[]) =>
		`(${fields.map((field) => `old.${field}`).join(', ')}) is not distinct from (${fields
			.map((field) => `new.${field}`)
			.join(', ')})`;
	await run(db, [
		`create table catalog_entries (
			product_id text primary key,
			space_id text not null,
			name text not null,
			description text,
			category_key text,
			price bigint not null,
			created_at text not null,
			province_code text,
			regency_code text,
			search tsvector generated always as
				(to_tsvector('simple', name || ' ' || coalesce(description, ''))) stored
		)`,
		'create index catalog_entries_search on catalog_entries using gin (search)',
		`create function catalog_refresh_product() returns trigger language plpgsql as $$
		begin
			if tg_op = 'UPDATE' and ${unchanged(PRODUCT_FIELDS)} then return null; end if;
			if tg_op <> 'INSERT' then delete from catalog_entries where product_id = old.id; end if;
			if tg_op <> 'DELETE' then
				insert into catalog_entries (${ENTRY_COLUMNS})
				${entriesSelect('new', 's')} from supplier_profiles s
				where s.id = new.space_id and ${findable('new', 's')};
			end if;
			return null;
		end $$`,
		`create trigger catalog_products after insert or update or delete on products
			for each row execute function catalog_refresh_product()`,
		`create function catalog_refresh_supplier() returns trigger language plpgsql as $$
		begin
			if tg_op = 'UPDATE' and ${unchanged(SUPPLIER_FIELDS)} then return null; end if;
			if tg_op <> 'INSERT' then delete from catalog_entries where space_id = old.id; end if;
			if tg_op <> 'DELETE' then
				insert into catalog_entries (${ENTRY_COLUMNS})
				${entriesSelect('p', 'new')} from products p where p.space_id = new.id and ${findable('p', 'new')};
			end if;
			return null;
		end $$`,
		`create trigger catalog_suppliers after insert or update or delete on supplier_profiles
			for each row execute function catalog_refresh_supplier()`,
		...indexes(),
		`insert into catalog_entries (${ENTRY_COLUMNS})
			${entriesSelect('p', 's')} from products p join supplier_profiles s on s.id = p.space_id
			where ${findable('p', 's')}`
	]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	if (db.isTransaction) {
		await run(db, [
			'drop trigger catalog_products on products',
			'drop trigger catalog_suppliers on supplier_profiles',
			'drop function catalog_refresh_product()',
			'drop function catalog_refresh_supplier()',
			'drop table catalog_entries'
		]);
		return;
	}
	await db
		.transaction()
		.execute((trx) =>
			run(trx, [
				...['products_ai', 'products_au', 'products_ad', 'suppliers_ai', 'suppliers_au', 'suppliers_ad'].map(
					(name) => `drop trigger catalog_${name}`
				),
				'drop table catalog_search',
				'drop table catalog_entries'
			])
		);
}
