import { COMMON_CATEGORIES } from '$lib/domain/product';
import { shortRegionName } from '$lib/domain/regions';
import { getDb } from '$lib/server/db';
import { parseCatalogQuery, regionTree, searchCatalog } from '$lib/server/procurement/search';
import { requireBuyer } from '../../session.server';
import { regencyOptions } from './region-options';
import type { PageServerLoad } from './$types';

/** The search form's fields, as the address gives them, so the form shows what was asked. */
const FIELDS = ['q', 'kategori', 'provinsi', 'kabupaten', 'harga_min', 'harga_max', 'urut', 'dekat'] as const;
type SearchField = (typeof FIELDS)[number];

/**
 * Step 1 of an institutional purchase: a pemesan searches the products of every seller who takes
 * institutional orders. A plain GET form (it works without JavaScript, and a search can be bookmarked or
 * sent to a colleague); one page of cards at a time.
 */
export const load: PageServerLoad = async (event) => {
	await requireBuyer(event, 'pemesan');
	const params = event.url.searchParams;
	const query = parseCatalogQuery(params);
	const started = performance.now();
	const { results, hasMore } = await searchCatalog(getDb(), query);
	// The search's own time beside the page's (the bench reads it; a browser's developer tools show it).
	event.setHeaders({ 'server-timing': `search;dur=${(performance.now() - started).toFixed(1)}` });
	const tree = regionTree();
	return {
		fields: Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? ''])) as Record<
			SearchField,
			string
		>,
		query: { provinceCode: query.provinceCode, regencyCode: query.regencyCode, sort: query.sort },
		categories: [...COMMON_CATEGORIES],
		provinces: tree.provinces.map((province) => ({
			code: province.code,
			name: shortRegionName(province.name)
		})),
		regencyOptions: regencyOptions(tree, query.provinceCode, query.regencyCode),
		nearOptions: regencyOptions(tree, null, params.get('dekat')),
		results,
		page: query.offset / query.limit + 1,
		hasMore
	};
};
