import { describe, expect, it } from 'vitest';
import { applyProductPut, productPutArgs, stockAdjustArgs, type Product } from './product';

const id = '0192f0c4-1a2b-7c3d-8e4f-000000000001';

describe('product.put arguments', () => {
	it.each([
		[{ id, name: 'Kopi sachet', price: 1500, unit: 'pcs' }, null],
		[{ id, name: '  Gula  ', price: 0, unit: 'kg', stock: 10 }, null],
		[{ id, price: 2000 }, null],
		[{ id, name: '', price: 1500, unit: 'pcs' }, 'err.name_required'],
		[{ id, name: '   ', price: 1500, unit: 'pcs' }, 'err.name_required'],
		[{ id, name: 'x'.repeat(121), price: 1, unit: 'pcs' }, 'err.name_too_long'],
		[{ id, name: 'Teh', price: -1, unit: 'pcs' }, 'err.price_negative'],
		[{ id, name: 'Teh', price: 1.5, unit: 'pcs' }, 'err.price_whole'],
		[{ id, name: 'Teh', price: '1500', unit: 'pcs' }, 'err.price_whole'],
		[{ id, name: 'Teh', price: 1500, unit: '' }, 'err.unit_required'],
		[{ id, name: 'Teh', price: 1500, unit: 'x'.repeat(31) }, 'err.unit_too_long'],
		[{ id, name: 'Teh', price: 1500, unit: 'pcs', stock: 2.5 }, 'err.stock_whole'],
		[{ id: 'not-a-uuid', name: 'Teh', price: 1500, unit: 'pcs' }, 'err.id_invalid'],
		[{ id, weightGrams: 250 }, null],
		[{ id, weightGrams: null }, null],
		[{ id, weightGrams: 0 }, 'err.weight_whole'],
		[{ id, weightGrams: 12.5 }, 'err.weight_whole'],
		[{ id, weightGrams: 1_000_001 }, 'err.weight_too_big'],
		[{ id, minStock: 0 }, null],
		[{ id, minStock: -1 }, 'err.min_stock_negative'],
		[{ id, sku: '899-1234/A.1' }, null],
		[{ id, sku: 'ABC<script>' }, 'err.sku_invalid'],
		[{ id, category: 'x'.repeat(41) }, 'err.category_too_long'],
		[{ id, photos: ['a'.repeat(64)] }, null],
		[{ id, photos: Array.from({ length: 5 }, (_, i) => String(i).repeat(64)) }, null],
		[{ id, photos: Array.from({ length: 6 }, (_, i) => String(i).repeat(64)) }, 'err.too_many_photos'],
		[{ id, photos: ['not-a-hash'] }, 'err.photo_invalid'],
		[{ id, photos: ['A'.repeat(64)] }, 'err.photo_invalid']
	])('%o → %s', (args, expectedError) => {
		const result = productPutArgs.safeParse(args);
		if (expectedError === null) expect(result.success).toBe(true);
		else expect(result.error?.issues[0]?.message).toBe(expectedError);
	});

	it('trims names and units', () => {
		expect(productPutArgs.parse({ id, name: '  Gula  ', unit: ' kg ' })).toMatchObject({
			name: 'Gula',
			unit: 'kg'
		});
	});
});

describe('stock.adjust arguments', () => {
	it.each([
		[{ productId: id, delta: 5, reason: 'restock' }, true],
		[{ productId: id, delta: -3, reason: 'sale' }, true],
		[{ productId: id, delta: 0.5, reason: 'sale' }, false],
		[{ productId: id, delta: 1, reason: 'stolen' }, false]
	])('%o valid: %s', (args, valid) => {
		expect(stockAdjustArgs.safeParse(args).success).toBe(valid);
	});
});

describe('applyProductPut', () => {
	const base = { spaceId: 's1', version: 3, updatedAt: '2026-11-28T00:00:00.000Z' };

	it('creates with defaults and refuses a create without name, price or unit', () => {
		const created = applyProductPut(
			undefined,
			{ id, name: 'Teh', price: 3000, unit: 'gelas' },
			base
		) as Product;
		expect(created).toMatchObject({ stock: 0, active: true, category: null, version: 3 });
		expect(applyProductPut(undefined, { id, price: 3000, unit: 'pcs' }, base)).toEqual({
			error: 'err.name_required'
		});
		expect(applyProductPut(undefined, { id, name: 'Teh', unit: 'pcs' }, base)).toEqual({
			error: 'err.price_required'
		});
	});

	it('stores emptied texts as null, the same on every device', () => {
		const existing = applyProductPut(
			undefined,
			{ id, name: 'Teh', price: 3000, unit: 'gelas', category: 'Minuman', sku: 'T-1' },
			base
		) as Product;
		const patched = applyProductPut(existing, { id, category: '', sku: '' }, base) as Product;
		expect(patched).toMatchObject({ category: null, sku: null, photos: [], weightGrams: null });
	});

	it('patches only the fields given and leaves stock to stock.adjust', () => {
		const existing = applyProductPut(
			undefined,
			{ id, name: 'Teh', price: 3000, unit: 'gelas', stock: 7 },
			base
		) as Product;
		const patched = applyProductPut(
			existing,
			{ id, price: 3500, stock: 100 },
			{ ...base, version: 4 }
		) as Product;
		expect(patched).toMatchObject({ name: 'Teh', price: 3500, unit: 'gelas', stock: 7, version: 4 });
	});
});
