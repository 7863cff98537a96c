import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { parseRegionTree, shortRegionName, type RegionTree } from '$lib/domain/regions';
import regionsFile from '../../../../static/regions/regions.json';
import type { Database } from '../db/schema';
import { ftsMatch, tsQuery, type CatalogQuery } from './search-query';

export {
	parseCatalogQuery,
	PAGE_SIZE,
	SEARCH_SORTS,
	type CatalogQuery,
	type SearchSort
} from './search-query';

/**
 * The institutional buyers' catalog search (issue 13, step 1: Find) over `catalog_entries` (migration 013):
 * products that may be found (shown, not deleted, of a seller whose supplier profile takes institutional
 * orders), by words through the database's text index (SQLite FTS5, PostgreSQL tsvector/GIN), category,
 * region and price, each filter and sort with an index of its own. Two steps: the page of ids, from the
 * index alone; then what the cards show, for those ids only, by primary key.
 */

/** Which legal papers of the seller are in their supplier profile (what an institution's documents need). */
export interface LegalPapers {
	nib: boolean;
	/** The NPWP and the NITKU of the place of business. */
	npwp: boolean;
	bank: boolean;
	/** Pengusaha Kena Pajak: charges PPN. */
	pkp: boolean;
}

export interface CatalogResult {
	productId: string;
	name: string;
	/** The cover photo's hash, or null. */
	photo: string | null;
	price: number;
	unit: string;
	stock: number;
	category: string | null;
	spaceId: string;
	businessName: string;
	provinceCode: string | null;
	regencyCode: string | null;
	/** `Jawa Barat`, `Kab. Bogor` (short names), or null when not given or not in the bundled list. */
	provinceName: string | null;
	regencyName: string | null;
	legal: LegalPapers;
}

export interface CatalogPage {
	results: CatalogResult[];
	/** Whether another page follows (the catalog is not counted: counting 100,000 rows costs a scan). */
	hasMore: boolean;
}

/** catalog_entries as both databases have it (`rid` only on SQLite, `search` only on PostgreSQL). */
interface CatalogEntriesTable {
	rid: number;
	product_id: string;
	space_id: string;
	name: string;
	description: string | null;
	category_key: string | null;
	price: number;
	created_at: string;
	province_code: string | null;
	regency_code: string | null;
}

let regions: RegionTree | null = null;

/** The bundled region list (static/regions/regions.json: provinces, regencies, districts). */
export function regionTree(): RegionTree {
	regions ??= parseRegionTree(regionsFile);
	return regions;
}

function regionName(code: string | null): string | null {
	const region = code ? regionTree().byCode.get(code) : undefined;
	return region ? shortRegionName(region.name) : null;
}

