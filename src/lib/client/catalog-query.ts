import { COMMON_CATEGORIES, MAX_PRICE, type Product } from '$lib/domain/product';
import { normalizeText } from '$lib/domain/text';

// Moved to the domain so the regions search (shared with the server) uses the same rule; kept importable here.
export { normalizeText };

// The product list's search, filters, sorts and bulk price arithmetic. Pure functions over the products
// of one space, with no Dexie and no Svelte, so they are unit-tested in Node and cost nothing to import
// on the first screen. The list page reads all of a space's products once (a live query) and calls
// `queryCatalog` on every keystroke: with 5,000 products that must stay well under 10 ms, so everything
// that does not depend on the query (normalized search keys, the name order) is computed once per
// product array and cached by the array's identity.

export const CATALOG_SORTS = ['name', 'price_asc', 'price_desc', 'stock_asc', 'recent'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export interface CatalogQuery {
	/** What the person typed (or scanned); every word must appear in the name, the SKU or the barcode. */
	search: string;
	/** `null` for every category, `''` for products with no category, otherwise a category's name. */
	category: string | null;
	sort: CatalogSort;
	/** Only products at or below their minimum stock. */
	lowStockOnly: boolean;
}

export const DEFAULT_QUERY: CatalogQuery = { search: '', category: null, sort: 'name', lowStockOnly: false };

const collator = new Intl.Collator('id', { numeric: true, sensitivity: 'base' });

/** A product is low on stock when it has a minimum and is at or below it. */
export function isLowStock(product: Pick<Product, 'stock' | 'minStock'>): boolean {
	return product.minStock !== null && product.stock <= product.minStock;
}

/** The key a category is compared by: "makanan", " Makanan " and "MAKANAN" are one category. */
function categoryKey(category: string | null): string {
	return category ? normalizeText(category) : '';
}

interface Entry {
	product: Product;
	/** Normalized name, SKU and barcode, what the typed (or scanned) words are looked for in. */
	searchKey: string;
	categoryKey: string;
	low: boolean;
	/** Position in the name order, the tie-breaker of every other sort. */
	rank: number;
	updatedAt: number;
}

interface CatalogIndex {
	byName: Entry[];
	lowStockCount: number;
	/** The other orders, made on first use. */
	sorted: Partial<Record<CatalogSort, Entry[]>>;
}

const indexes = new WeakMap<readonly Product[], CatalogIndex>();

function indexOf(products: readonly Product[]): CatalogIndex {
	let index = indexes.get(products);
	if (index) return index;
	let lowStockCount = 0;
	const entries: Entry[] = products.map((product) => {
		const low = isLowStock(product);
		if (low) lowStockCount++;
		return {
			product,
			searchKey: normalizeText([product.name, product.sku, product.barcode].filter(Boolean).join(' ')),
			categoryKey: categoryKey(product.category),
			low,
			rank: 0,
			updatedAt: Date.parse(product.updatedAt) || 0
		};
	});
	entries.sort(
		(a, b) =>
			collator.compare(a.product.name, b.product.name) ||
			(a.product.name < b.product.name ? -1 : a.product.name > b.product.name ? 1 : 0) ||
			(a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0)
	);
	entries.forEach((entry, rank) => (entry.rank = rank));
	index = { byName: entries, lowStockCount, sorted: { name: entries } };
	indexes.set(products, index);
	return index;
}

function sortedBy(index: CatalogIndex, sort: CatalogSort): Entry[] {
	const cached = index.sorted[sort];
	if (cached) return cached;
	const compare: (a: Entry, b: Entry) => number =
		sort === 'price_asc'
			? (a, b) => a.product.price - b.product.price
			: sort === 'price_desc'
				? (a, b) => b.product.price - a.product.price
				: sort === 'stock_asc'
					? (a, b) => a.product.stock - b.product.stock
					: sort === 'recent'
						? (a, b) => b.updatedAt - a.updatedAt
						: () => 0;
	const sorted = [...index.byName].sort((a, b) => compare(a, b) || a.rank - b.rank);
	index.sorted[sort] = sorted;
	return sorted;
}

/** Whether a query narrows the list at all (the page then says "12 dari 340 produk" rather than "340 produk"). */
export function isFiltered(query: CatalogQuery): boolean {
	return normalizeText(query.search) !== '' || query.category !== null || query.lowStockOnly;
}

/**
 * The products that match `query`, in its order. Searching is case- and accent-insensitive and every
 * word typed must appear in the name or SKU ("kopi sach" finds "Kopi Sachet Kapal Api"). Cheap to call
 * on every keystroke: the per-product work is cached for as long as the same `products` array is passed.
 */
export function queryCatalog(products: readonly Product[], query: CatalogQuery): Product[] {
	const index = indexOf(products);
	const words = normalizeText(query.search).split(' ').filter(Boolean);
	const category = query.category === null ? null : categoryKey(query.category);
	const result: Product[] = [];
	for (const entry of sortedBy(index, query.sort)) {
		if (query.lowStockOnly && !entry.low) continue;
		if (category !== null && entry.categoryKey !== category) continue;
		let matches = true;
		for (const word of words) {
			if (!entry.searchKey.includes(word)) {
				matches = false;
				break;
			}
		}
		if (matches) result.push(entry.product);
	}
	return result;
}

/**
 * The product whose barcode is exactly the code scanned (the sale picker adds it at once), or undefined.
 * Deleted and hidden products are the caller's to leave out.
 */
export function findByBarcode<P extends Pick<Product, 'barcode'>>(
	products: readonly P[],
	code: string
): P | undefined {
	const wanted = code.trim();
	return wanted ? products.find((product) => product.barcode === wanted) : undefined;
}

/** How many of the products are at or below their minimum stock. */
export function lowStockCount(products: readonly Product[]): number {
	return indexOf(products).lowStockCount;
}

/**
 * The categories to choose from: the seller's own plus the common ones, each once (compared without
 * case or accents, the seller's own spelling wins), in Indonesian alphabetical order.
 */
export function categoriesOf(products: readonly Product[]): string[] {
	const byKey = new Map<string, string>();
	for (const product of products) {
		const name = product.category?.trim();
		if (!name) continue;
		const key = categoryKey(name);
		if (key && !byKey.has(key)) byKey.set(key, name);
	}
	for (const name of COMMON_CATEGORIES) {
		const key = categoryKey(name);
		if (!byKey.has(key)) byKey.set(key, name);
	}
	return [...byKey.values()].sort((a, b) => collator.compare(a, b));
}

// Bulk price change

/** How the prices of several products change at once. */
export type PriceChange =
	/** Every selected product gets this price. */
	| { kind: 'set'; price: number }
	/** Up or down by a percentage of each product's own price (10 = 10 %). */
	| { kind: 'percent'; direction: 'up' | 'down'; percent: number }
	/** Up or down by the same number of rupiah. */
	| { kind: 'amount'; direction: 'up' | 'down'; amount: number };

export type PriceResult = { ok: true; price: number } | { ok: false; error: string };

/**
 * The new price of one product, rounded to whole rupiah (half up). A result below Rp0 or above the
 * largest price is refused with the i18n key of the reason, never clamped: the seller decides.
 */
export function applyPriceChange(oldPrice: number, change: PriceChange): PriceResult {
	let next: number;
	if (change.kind === 'set') next = change.price;
	else if (change.kind === 'percent') {
		const sign = change.direction === 'up' ? 1 : -1;
		// Multiply before dividing, so 10 % of 15.000 is exactly 1.500 and not 1.500,0000000002.
		next = Math.round((oldPrice * (100 + sign * change.percent)) / 100);
	} else next = oldPrice + (change.direction === 'up' ? change.amount : -change.amount);
	if (!Number.isFinite(next)) return { ok: false, error: 'err.price_whole' };
	next = Math.round(next);
	// Math.round(-0.4) is -0; a price is never "minus zero".
	if (Object.is(next, -0)) next = 0;
	if (next < 0) return { ok: false, error: 'err.price_negative' };
	if (next > MAX_PRICE) return { ok: false, error: 'err.price_too_high' };
	return { ok: true, price: next };
}

export interface PricePlanRow {
	product: Product;
	oldPrice: number;
	result: PriceResult;
}

/** The old → new price of every selected product, and whether all of them may be saved. */
export function planPriceChange(
	products: readonly Product[],
	change: PriceChange
): { rows: PricePlanRow[]; ok: boolean; changed: number } {
	let ok = true;
	let changed = 0;
	const rows = products.map((product) => {
		const result = applyPriceChange(product.price, change);
		if (!result.ok) ok = false;
		else if (result.price !== product.price) changed++;
		return { product, oldPrice: product.price, result };
	});
	return { rows, ok, changed };
}

/**
 * Reads a percentage as a person types it: `10`, `10%`, `2,5`, `2.5 %`. Returns `null` for anything
 * else, and for 0 (a change of nothing) or more than 1000.
 */
export function parsePercent(input: string): number | null {
	const text = input.trim().replace(/\s*%$/, '');
	if (!/^\d{1,4}(?:[.,]\d{1,2})?$/.test(text)) return null;
	const value = Number(text.replace(',', '.'));
	return value > 0 && value <= 1000 ? value : null;
}
