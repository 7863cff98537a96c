import type { Product } from '$lib/domain/product';
import { describe, expect, it } from 'vitest';
import {
	applyPriceChange,
	categoriesOf,
	DEFAULT_QUERY,
	isFiltered,
	isLowStock,
	lowStockCount,
	normalizeText,
	parsePercent,
	planPriceChange,
	queryCatalog,
	type CatalogQuery,
	type PriceChange
} from './catalog-query';

let nextId = 0;
function product(fields: Partial<Product> & { name: string }): Product {
	nextId++;
	return {
		id: `00000000-0000-7000-8000-${String(nextId).padStart(12, '0')}`,
		spaceId: 'space-1',
		price: 1000,
		unit: 'pcs',
		stock: 10,
		minStock: null,
		category: null,
		sku: null,
		description: null,
		weightGrams: null,
		photos: [],
		active: true,
		version: 1,
		createdAt: '2025-01-01T00:00:00.000Z',
		updatedAt: '2025-01-01T00:00:00.000Z',
		...fields
	};
}

const catalog: Product[] = [
	product({
		name: 'Kopi Sachet Kapal Api',
		price: 1500,
		stock: 40,
		minStock: 10,
		category: 'Minuman',
		sku: 'KA-001',
		updatedAt: '2025-01-03T00:00:00.000Z'
	}),
	product({
		name: 'Gula Pasir 1 kg',
		price: 15000,
		stock: 2,
		minStock: 5,
		category: 'Sembako',
		updatedAt: '2025-01-05T00:00:00.000Z'
	}),
	product({ name: 'Beras Pandan Wangi 5 kg', price: 72000, stock: 5, minStock: 5, category: 'sembako' }),
	product({ name: 'Crème Kue Lapis', price: 25000, stock: 0, category: 'Makanan' }),
	product({
		name: 'kopi tubruk',
		price: 8000,
		stock: 12,
		category: null,
		updatedAt: '2025-01-04T00:00:00.000Z'
	}),
	product({ name: 'Tas Anyaman Pandan', price: 85000, stock: 3, category: 'Kerajinan', sku: '8991234567' }),
	product({ name: 'Es Teh Manis', price: 3000, stock: 100, minStock: 0, category: '  ' })
];

const names = (products: Product[]) => products.map((p) => p.name);
const query = (fields: Partial<CatalogQuery>): CatalogQuery => ({ ...DEFAULT_QUERY, ...fields });

describe('normalizeText', () => {
	it.each([
		['Kopi  Sachet', 'kopi sachet'],
		['Crème Brûlée', 'creme brulee'],
		['  (Kapal-Api)  ', 'kapal api'],
		['KA-001', 'ka 001'],
		['', '']
	])('%j → %j', (input, expected) => {
		expect(normalizeText(input)).toBe(expected);
	});
});

describe('queryCatalog: search', () => {
	it.each([
		['', 7],
		['kopi', 2],
		['KOPI', 2],
		['kopi sach', 1],
		['sach kopi', 1],
		['kopi  sach  api', 1],
		['kopi teh', 0],
		['creme', 1],
		['crème', 1],
		['pandan', 2],
		['ka-001', 1],
		['001', 1],
		['89912', 1],
		['gula 1kg', 0],
		['gula 1 kg', 1],
		['tidak ada', 0],
		['   ', 7]
	])('%j finds %i products', (search, count) => {
		expect(queryCatalog(catalog, query({ search }))).toHaveLength(count);
	});

	it('finds "Kopi Sachet Kapal Api" from "kopi sach"', () => {
		expect(names(queryCatalog(catalog, query({ search: 'kopi sach' })))).toEqual(['Kopi Sachet Kapal Api']);
	});
});

