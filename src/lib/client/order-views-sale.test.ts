import type { Order } from '$lib/domain/order';
import { describe, expect, it } from 'vitest';
import {
	addProductLine,
	productsForPicker,
	removeLine,
	saleErrors,
	saleItems,
	setLineQty,
	settleSale,
	type SaleLine
} from './order-views';
import { order, product } from './order-views.fixtures';

describe('recording a sale', () => {
	const kopi = { id: 'p-kopi', name: 'Kopi sachet', unit: 'pcs', price: 1_500 };
	const gula = { id: 'p-gula', name: 'Gula 1 kg', unit: 'kg', price: 15_000 };

	it('adds products, counts a product tapped twice once with qty 2, sets and removes lines', () => {
		let lines: SaleLine[] = [];
		lines = addProductLine(lines, kopi);
		lines = addProductLine(lines, gula);
		lines = addProductLine(lines, kopi);
		expect(lines.map((l) => [l.name, l.qty])).toEqual([
			['Kopi sachet', 2],
			['Gula 1 kg', 1]
		]);
		lines = setLineQty(lines, 'p-gula', 3);
		expect(lines[1].qty).toBe(3);
		expect(setLineQty(lines, 'p-gula', 0)[1].qty).toBe(1);
		expect(setLineQty(lines, 'p-gula', 2.7)[1].qty).toBe(2);
		expect(setLineQty(lines, 'p-gula', NaN)[1].qty).toBe(1);
		lines = [
			...lines,
			{ key: 'free-1', productId: null, name: 'Ongkos kirim', unit: null, price: 5_000, qty: 1 }
		];
		expect(saleItems(lines)).toEqual([
			{ productId: 'p-kopi', qty: 2, price: 1_500 },
			{ productId: 'p-gula', qty: 3, price: 15_000 },
			{ name: 'Ongkos kirim', qty: 1, price: 5_000 }
		]);
		expect(removeLine(lines, 'p-kopi').map((l) => l.key)).toEqual(['p-gula', 'free-1']);
	});

	it.each<[string, Parameters<typeof settleSale>[0], ReturnType<typeof settleSale>]>([
		[
			'walk-in paid exactly: done',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'cash', amount: 15_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 15_000, method: 'cash' }, change: 0, owed: 0 }
		],
		[
			'walk-in pays with a bigger note: change back, only the total recorded',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'cash', amount: 20_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 15_000, method: 'cash' }, change: 5_000, owed: 0 }
		],
		[
			'walk-in pays part: done, the rest is bon',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'transfer', amount: 10_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 10_000, method: 'transfer' }, change: 0, owed: 5_000 }
		],
		[
			'walk-in bon',
			{ channel: 'walkin', total: 15_000, payment: { kind: 'bon' }, delivered: false },
			{ status: 'completed', payment: null, change: 0, owed: 15_000 }
		],
		[
			'pay now with nothing received is a bon',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'qris', amount: 0 },
				delivered: false
			},
			{ status: 'completed', payment: null, change: 0, owed: 15_000 }
		],
		[
			'WhatsApp paid but not delivered yet',
			{
				channel: 'whatsapp',
				total: 30_000,
				payment: { kind: 'now', method: 'qris', amount: 30_000 },
				delivered: false
			},
			{ status: 'new', payment: { amount: 30_000, method: 'qris' }, change: 0, owed: 0 }
		],
		[
			'WhatsApp delivered on bon',
			{ channel: 'whatsapp', total: 30_000, payment: { kind: 'bon' }, delivered: true },
			{ status: 'completed', payment: null, change: 0, owed: 30_000 }
		],
		[
			'a free sale is paid',
			{ channel: 'walkin', total: 0, payment: { kind: 'now', method: 'cash', amount: 0 }, delivered: false },
			{ status: 'completed', payment: null, change: 0, owed: 0 }
		]
	])('%s', (_name, sale, settlement) => {
		expect(settleSale(sale)).toEqual(settlement);
	});

	it('places the shared schema’s problems next to their fields', () => {
		const lines: SaleLine[] = [
			{ key: 'p-kopi', productId: 'p-kopi', name: 'Kopi', unit: 'pcs', price: 1_500, qty: 1 },
			{ key: 'free-1', productId: null, name: '', unit: null, price: 0, qty: 1 }
		];
		expect(
			saleErrors(
				[
					{ path: ['buyer', 'name'], message: 'err.person_name_required' },
					{ path: ['buyer', 'phone'], message: 'err.phone_invalid' },
					{ path: ['items', 1, 'name'], message: 'err.name_required' },
					{ path: ['items', 1, 'price'], message: 'err.price_whole' },
					{ path: ['items'], message: 'err.item_name_required' },
					{ path: ['payment', 'amount'], message: 'err.payment_amount' },
					{ path: ['note'], message: 'err.text_too_long' },
					{ path: [], message: 'err.invalid' }
				],
				lines
			)
		).toEqual({
			'buyer.name': 'err.person_name_required',
			'buyer.phone': 'err.phone_invalid',
			'items.free-1': 'err.name_required',
			items: 'err.item_name_required',
			payment: 'err.payment_amount',
			note: 'err.text_too_long',
			'': 'err.invalid'
		});
	});
});

describe('products to tap', () => {
	const products = [
		product({ id: 'a', name: 'Air mineral' }),
		product({ id: 'b', name: 'Beras 5 kg' }),
		product({ id: 'g', name: 'Gula pasir' }),
		product({ id: 'k', name: 'Kopi sachet' })
	];
	const sold = (ids: string[]) =>
		order({ items: ids.map((productId) => ({ productId, name: '', unit: 'pcs', price: 1, qty: 5 })) });

	it.each([
		['', [], 3, ['a', 'b', 'g']],
		['', [sold(['k']), sold(['k', 'g'])], 3, ['k', 'g', 'a']],
		['kopi', [sold(['g'])], 8, ['k']],
		['a', [], 2, ['a', 'b']],
		['teh', [], 8, []],
		// The search keeps the best sellers first among its matches.
		['a', [sold(['g'])], 8, ['g', 'a', 'b', 'k']],
		['', [sold(['k']), sold(['b', 'k'])], Infinity, ['k', 'b', 'a', 'g']]
	])('search "%s" after %j orders, %d shown', (search, orders, limit, ids) => {
		expect(productsForPicker(products, orders as Order[], search, limit).map((p) => p.id)).toEqual(ids);
	});

	it('offers the whole catalog, however big, best sellers first and then by name', () => {
		const many = Array.from({ length: 600 }, (_, index) =>
			product({ id: `p${index}`, name: `Barang ${String(index).padStart(3, '0')}` })
		);
		const picked = productsForPicker(many, [sold(['p599']), sold(['p599', 'p300'])] as Order[], '');
		expect(picked).toHaveLength(600);
		expect(picked.slice(0, 4).map((p) => p.id)).toEqual(['p599', 'p300', 'p0', 'p1']);
		expect(productsForPicker(many, [], 'barang 42').map((p) => p.id)).toEqual([
			'p42',
			'p142',
			'p242',
			'p342',
			'p420',
			'p421',
			'p422',
			'p423',
			'p424',
			'p425',
			'p426',
			'p427',
			'p428',
			'p429',
			'p442',
			'p542'
		]);
	});
});
