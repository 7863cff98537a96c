import { describe, expect, it } from 'vitest';
import type { Order, OrderStatus } from '$lib/domain/order';
import type { Product } from '$lib/domain/product';
import { jakartaDay } from '$lib/domain/dates';
import { summarize } from './dashboard';

const now = new Date('2026-11-28T05:00:00Z'); // 12.00 in Jakarta

function order(createdAt: string, total: number, paid: number, status: OrderStatus): Order {
	return { createdAt, total, paid, status } as Order;
}

function product(name: string, stock: number, minStock: number | null): Product {
	return { name, stock, minStock } as Product;
}

describe('jakartaDay', () => {
	it.each([
		['2026-11-28T05:00:00Z', '2026-11-28'],
		['2026-11-27T17:00:00Z', '2026-11-28'], // midnight in Jakarta
		['2026-11-27T16:59:59Z', '2026-11-27']
	])('%s → %s', (iso, day) => {
		expect(jakartaDay(iso)).toBe(day);
	});
});

describe('summarize', () => {
	const orders = [
		order('2026-11-28T01:00:00Z', 30_000, 30_000, 'completed'),
		order('2026-11-27T18:00:00Z', 20_000, 5_000, 'new'), // today in Jakarta, partly paid
		order('2026-11-28T02:00:00Z', 99_000, 0, 'cancelled'),
		order('2026-11-20T03:00:00Z', 15_000, 0, 'shipped'),
		order('2026-11-01T03:00:00Z', 50_000, 0, 'accepted') // older than two weeks
	];
	const summary = summarize(
		orders,
		[product('Gula', 2, 5), product('Kopi', 10, 5), product('Beras', 5, 5), product('Teh', 0, null)],
		now
	);

	it('adds up today without cancelled orders', () => {
		expect(summary.todayTotal).toBe(50_000);
		expect(summary.todayCount).toBe(2);
	});

	it('counts orders still to handle and money still owed', () => {
		expect(summary.waitingCount).toBe(3);
		expect(summary.owedTotal).toBe(15_000 + 15_000 + 50_000);
	});

	it('lists products at or below their minimum, lowest first', () => {
		expect(summary.lowStock.map((p) => p.name)).toEqual(['Gula', 'Beras']);
		expect(summary.lowStockCount).toBe(2);
	});

	it('gives fourteen days, oldest first, with each day’s sales', () => {
		expect(summary.days).toHaveLength(14);
		expect(summary.days[0].day).toBe('2026-11-15');
		expect(summary.days[13]).toEqual({ day: '2026-11-28', total: 50_000 });
		expect(summary.days.find((d) => d.day === '2026-11-20')?.total).toBe(15_000);
		expect(summary.days.reduce((sum, d) => sum + d.total, 0)).toBe(65_000);
	});
});