describe('queryCatalog: category and low stock', () => {
	it.each<[string | null, string[]]>([
		[null, names(queryCatalog(catalog, DEFAULT_QUERY))],
		['Sembako', ['Beras Pandan Wangi 5 kg', 'Gula Pasir 1 kg']],
		['sembako', ['Beras Pandan Wangi 5 kg', 'Gula Pasir 1 kg']],
		['Minuman', ['Kopi Sachet Kapal Api']],
		['', ['Es Teh Manis', 'kopi tubruk']],
		['Jasa', []]
	])('category %j', (category, expected) => {
		expect(names(queryCatalog(catalog, query({ category })))).toEqual(expected);
	});

	it.each([
		[{ stock: 2, minStock: 5 }, true],
		[{ stock: 5, minStock: 5 }, true],
		[{ stock: 6, minStock: 5 }, false],
		[{ stock: 0, minStock: 0 }, true],
		[{ stock: -1, minStock: 0 }, true],
		[{ stock: 0, minStock: null }, false]
	])('isLowStock(%j) is %s', (fields, expected) => {
		expect(isLowStock(fields)).toBe(expected);
	});

	it('keeps only low-stock products, combined with search and category', () => {
		expect(names(queryCatalog(catalog, query({ lowStockOnly: true })))).toEqual([
			'Beras Pandan Wangi 5 kg',
			'Gula Pasir 1 kg'
		]);
		expect(names(queryCatalog(catalog, query({ lowStockOnly: true, search: 'gula' })))).toEqual([
			'Gula Pasir 1 kg'
		]);
		expect(queryCatalog(catalog, query({ lowStockOnly: true, category: 'Minuman' }))).toEqual([]);
		expect(lowStockCount(catalog)).toBe(2);
	});
});

describe('queryCatalog: sort', () => {
	it.each<[CatalogQuery['sort'], string[]]>([
		[
			'name',
			[
				'Beras Pandan Wangi 5 kg',
				'Crème Kue Lapis',
				'Es Teh Manis',
				'Gula Pasir 1 kg',
				'Kopi Sachet Kapal Api',
				'kopi tubruk',
				'Tas Anyaman Pandan'
			]
		],
		[
			'price_asc',
			[
				'Kopi Sachet Kapal Api',
				'Es Teh Manis',
				'kopi tubruk',
				'Gula Pasir 1 kg',
				'Crème Kue Lapis',
				'Beras Pandan Wangi 5 kg',
				'Tas Anyaman Pandan'
			]
		],
		[
			'price_desc',
			[
				'Tas Anyaman Pandan',
				'Beras Pandan Wangi 5 kg',
				'Crème Kue Lapis',
				'Gula Pasir 1 kg',
				'kopi tubruk',
				'Es Teh Manis',
				'Kopi Sachet Kapal Api'
			]
		],
		[
			'stock_asc',
			[
				'Crème Kue Lapis',
				'Gula Pasir 1 kg',
				'Tas Anyaman Pandan',
				'Beras Pandan Wangi 5 kg',
				'kopi tubruk',
				'Kopi Sachet Kapal Api',
				'Es Teh Manis'
			]
		],
		[
			// Most recently changed first; equal times keep the name order.
			'recent',
			[
				'Gula Pasir 1 kg',
				'kopi tubruk',
				'Kopi Sachet Kapal Api',
				'Beras Pandan Wangi 5 kg',
				'Crème Kue Lapis',
				'Es Teh Manis',
				'Tas Anyaman Pandan'
			]
		]
	])('by %s', (sort, expected) => {
		expect(names(queryCatalog(catalog, query({ sort })))).toEqual(expected);
	});

	it('sorts names the Indonesian way: numbers by value, case and accents ignored', () => {
		const items = ['Telur 10 butir', 'telur 2 butir', 'Éclair', 'Apel', 'ember'].map((name) =>
			product({ name })
		);
		expect(names(queryCatalog(items, DEFAULT_QUERY))).toEqual([
			'Apel',
			'Éclair',
			'ember',
			'telur 2 butir',
			'Telur 10 butir'
		]);
	});

	it('sorts a search result too', () => {
		expect(names(queryCatalog(catalog, query({ search: 'kopi', sort: 'price_desc' })))).toEqual([
			'kopi tubruk',
			'Kopi Sachet Kapal Api'
		]);
	});

	it('reads the same array again after it changed identity (a new live query result)', () => {
		const first = [product({ name: 'Sabun' })];
		expect(names(queryCatalog(first, DEFAULT_QUERY))).toEqual(['Sabun']);
		const second = [...first, product({ name: 'Sampo' })];
		expect(names(queryCatalog(second, query({ search: 'sa' })))).toEqual(['Sabun', 'Sampo']);
	});
});

