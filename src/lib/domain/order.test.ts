import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	amountOwed,
	canTransition,
	createOrder,
	deviceCode,
	DEVICE_CODE_ALPHABET,
	ORDER_STATUSES,
	orderCreateArgs,
	orderNumber,
	orderTotal,
	paymentStatus,
	payOrder,
	stockEffectsOfCreate,
	STOREFRONT_PREFIX,
	transitionOrder,
	checkoutForm,
	type Order,
	type OrderStatus
} from './order';

const allowed: [OrderStatus, OrderStatus][] = [
	['new', 'accepted'],
	['new', 'cancelled'],
	['accepted', 'shipped'],
	['accepted', 'cancelled'],
	['shipped', 'completed']
];
const allPairs = ORDER_STATUSES.flatMap((from) =>
	ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus])
);

describe('order status transitions', () => {
	it.each(allPairs)('%s → %s', (from, to) => {
		const expected = allowed.some(([a, b]) => a === from && b === to);
		expect(canTransition(from, to)).toBe(expected);
	});
});

describe('payment status', () => {
	it.each([
		[50_000, 0, 'unpaid'],
		[50_000, 20_000, 'partial'],
		[50_000, 49_999, 'partial'],
		[50_000, 50_000, 'paid'],
		[50_000, 60_000, 'paid'],
		[0, 0, 'paid']
	])('total %d, paid %d → %s', (total, paid, expected) => {
		expect(paymentStatus(total, paid)).toBe(expected);
	});

	it.each([
		[{ total: 50_000, paid: 20_000, status: 'new' as const }, 30_000],
		[{ total: 50_000, paid: 60_000, status: 'completed' as const }, 0],
		[{ total: 50_000, paid: 0, status: 'cancelled' as const }, 0]
	])('%o owes %d', (order, owed) => {
		expect(amountOwed(order)).toBe(owed);
	});
});

describe('order totals', () => {
	it.each([
		[[], 0],
		[[{ price: 2500, qty: 4 }], 10_000],
		[
			[
				{ price: 2500, qty: 4 },
				{ price: 15_000, qty: 1 },
				{ price: 0, qty: 3 },
				{ price: 1_250, qty: 12 }
			],
			40_000
		]
	])('%o → %d', (items, total) => {
		expect(orderTotal(items)).toBe(total);
	});

	it('adds up a hundred items exactly', () => {
		const items = Array.from({ length: 100 }, (_, i) => ({ price: 1000 + i, qty: i + 1 }));
		expect(orderTotal(items)).toBe(items.reduce((sum, item) => sum + item.price * item.qty, 0));
	});
});

describe('order numbers', () => {
	it('gives every device a code of at least two readable characters', () => {
		expect(deviceCode(1)).toHaveLength(2);
		expect(deviceCode(1)).not.toBe(STOREFRONT_PREFIX);
		expect(orderNumber(deviceCode(1), 12)).toMatch(/^[2-9A-Z]{2}-12$/);
	});

	it('never gives two devices the same code', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10_000_000 }),
				fc.integer({ min: 1, max: 10_000_000 }),
				(a, b) => {
					fc.pre(a !== b);
					return deviceCode(a) !== deviceCode(b);
				}
			)
		);
	});

	it('never makes the same order number on two phones working offline', () => {
		// Two phones (any two device sequence numbers), each numbering its own orders 1, 2, 3 …
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 50 }),
				fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 50 }),
				(phoneA, phoneB, countsA, countsB) => {
					fc.pre(phoneA !== phoneB);
					const numbersA = new Set(countsA.map((n) => orderNumber(deviceCode(phoneA), n)));
					const numbersB = countsB.map((n) => orderNumber(deviceCode(phoneB), n));
					const storefront = countsB.map((n) => orderNumber(STOREFRONT_PREFIX, n));
					return [...numbersB, ...storefront].every((number) => !numbersA.has(number));
				}
			)
		);
	});

	it('uses only unambiguous characters', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100_000_000 }), (n) =>
				[...deviceCode(n)].every((char) => DEVICE_CODE_ALPHABET.includes(char))
			)
		);
		expect(DEVICE_CODE_ALPHABET).not.toMatch(/[01OIL]/);
	});
});

