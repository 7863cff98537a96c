import { sql } from 'kysely';
import { orderNumber, STOREFRONT_PREFIX, type Order } from '$lib/domain/order';
import { orderChanged } from '../monitoring/aggregates';
import { placeOrder, type OrderInput } from './handlers/order';
import { MutationRejected } from './rejection';
import { changedByColumn, type Trx } from './write';

/** A checkout on the shop page, already checked against `checkoutForm`. */
export interface StorefrontOrderInput {
	id: string;
	buyer: { name: string; phone: string };
	delivery: NonNullable<Order['delivery']>;
	note: string | null;
	items: { productId: string; qty: number }[];
}

/**
 * The shop page's way into the same order writer as `order.create`, for a buyer who is not a user and has
 * no device (so no client, no mutation id, no membership check): the order takes the shop's next `W-<n>`
 * number, prices from the catalog, and only active products in stock. Runs in the caller's transaction;
 * throws MutationRejected (with the product in `params`) when the order cannot be taken, and the caller
 * rolls back. The caller pokes the space after the commit.
 */
export async function applyStorefrontOrder(
	trx: Trx,
	ctx: { now: string },
	space: string,
	input: StorefrontOrderInput
): Promise<Order> {
	const counted = await trx
		.updateTable('spaces')
		.set({ storefront_orders: sql`storefront_orders + 1` })
		.where('id', '=', space)
		.returning('storefront_orders')
		.executeTakeFirst();
	if (!counted) throw new MutationRejected('not_found', 'err.not_found');
	const args: OrderInput = {
		id: input.id,
		number: orderNumber(STOREFRONT_PREFIX, counted.storefront_orders),
		channel: 'storefront',
		status: 'new',
		buyer: input.buyer,
		// The catalog's price replaces this; 0 is never stored.
		items: input.items.map((item) => ({ productId: item.productId, qty: item.qty, price: 0 })),
		note: input.note
	};
	const changedBy = changedByColumn({ id: null, name: input.buyer.name, role: 'buyer' });
	const order = await placeOrder(trx, { now: ctx.now, changedBy }, space, args, {
		by: { id: null, name: input.buyer.name },
		at: ctx.now,
		channel: 'storefront',
		delivery: input.delivery,
		fromShopPage: true
	});
	await orderChanged(trx, null, order);
	return order;
}