describe('isFiltered', () => {
	it.each<[Partial<CatalogQuery>, boolean]>([
		[{}, false],
		[{ search: '  ' }, false],
		[{ sort: 'price_desc' }, false],
		[{ search: 'kopi' }, true],
		[{ category: '' }, true],
		[{ category: 'Minuman' }, true],
		[{ lowStockOnly: true }, true]
	])('%j → %s', (fields, expected) => {
		expect(isFiltered(query(fields))).toBe(expected);
	});
});

describe('categoriesOf', () => {
	it("merges the seller's own categories with the common ones, once each, sorted", () => {
		expect(categoriesOf(catalog)).toEqual([
			'Jasa',
			'Kerajinan',
			'Lainnya',
			'Makanan',
			'Minuman',
			'Pakaian',
			'Sembako'
		]);
		const own = [
			product({ name: 'a', category: 'Oleh-oleh' }),
			product({ name: 'b', category: 'minuman' }),
			product({ name: 'c', category: 'Alat Tulis' }),
			product({ name: 'd', category: 'Oleh-oleh' })
		];
		expect(categoriesOf(own)).toEqual([
			'Alat Tulis',
			'Jasa',
			'Kerajinan',
			'Lainnya',
			'Makanan',
			'minuman',
			'Oleh-oleh',
			'Pakaian',
			'Sembako'
		]);
	});

	it('gives the common categories for an empty catalog', () => {
		expect(categoriesOf([])).toHaveLength(7);
	});
});

describe('applyPriceChange', () => {
	it.each<[number, PriceChange, number | string]>([
		[15000, { kind: 'set', price: 17000 }, 17000],
		[15000, { kind: 'set', price: 0 }, 0],
		[15000, { kind: 'set', price: -1 }, 'err.price_negative'],
		[15000, { kind: 'set', price: 2_000_000_000_000 }, 'err.price_too_high'],
		[15000, { kind: 'percent', direction: 'up', percent: 10 }, 16500],
		[15000, { kind: 'percent', direction: 'down', percent: 10 }, 13500],
		[15000, { kind: 'percent', direction: 'down', percent: 100 }, 0],
		[15000, { kind: 'percent', direction: 'down', percent: 101 }, 'err.price_negative'],
		[1005, { kind: 'percent', direction: 'up', percent: 10 }, 1106], // 1105.5 rounds half up
		[1005, { kind: 'percent', direction: 'down', percent: 10 }, 905], // 904.5 rounds half up
		[999, { kind: 'percent', direction: 'up', percent: 2.5 }, 1024], // 1023.975
		[1, { kind: 'percent', direction: 'down', percent: 60 }, 0], // 0.4 rounds down to 0
		[3, { kind: 'percent', direction: 'up', percent: 33.33 }, 4],
		[0, { kind: 'percent', direction: 'up', percent: 50 }, 0],
		[15000, { kind: 'amount', direction: 'up', amount: 500 }, 15500],
		[15000, { kind: 'amount', direction: 'down', amount: 500 }, 14500],
		[15000, { kind: 'amount', direction: 'down', amount: 15000 }, 0],
		[15000, { kind: 'amount', direction: 'down', amount: 15001 }, 'err.price_negative'],
		[999_999_999_999, { kind: 'amount', direction: 'up', amount: 2 }, 'err.price_too_high'],
		[15000, { kind: 'set', price: Number.NaN }, 'err.price_whole']
	])('%i with %j → %j', (oldPrice, change, expected) => {
		const result = applyPriceChange(oldPrice, change);
		if (typeof expected === 'number') expect(result).toEqual({ ok: true, price: expected });
		else expect(result).toEqual({ ok: false, error: expected });
		if (result.ok) {
			expect(Number.isInteger(result.price)).toBe(true);
			expect(Object.is(result.price, -0)).toBe(false);
		}
	});
});

