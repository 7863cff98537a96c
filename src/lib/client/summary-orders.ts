import type { Order, OrderStatus } from '$lib/domain/order';
import type { LapakDb } from './sync/db';

/** Statuses of an order still to be handled (the home screen's "Perlu diproses"). */
const WAITING: OrderStatus[] = ['new', 'accepted', 'shipped'];

/**
 * The orders `summarize` needs, read by index ranges rather than the whole table: the last 15 days, the
 * ones still to be handled, and the ones not fully paid. A pull of a year of orders then re-reads only
 * these after each page, not every order on the phone.
 */
export async function summaryOrders(local: LapakDb, spaceId: string, now: Date): Promise<Order[]> {
	const since = new Date(now.getTime() - 15 * 86_400_000).toISOString();
	const [recent, waiting, owing] = await Promise.all([
		local.orders.where('[spaceId+createdAt]').between([spaceId, since], [spaceId, '\uffff']).toArray(),
		local.orders
			.where('[spaceId+status]')
			.anyOf(WAITING.map((status) => [spaceId, status]))
			.toArray(),
		local.orders
			.where('[spaceId+paymentStatus]')
			.anyOf([
				[spaceId, 'unpaid'],
				[spaceId, 'partial']
			])
			.toArray()
	]);
	return [...new Map([...recent, ...waiting, ...owing].map((order) => [order.id, order])).values()];
}