function isPostgres(db: Kysely<Database>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The statement that finds the page of product ids, in the query's order (limit + 1 rows: is there more?). */
export function pageStatement(db: Kysely<Database>, query: CatalogQuery): RawBuilder<{ product_id: string }> {
	const postgres = isPostgres(db);
	const words = query.terms.length > 0;
	const where: RawBuilder<unknown>[] = [];
	if (words) {
		where.push(
			postgres
				? sql`e.search @@ to_tsquery('simple', ${tsQuery(query)})`
				: sql`catalog_search match ${ftsMatch(query)}`
		);
	}
	if (query.category) where.push(sql`e.category_key = ${query.category}`);
	if (query.provinceCode) where.push(sql`e.province_code = ${query.provinceCode}`);
	if (query.regencyCode) where.push(sql`e.regency_code = ${query.regencyCode}`);
	if (query.priceMin !== null) where.push(sql`e.price >= ${query.priceMin}`);
	if (query.priceMax !== null) where.push(sql`e.price <= ${query.priceMax}`);

	const from =
		words && !postgres
			? sql`catalog_search join catalog_entries e on e.rid = catalog_search.rowid`
			: sql`catalog_entries e`;
	const newest = sql`e.created_at desc, e.product_id desc`;
	let order: RawBuilder<unknown>;
	if (query.sort === 'price_asc') order = sql`e.price, e.product_id`;
	else if (query.sort === 'price_desc') order = sql`e.price desc, e.product_id desc`;
	else if (query.sort === 'nearest' && query.near) {
		const { provinceCode, regencyCode } = query.near;
		order = sql`case when e.regency_code = ${regencyCode} then 0 when e.province_code = ${provinceCode}
			then 1 else 2 end, ${newest}`;
	} else if (query.sort === 'relevance' && words) {
		order = postgres
			? sql`ts_rank(e.search, to_tsquery('simple', ${tsQuery(query)})) desc, ${newest}`
			: sql`catalog_search.rank, ${newest}`;
	} else order = newest;
	const filter = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
	return sql<{ product_id: string }>`select e.product_id from ${from} ${filter} order by ${order}
		limit ${query.limit + 1} offset ${query.offset}`;
}

/** One page of the catalog for `query` (parseCatalogQuery reads it from the search form). */
export async function searchCatalog(db: Kysely<Database>, query: CatalogQuery): Promise<CatalogPage> {
	const { rows } = await pageStatement(db, query).execute(db);
	const ids = rows.slice(0, query.limit).map((row) => row.product_id);
	if (ids.length === 0) return { results: [], hasMore: false };
	const details = await db
		.withTables<{ catalog_entries: CatalogEntriesTable }>()
		.selectFrom('catalog_entries as e')
		.innerJoin('products as p', 'p.id', 'e.product_id')
		.innerJoin('spaces as sp', 'sp.id', 'e.space_id')
		.innerJoin('supplier_profiles as s', 's.id', 'e.space_id')
		.select([
			'e.product_id',
			'p.name',
			'p.photos',
			'p.price',
			'p.unit',
			'p.stock',
			'p.category',
			'e.space_id',
			'sp.name as business_name',
			'e.province_code',
			'e.regency_code',
			's.nib',
			's.npwp',
			's.nitku',
			's.bank',
			's.pkp'
		])
		.where('e.product_id', 'in', ids)
		.execute();
	const byId = new Map(details.map((row) => [row.product_id, row]));
	const results = ids.flatMap((id): CatalogResult[] => {
		const row = byId.get(id);
		if (!row) return []; // changed between the two reads
		const photos = JSON.parse(row.photos) as string[];
		return [
			{
				productId: row.product_id,
				name: row.name,
				photo: photos[0] ?? null,
				price: Number(row.price),
				unit: row.unit,
				stock: Number(row.stock),
				category: row.category,
				spaceId: row.space_id,
				businessName: row.business_name,
				provinceCode: row.province_code,
				regencyCode: row.regency_code,
				provinceName: regionName(row.province_code),
				regencyName: regionName(row.regency_code),
				legal: legalPapers(row)
			}
		];
	});
	return { results, hasMore: rows.length > query.limit };
}

/**
 * How the database means to run the page statement, one line per step: tests and the bench check that it
 * reads the text and filter indexes, never the whole table.
 */
export async function explainSearch(db: Kysely<Database>, query: CatalogQuery): Promise<string[]> {
	const statement = pageStatement(db, query);
	if (isPostgres(db)) {
		const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(db);
		return rows.map((row) => row['QUERY PLAN']);
	}
	const { rows } = await sql<{ detail: string }>`explain query plan ${statement}`.execute(db);
	return rows.map((row) => row.detail);
}

/** A seller an institution may ask for a quotation, with their findable products (by name). */
export interface SellerCatalog {
	spaceId: string;
	businessName: string;
	provinceName: string | null;
	regencyName: string | null;
	legal: LegalPapers;
	products: { id: string; name: string; unit: string; price: number; stock: number }[];
}

/** How many of a seller's products the request form lists. */
const SELLER_PRODUCTS = 200;

/**
 * The seller of a findable product (`productId`), or a seller by space (`spaceId`), when they take
 * institutional orders; null otherwise (a product deleted or hidden, a seller who switched off).
 */
export async function sellerCatalog(
	db: Kysely<Database>,
	which: { productId?: string | null; spaceId?: string | null }
): Promise<SellerCatalog | null> {
	const search = db.withTables<{ catalog_entries: CatalogEntriesTable }>();
	let spaceId = which.spaceId ?? null;
	if (which.productId) {
		const entry = await search
			.selectFrom('catalog_entries')
			.select('space_id')
			.where('product_id', '=', which.productId)
			.executeTakeFirst();
		spaceId = entry?.space_id ?? null;
	}
	if (!spaceId) return null;
	const seller = await db
		.selectFrom('supplier_profiles as s')
		.innerJoin('spaces as sp', 'sp.id', 's.id')
		.select(['sp.name', 's.province_code', 's.regency_code', 's.nib', 's.npwp', 's.nitku', 's.bank', 's.pkp'])
		.where('s.id', '=', spaceId)
		.where('s.accepts_institutional', '=', 1)
		.where('s.deleted', '=', 0)
		.executeTakeFirst();
	if (!seller) return null;
	const listed = search
		.selectFrom('catalog_entries as e')
		.innerJoin('products as p', 'p.id', 'e.product_id')
		.select(['p.id', 'p.name', 'p.unit', 'p.price', 'p.stock'])
		.where('e.space_id', '=', spaceId);
	const products = await listed.orderBy('p.name').orderBy('p.id').limit(SELLER_PRODUCTS).execute();
	// the product the pemesan came from is on the form even in a catalog longer than the list
	if (which.productId && !products.some((product) => product.id === which.productId)) {
		products.unshift(...(await listed.where('p.id', '=', which.productId).execute()));
	}
	return {
		spaceId,
		businessName: seller.name,
		provinceName: regionName(seller.province_code),
		regencyName: regionName(seller.regency_code),
		legal: legalPapers(seller),
		products: products.map((row) => ({ ...row, price: Number(row.price), stock: Number(row.stock) }))
	};
}

function legalPapers(row: {
	nib: string | null;
	npwp: string | null;
	nitku: string | null;
	bank: string | null;
	pkp: number;
}): LegalPapers {
	return { nib: !!row.nib, npwp: !!row.npwp && !!row.nitku, bank: !!row.bank, pkp: row.pkp === 1 };
}