describe('planPriceChange', () => {
	const items = [
		product({ name: 'A', price: 1000 }),
		product({ name: 'B', price: 500 }),
		product({ name: 'C', price: 2000 })
	];

	it.each<[PriceChange, boolean, number, (number | null)[]]>([
		[{ kind: 'amount', direction: 'up', amount: 100 }, true, 3, [1100, 600, 2100]],
		[{ kind: 'amount', direction: 'down', amount: 600 }, false, 2, [400, null, 1400]],
		[{ kind: 'set', price: 1000 }, true, 2, [1000, 1000, 1000]],
		[{ kind: 'percent', direction: 'up', percent: 50 }, true, 3, [1500, 750, 3000]]
	])('%j: ok %s, %i changed', (change, ok, changed, prices) => {
		const plan = planPriceChange(items, change);
		expect(plan.ok).toBe(ok);
		expect(plan.changed).toBe(changed);
		expect(plan.rows.map((row) => row.oldPrice)).toEqual([1000, 500, 2000]);
		expect(plan.rows.map((row) => (row.result.ok ? row.result.price : null))).toEqual(prices);
	});
});

describe('parsePercent', () => {
	it.each<[string, number | null]>([
		['10', 10],
		['10%', 10],
		[' 10 % ', 10],
		['2,5', 2.5],
		['2.5', 2.5],
		['100', 100],
		['1000', 1000],
		['1001', null],
		['0', null],
		['', null],
		['-5', null],
		['abc', null],
		['1,234', null],
		['10.5.1', null]
	])('%j → %j', (input, expected) => {
		expect(parsePercent(input)).toBe(expected);
	});
});

describe('speed with 5,000 products', () => {
	const words = ['Kopi', 'Gula', 'Teh', 'Beras', 'Minyak', 'Sabun', 'Mie', 'Susu', 'Roti', 'Telur'];
	const many = Array.from({ length: 5000 }, (_, i) =>
		product({
			name: `${words[i % words.length]} ${['Sachet', 'Botol', 'Kemasan', 'Curah'][i % 4]} Merek ${i}`,
			price: 500 + ((i * 7919) % 100_000),
			stock: i % 50,
			minStock: i % 3 === 0 ? 10 : null,
			category: ['Makanan', 'Minuman', 'Sembako', null][i % 4],
			sku: i % 2 ? `SKU-${i}` : null,
			updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()
		})
	);

	it('filters and sorts in well under 10 ms once the list is indexed', () => {
		queryCatalog(many, DEFAULT_QUERY); // builds the index, as the first render does
		for (const sort of ['price_asc', 'price_desc', 'stock_asc', 'recent'] as const) {
			queryCatalog(many, query({ sort }));
		}
		const searches = ['k', 'ko', 'kop', 'kopi', 'kopi s', 'kopi sa', 'kopi sach', 'merek 12'];
		const times: number[] = [];
		for (const search of searches) {
			for (const sort of ['name', 'price_desc', 'recent'] as const) {
				const start = performance.now();
				queryCatalog(many, query({ search, sort, category: 'Minuman' }));
				queryCatalog(many, query({ search, sort }));
				times.push((performance.now() - start) / 2);
			}
		}
		times.sort((a, b) => a - b);
		const median = times[Math.floor(times.length / 2)];
		expect(median).toBeLessThan(10);
		expect(queryCatalog(many, query({ search: 'kopi sach' }))).toHaveLength(250);
	});
});