const SPACE = '0192f0c4-0000-7000-8000-00000000aaaa';
const P1 = '0192f0c4-0000-7000-8000-000000000001';
const P2 = '0192f0c4-0000-7000-8000-000000000002';
const catalog = new Map([
	[P1, { id: P1, name: 'Kopi sachet', unit: 'pcs' }],
	[P2, { id: P2, name: 'Gula 1 kg', unit: 'kg' }]
]);
const sari = { id: 'user-1', name: 'Sari' };
const meta = { spaceId: SPACE, by: sari, at: '2026-11-28T03:00:00.000Z', version: 1 };

function newOrder(overrides: Record<string, unknown> = {}): Order {
	const args = orderCreateArgs.parse({
		id: '0192f0c4-0000-7000-8000-0000000000f1',
		number: 'KP-1',
		items: [
			{ productId: P1, qty: 3, price: 2000 },
			{ productId: P2, qty: 1, price: 15_000 },
			{ productId: P1, qty: 2, price: 2000 },
			{ name: 'Ongkos antar', qty: 1, price: 5000 }
		],
		buyer: { name: 'Bu Rina', phone: '0812-1111-2222' },
		...overrides
	});
	const order = createOrder(args, catalog, meta);
	if ('error' in order) throw new Error(order.error);
	return order;
}

describe('createOrder', () => {
	it('computes the total itself and takes names from the catalog', () => {
		const order = newOrder();
		expect(order.total).toBe(6000 + 15_000 + 4000 + 5000);
		expect(order.items[0]).toMatchObject({ name: 'Kopi sachet', unit: 'pcs' });
		expect(order.items[3]).toMatchObject({ productId: null, name: 'Ongkos antar' });
		expect(order.buyer.phone).toBe('+6281211112222');
		expect(order).toMatchObject({ status: 'new', paymentStatus: 'unpaid', paid: 0 });
		expect(stockEffectsOfCreate(order)).toEqual([
			{ productId: P1, delta: -5 },
			{ productId: P2, delta: -1 }
		]);
	});

	it('keeps the cost price each product had when sold, and none where it has none', () => {
		const costed = new Map([
			[P1, { id: P1, name: 'Kopi sachet', unit: 'pcs', costPrice: 1200 }],
			[P2, { id: P2, name: 'Gula 1 kg', unit: 'kg', costPrice: null }]
		]);
		const args = orderCreateArgs.parse({
			id: '0192f0c4-0000-7000-8000-0000000000f3',
			number: 'KP-3',
			items: [
				{ productId: P1, qty: 3, price: 2000 },
				{ productId: P2, qty: 1, price: 15_000 },
				{ name: 'Ongkos antar', qty: 1, price: 5000 }
			],
			buyer: { name: 'Pembeli' }
		});
		const order = createOrder(args, costed, meta);
		if ('error' in order) throw new Error(order.error);
		expect(order.items.map((item) => item.costPrice)).toEqual([1200, undefined, undefined]);
		expect(order.items[1]).not.toHaveProperty('costPrice');
	});

	it('refuses an item whose product is not in the catalog', () => {
		const args = orderCreateArgs.parse({
			id: '0192f0c4-0000-7000-8000-0000000000f2',
			number: 'KP-2',
			items: [{ productId: '0192f0c4-0000-7000-8000-0000000000ff', qty: 1, price: 1 }],
			buyer: { name: 'Pembeli' }
		});
		expect(createOrder(args, catalog, meta)).toEqual({ error: 'err.product_missing' });
	});

	it('records a payment made at once', () => {
		const order = newOrder({
			status: 'completed',
			payment: { id: '0192f0c4-0000-7000-8000-0000000000a1', amount: 30_000, method: 'cash' }
		});
		expect(order).toMatchObject({ status: 'completed', paid: 30_000, paymentStatus: 'paid' });
		expect(order.history.map((event) => event.type)).toEqual(['created', 'payment']);
	});

	it.each([
		[{ items: [] }, 'err.order_empty'],
		[{ items: [{ qty: 1, price: 1000 }] }, 'err.item_name_required'],
		[{ items: [{ productId: P1, qty: 0, price: 1000 }] }, 'err.qty_whole'],
		[{ items: [{ productId: P1, qty: 1, price: -1 }] }, 'err.price_negative'],
		[{ number: 'kp-1' }, 'err.order_number_invalid'],
		[{ buyer: { name: 'Ani', phone: '123' } }, 'err.phone_invalid'],
		[{ status: 'shipped' }, 'err.invalid']
	])('refuses %o with %s', (change, message) => {
		const base = {
			id: '0192f0c4-0000-7000-8000-0000000000f3',
			number: 'KP-3',
			items: [{ productId: P1, qty: 1, price: 1000 }],
			buyer: { name: 'Ani' }
		};
		expect(orderCreateArgs.safeParse({ ...base, ...change }).error?.issues[0]?.message).toBe(message);
	});
});

