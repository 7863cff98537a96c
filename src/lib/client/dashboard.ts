import { amountOwed, type Order } from '$lib/domain/order';
import { jakartaDay } from '$lib/domain/dates';
import type { Product } from '$lib/domain/product';

export interface DaySales {
	/** `2026-11-28`, a day in Western Indonesian Time. */
	day: string;
	total: number;
}

export interface TodaySummary {
	todayTotal: number;
	todayCount: number;
	waitingCount: number;
	owedTotal: number;
	lowStock: Product[];
	lowStockCount: number;
	/** The last 14 days, oldest first, today last. */
	days: DaySales[];
}

/**
 * The home screen's figures, from what is on the phone: today's sales (orders placed today that are not
 * cancelled), orders still to be handled, money buyers still owe, products at or below their minimum,
 * and sales per day for the last two weeks.
 */
export function summarize(orders: readonly Order[], products: readonly Product[], now: Date): TodaySummary {
	const today = jakartaDay(now);
	const days: DaySales[] = [];
	for (let back = 13; back >= 0; back--) {
		days.push({ day: jakartaDay(new Date(now.getTime() - back * 86_400_000)), total: 0 });
	}
	const byDay = new Map(days.map((entry) => [entry.day, entry]));
	let todayTotal = 0;
	let todayCount = 0;
	let waitingCount = 0;
	let owedTotal = 0;
	for (const order of orders) {
		owedTotal += amountOwed(order);
		if (order.status === 'new' || order.status === 'accepted' || order.status === 'shipped') waitingCount++;
		if (order.status === 'cancelled') continue;
		const day = jakartaDay(order.createdAt);
		const entry = byDay.get(day);
		if (entry) entry.total += order.total;
		if (day === today) {
			todayTotal += order.total;
			todayCount++;
		}
	}
	const low = products
		.filter((product) => product.minStock !== null && product.stock <= product.minStock)
		.sort((a, b) => a.stock - b.stock || a.name.localeCompare(b.name, 'id'));
	return {
		todayTotal,
		todayCount,
		waitingCount,
		owedTotal,
		lowStock: low.slice(0, 5),
		lowStockCount: low.length,
		days
	};
}
