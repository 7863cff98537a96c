import { sql } from 'kysely';
import type { MutationArgs } from '$lib/domain/mutations';
import {
	createOrder,
	orderMovementId,
	payOrder,
	shopOrderItems,
	stockEffectsOfCreate,
	transitionOrder,
	type CatalogEntry,
	type Order,
	type OrderChannel,
	type StockEffect
} from '$lib/domain/order';
import { newReceiptToken } from '$lib/domain/receipt';
import type { Actor } from '$lib/domain/records';
import { isUniqueViolation } from '../../db';
import { orderChanged } from '../../monitoring/aggregates';
import { orderFromRow, orderToRow, productFromRow } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, userActor, type Handlers, type Trx, type WriteContext } from '../write';

/** How an order comes in, besides its arguments. */
export interface OrderPlacement {
	by: Actor;
	/** When it was placed, for display: the device's clock, or the server's for the shop page. */
	at: string;
	channel: OrderChannel;
	delivery: Order['delivery'];
	/** A buyer on the shop page: the domain's shop-page rule (shopOrderItems) decides prices and stock. */
	fromShopPage: boolean;
}

/** The order arguments both entries share: a seller's `order.create`, and a shop-page checkout. */
export type OrderInput = Omit<MutationArgs<'order.create'>, 'channel'> & { channel?: OrderChannel };

/**
 * createOrder's parameter type intersects the schema's `channel?: 'walkin' | 'whatsapp'` with `OrderChannel`,
 * which leaves no room for `storefront` although createOrder handles it; the cast widens it back.
 */
type CreateOrderArgs = Parameters<typeof createOrder>[0];

/**
 * Writes a new order and moves the stock of its items down, with a movement per product. The one
 * writer of orders, whichever way they come in.
 */
export async function placeOrder(
	trx: Trx,
	ctx: WriteContext,
	space: string,
	args: OrderInput,
	placement: OrderPlacement
): Promise<Order> {
	const version = await bumpSpaceVersion(trx, space);
	const sameId = await trx.selectFrom('orders').select('id').where('id', '=', args.id).executeTakeFirst();
	if (sameId) throw new MutationRejected('conflict', 'err.order_exists');
	const sameNumber = await trx
		.selectFrom('orders')
		.select('id')
		.where('space_id', '=', space)
		.where('number', '=', args.number)
		.executeTakeFirst();
	if (sameNumber) throw new MutationRejected('conflict', 'err.order_number_taken');

	const productIds = [...new Set(args.items.flatMap((item) => (item.productId ? [item.productId] : [])))];
	const rows = productIds.length
		? await trx
				.selectFrom('products')
				.selectAll()
				.where('id', 'in', productIds)
				.where('space_id', '=', space)
				.where('deleted', '=', 0)
				.execute()
		: [];
	const products = new Map(rows.map((row) => [row.id, productFromRow(row)]));
	if (products.size !== productIds.length) throw new MutationRejected('not_found', 'err.product_missing');

	let items = args.items;
	if (placement.fromShopPage) {
		const checked = shopOrderItems(items, products);
		if ('problem' in checked) {
			const { code, message, params } = checked.problem;
			throw new MutationRejected(code, message, params);
		}
		items = checked.items;
	}

	const catalog = new Map<string, CatalogEntry>(
		[...products.values()].map((product) => [
			product.id,
			{ id: product.id, name: product.name, unit: product.unit, costPrice: product.costPrice }
		])
	);
	// A sale from a phone brings its receipt token; a shop-page order (or an older phone's sale) gets one here.
	const receiptToken = args.receiptToken ?? newReceiptToken();
	const order = createOrder(
		{ ...args, items, receiptToken, channel: placement.channel } as CreateOrderArgs,
		catalog,
		{
			spaceId: space,
			by: placement.by,
			at: placement.at,
			version,
			delivery: placement.delivery
		}
	);
	if ('error' in order) {
		throw new MutationRejected(order.error === 'err.total_too_big' ? 'invalid' : 'not_found', order.error);
	}
	try {
		await trx
			.insertInto('orders')
			.values({ ...orderToRow(order), changed_by: ctx.changedBy })
			.execute();
	} catch (error) {
		// The same new order id written into another space at the same moment (spaces do not lock each other).
		if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'err.order_exists');
		throw error;
	}
	await moveStockForOrder(trx, ctx, space, stockEffectsOfCreate(order), 'order', order.id, placement.at);
	return order;
}