describe('transitionOrder and payOrder', () => {
	it('conflicts when the order moved on another phone first', () => {
		const accepted = transitionOrder(newOrder(), { id: 'x', from: 'new', to: 'accepted' }, meta);
		if ('error' in accepted) throw new Error('not accepted');
		expect(transitionOrder(accepted.order, { id: 'x', from: 'new', to: 'cancelled' }, meta)).toEqual({
			error: 'conflict',
			message: 'err.order_status_changed'
		});
	});

	it('puts the stock back on cancel, and only then', () => {
		const cancelled = transitionOrder(newOrder(), { id: 'x', from: 'new', to: 'cancelled' }, meta);
		expect(cancelled).toMatchObject({
			stock: [
				{ productId: P1, delta: 5 },
				{ productId: P2, delta: 1 }
			]
		});
		const accepted = transitionOrder(newOrder(), { id: 'x', from: 'new', to: 'accepted' }, meta);
		expect(accepted).toMatchObject({ stock: [] });
		expect(transitionOrder(newOrder(), { id: 'x', from: 'new', to: 'completed' }, meta)).toMatchObject({
			error: 'invalid'
		});
	});

	it('counts payments once and moves the payment status', () => {
		const order = newOrder();
		const first = payOrder(
			order,
			{ id: order.id, paymentId: '0192f0c4-0000-7000-8000-0000000000a2', amount: 10_000, method: 'qris' },
			meta
		) as Order;
		expect(first).toMatchObject({ paid: 10_000, paymentStatus: 'partial' });
		expect(
			payOrder(
				first,
				{ id: order.id, paymentId: '0192f0c4-0000-7000-8000-0000000000a2', amount: 10_000, method: 'qris' },
				meta
			)
		).toMatchObject({ error: 'conflict' });
		const second = payOrder(
			first,
			{ id: order.id, paymentId: '0192f0c4-0000-7000-8000-0000000000a3', amount: 20_000, method: 'cash' },
			meta
		) as Order;
		expect(second).toMatchObject({ paid: 30_000, paymentStatus: 'paid' });
	});
});

describe('checkoutForm', () => {
	const base = {
		name: 'Pak Budi',
		phone: '081234567890',
		delivery: 'pickup',
		items: [{ productId: P1, qty: 2 }]
	};
	it.each([
		[{}, null],
		[{ phone: '' }, 'err.phone_invalid'],
		[{ delivery: 'delivery' }, 'err.address_required'],
		[{ delivery: 'delivery', address: 'Jl. Melati 3' }, null],
		[{ items: [] }, 'err.order_empty']
	])('%o → %s', (change, message) => {
		const result = checkoutForm.safeParse({ ...base, ...change });
		expect(result.success ? null : result.error.issues[0]?.message).toBe(message);
	});
});
