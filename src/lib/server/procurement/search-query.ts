import { MAX_PRICE } from '$lib/domain/product';
import { regionLevel } from '$lib/domain/regions';

/**
 * The catalog search's question, read from the search form's address (a plain GET form: every field is
 * text, any of it may be missing or nonsense, and nonsense is dropped rather than refused), and the words
 * turned into each database's text-index query. Pure: no database.
 */

/** `relevance` ranks by the words (newest first without words); `nearest` needs the buyer's region. */
export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'nearest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const PAGE_SIZE = 24;
/** Words beyond these are dropped: a pasted paragraph is no search. */
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;
/** Pages further than this are not served: a person refines the words long before. */
const MAX_OFFSET = 2_400;

export interface CatalogQuery {
	/** Words in the name or description, lower case, letters and digits only; the last one a prefix. */
	terms: string[];
	/** Whether the last term matches as a prefix (the person may still be typing it). */
	prefix: boolean;
	/** A category, lower case (catalog_entries.category_key). */
	category: string | null;
	provinceCode: string | null;
	regencyCode: string | null;
	priceMin: number | null;
	priceMax: number | null;
	sort: SearchSort;
	/** The buyer's regency (or province), for `nearest`. */
	near: { provinceCode: string; regencyCode: string | null } | null;
	limit: number;
	offset: number;
}

/**
 * The words of a search: split at anything that is not a letter or a digit, lower case, at most MAX_TERMS
 * of at most MAX_TERM_LENGTH characters. `Keripik  singkong-balado!` → `keripik`, `singkong`, `balado`.
 */
export function searchTerms(words: string): string[] {
	return (
		words
			.normalize('NFKC')
			.toLowerCase()
			.match(/[\p{L}\p{N}]+/gu) ?? []
	)
		.map((term) => term.slice(0, MAX_TERM_LENGTH))
		.slice(0, MAX_TERMS);
}

/** `Rp15.000`, `15.000`, `15000` → 15000; anything else (or out of range) null. */
export function priceParam(value: string | null): number | null {
	if (!value) return null;
	const digits = value.replace(/^\s*rp\s*/i, '').replace(/[.\s]/g, '');
	if (!/^\d{1,13}$/.test(digits)) return null;
	const price = Number(digits);
	return price <= MAX_PRICE ? price : null;
}

function codeParam(value: string | null, level: 'province' | 'regency'): string | null {
	return value && regionLevel(value) === level ? value : null;
}

/**
 * The search form's fields (`q`, `kategori`, `provinsi`, `kabupaten`, `harga_min`, `harga_max`, `urut`,
 * `dekat`, `halaman`) as a query. A regency outside the chosen province drops the regency; a regency alone
 * implies its province; min and max given the wrong way round are swapped; `nearest` without the buyer's
 * region (`dekat`, else the region filter) is `relevance`.
 */
export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
	const terms = searchTerms(params.get('q') ?? '');
	const category = (params.get('kategori') ?? '').trim().toLowerCase().slice(0, 40) || null;
	let regencyCode = codeParam(params.get('kabupaten'), 'regency');
	let provinceCode = codeParam(params.get('provinsi'), 'province');
	if (regencyCode && provinceCode && !regencyCode.startsWith(`${provinceCode}.`)) regencyCode = null;
	if (regencyCode && !provinceCode) provinceCode = regencyCode.slice(0, 2);
	let priceMin = priceParam(params.get('harga_min'));
	let priceMax = priceParam(params.get('harga_max'));
	if (priceMin !== null && priceMax !== null && priceMin > priceMax)
		[priceMin, priceMax] = [priceMax, priceMin];
	const nearCode = params.get('dekat');
	const nearRegency = codeParam(nearCode, 'regency');
	const nearProvince = nearRegency?.slice(0, 2) ?? codeParam(nearCode, 'province');
	const near = nearProvince
		? { provinceCode: nearProvince, regencyCode: nearRegency }
		: provinceCode
			? { provinceCode, regencyCode }
			: null;
	const asked = params.get('urut') ?? '';
	let sort: SearchSort = (SEARCH_SORTS as readonly string[]).includes(asked)
		? (asked as SearchSort)
		: 'relevance';
	if (sort === 'nearest' && !near) sort = 'relevance';
	const page = Math.max(1, Number.parseInt(params.get('halaman') ?? '1', 10) || 1);
	return {
		terms,
		// A last word of one letter would match half the catalog: it is taken as a whole word.
		prefix: (terms.at(-1)?.length ?? 0) >= 2,
		category,
		provinceCode,
		regencyCode,
		priceMin,
		priceMax,
		sort,
		near,
		limit: PAGE_SIZE,
		offset: Math.min((page - 1) * PAGE_SIZE, MAX_OFFSET)
	};
}

/** The words as an FTS5 query: every term must be there, the last one as a prefix: `"keripik" "sing"*`. */
export function ftsMatch(query: Pick<CatalogQuery, 'terms' | 'prefix'>): string {
	return query.terms
		.map((term, i) => `"${term}"${query.prefix && i === query.terms.length - 1 ? '*' : ''}`)
		.join(' ');
}

/** The words as a PostgreSQL tsquery: `keripik & sing:*` (terms hold only letters and digits). */
export function tsQuery(query: Pick<CatalogQuery, 'terms' | 'prefix'>): string {
	return query.terms
		.map((term, i) => `${term}${query.prefix && i === query.terms.length - 1 ? ':*' : ''}`)
		.join(' & ');
}