/**
 * Adds each effect's delta to its product's stock (in SQL: concurrent changes all count) and writes a
 * movement naming the order, each row with its own version, as `stock.adjust` does.
 */
async function moveStockForOrder(
	trx: Trx,
	ctx: WriteContext,
	space: string,
	effects: StockEffect[],
	reason: 'order' | 'order_cancelled',
	orderId: string,
	at: string
): Promise<void> {
	for (const { productId, delta } of effects) {
		if (delta === 0) continue;
		const version = await bumpSpaceVersion(trx, space);
		const updated = await trx
			.updateTable('products')
			.set({ stock: sql`stock + ${delta}`, version, updated_at: ctx.now, changed_by: ctx.changedBy })
			.where('id', '=', productId)
			.where('space_id', '=', space)
			.returning('stock')
			.executeTakeFirst();
		// Only a product of the order's own space is ever named (placeOrder checked); none is ever removed.
		if (!updated) continue;
		const movementVersion = await bumpSpaceVersion(trx, space);
		await trx
			.insertInto('stock_movements')
			.values({
				id: orderMovementId(orderId, productId, reason),
				space_id: space,
				product_id: productId,
				delta,
				reason,
				order_id: orderId,
				stock_after: Number(updated.stock),
				at,
				deleted: 0,
				changed_by: ctx.changedBy,
				version: movementVersion,
				created_at: ctx.now,
				updated_at: ctx.now
			})
			.execute();
	}
}

/** The order of this space, for a change to it; another space's order is as good as missing. */
async function loadOrder(trx: Trx, space: string, id: string): Promise<Order> {
	const row = await trx.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row || row.space_id !== space || row.deleted)
		throw new MutationRejected('not_found', 'err.order_missing');
	return orderFromRow(row);
}

/** Orders a seller records, their status changes and payments. */
export const orderHandlers: Handlers<'order.create' | 'order.transition' | 'order.pay'> = {
	async 'order.create'(trx, ctx, space, args) {
		const order = await placeOrder(trx, ctx, space, args, {
			by: await userActor(trx, ctx.userId),
			at: ctx.deviceAt,
			channel: args.channel ?? 'walkin',
			delivery: null,
			fromShopPage: false
		});
		await orderChanged(trx, null, order);
	},

	async 'order.transition'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const order = await loadOrder(trx, space, args.id);
		const result = transitionOrder(order, args, {
			by: await userActor(trx, ctx.userId),
			at: ctx.deviceAt,
			version
		});
		// A cancel retried from the same phone is a duplicate mutation id and never gets here; a second cancel
		// (another phone, or a new mutation) finds the order cancelled already: `from` no longer matches.
		if ('error' in result) throw new MutationRejected(result.error, result.message);
		const row = orderToRow(result.order);
		await trx
			.updateTable('orders')
			.set({
				status: row.status,
				history: row.history,
				changed_by: ctx.changedBy,
				version,
				updated_at: row.updated_at
			})
			.where('id', '=', args.id)
			.execute();
		await moveStockForOrder(trx, ctx, space, result.stock, 'order_cancelled', order.id, ctx.deviceAt);
		await orderChanged(trx, order, result.order);
	},

	async 'order.pay'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const order = await loadOrder(trx, space, args.id);
		const paid = payOrder(order, args, { by: await userActor(trx, ctx.userId), at: ctx.deviceAt, version });
		if ('error' in paid) throw new MutationRejected(paid.error, paid.message);
		const row = orderToRow(paid);
		await trx
			.updateTable('orders')
			.set({
				payments: row.payments,
				paid: row.paid,
				payment_status: row.payment_status,
				history: row.history,
				changed_by: ctx.changedBy,
				version,
				updated_at: row.updated_at
			})
			.where('id', '=', args.id)
			.execute();
	}
};
