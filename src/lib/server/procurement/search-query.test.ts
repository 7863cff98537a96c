import { describe, expect, it } from 'vitest';
import { ftsMatch, parseCatalogQuery, priceParam, searchTerms, tsQuery, PAGE_SIZE } from './search-query';

const parse = (fields: Record<string, string>) => parseCatalogQuery(new URLSearchParams(fields));

describe('searchTerms', () => {
	it.each([
		['Keripik  singkong-balado!', ['keripik', 'singkong', 'balado']],
		['  ', []],
		['"kopi" OR * NEAR(', ['kopi', 'or', 'near']],
		['Gula 1kg', ['gula', '1kg']],
		['ＫＯＰＩ', ['kopi']],
		['a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
		['x'.repeat(60), ['x'.repeat(40)]]
	])('%j → %j', (words, terms) => {
		expect(searchTerms(words)).toEqual(terms);
	});
});

describe('priceParam', () => {
	it.each([
		['15000', 15_000],
		['15.000', 15_000],
		['Rp15.000', 15_000],
		['rp 1.000.000', 1_000_000],
		['', null],
		['-5', null],
		['12,5', null],
		['dua ribu', null],
		['99999999999999', null]
	])('%j → %j', (value, price) => {
		expect(priceParam(value)).toBe(price);
	});
});

describe('parseCatalogQuery', () => {
	it('reads an empty form as the whole catalog, newest first, page 1', () => {
		expect(parse({})).toEqual({
			terms: [],
			prefix: false,
			category: null,
			provinceCode: null,
			regencyCode: null,
			priceMin: null,
			priceMax: null,
			sort: 'relevance',
			near: null,
			limit: PAGE_SIZE,
			offset: 0
		});
	});

	it.each([
		[{ q: 'keripik sing' }, { terms: ['keripik', 'sing'], prefix: true }],
		[{ q: 'kopi k' }, { terms: ['kopi', 'k'], prefix: false }],
		[{ kategori: ' Makanan ' }, { category: 'makanan' }],
		[
			{ provinsi: '34', kabupaten: '34.04' },
			{ provinceCode: '34', regencyCode: '34.04' }
		],
		// a regency outside the province is dropped; a regency alone brings its province
		[
			{ provinsi: '32', kabupaten: '34.04' },
			{ provinceCode: '32', regencyCode: null }
		],
		[{ kabupaten: '34.04' }, { provinceCode: '34', regencyCode: '34.04' }],
		[
			{ provinsi: 'Jawa', kabupaten: '34' },
			{ provinceCode: null, regencyCode: null }
		],
		[
			{ harga_min: '50.000', harga_max: '10.000' },
			{ priceMin: 10_000, priceMax: 50_000 }
		],
		[{ harga_min: 'murah' }, { priceMin: null }],
		[{ urut: 'price_desc' }, { sort: 'price_desc' }],
		[{ urut: 'drop table' }, { sort: 'relevance' }],
		// nearest needs a region: the buyer's, else the one filtered on
		[{ urut: 'nearest' }, { sort: 'relevance', near: null }],
		[
			{ urut: 'nearest', dekat: '34.71' },
			{ sort: 'nearest', near: { provinceCode: '34', regencyCode: '34.71' } }
		],
		[
			{ urut: 'nearest', dekat: '34' },
			{ sort: 'nearest', near: { provinceCode: '34', regencyCode: null } }
		],
		[
			{ urut: 'nearest', provinsi: '32' },
			{ sort: 'nearest', near: { provinceCode: '32', regencyCode: null } }
		],
		[{ halaman: '3' }, { offset: 2 * PAGE_SIZE }],
		[{ halaman: '-1' }, { offset: 0 }],
		[{ halaman: '99999' }, { offset: 2_400 }]
	])('%j', (fields, expected) => {
		expect(parse(fields)).toMatchObject(expected);
	});
});

describe('text index queries', () => {
	it.each([
		[{ terms: ['keripik', 'sing'], prefix: true }, '"keripik" "sing"*', 'keripik & sing:*'],
		[{ terms: ['kopi', 'k'], prefix: false }, '"kopi" "k"', 'kopi & k'],
		[{ terms: ['gula'], prefix: true }, '"gula"*', 'gula:*']
	])('%j', (query, fts, ts) => {
		expect(ftsMatch(query)).toBe(fts);
		expect(tsQuery(query)).toBe(ts);
	});
});
