import { describe, expect, it } from 'vitest';
import type { Product } from '$lib/domain/product';
import { DEFAULT_QUERY, findByBarcode, queryCatalog } from './catalog-query';

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

const kopi = product({ name: 'Kopi Kapal Api', barcode: '8992761111113' });
const teh = product({ name: 'Teh Pucuk', barcode: '8996001600146' });
const gula = product({ name: 'Gula 1 kg', sku: 'GL-1' });
// A product stored before barcodes were kept has no such field at all.
const { barcode: _, ...beras } = product({ name: 'Beras 5 kg' });
const catalog = [kopi, teh, gula, beras as Product];

describe('the catalog search finds a product by its barcode', () => {
	it('finds the product whose barcode was scanned (or typed)', () => {
		expect(queryCatalog(catalog, { ...DEFAULT_QUERY, search: '8992761111113' })).toEqual([kopi]);
		expect(queryCatalog(catalog, { ...DEFAULT_QUERY, search: ' 8996001600146 ' })).toEqual([teh]);
	});

	it('still finds by name and SKU, and finds nothing for a barcode no product has', () => {
		expect(queryCatalog(catalog, { ...DEFAULT_QUERY, search: 'gl-1' })).toEqual([gula]);
		expect(queryCatalog(catalog, { ...DEFAULT_QUERY, search: 'beras' })).toEqual([beras]);
		expect(queryCatalog(catalog, { ...DEFAULT_QUERY, search: '4006381333931' })).toEqual([]);
	});
});

describe('findByBarcode (the sale picker adds what is scanned)', () => {
	it.each([
		['8992761111113', 'Kopi Kapal Api'],
		[' 8996001600146\n', 'Teh Pucuk'],
		['899276111111', undefined], // a prefix is not the code
		['', undefined]
	])('%j → %s', (code, name) => {
		expect(findByBarcode(catalog, code)?.name).toBe(name);
	});
});
