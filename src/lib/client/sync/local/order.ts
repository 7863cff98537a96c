import {
	createOrder,
	orderCreateArgs,
	payOrder,
	stockEffectsOfCreate,
	transitionOrder,
	type CatalogEntry
} from '$lib/domain/order';
import { actor, LocalChangeError, moveStock, type LocalHandlers } from './shared';

/** Orders on the phone: a sale, its status changes and payments, with the stock they move. */
export const orderLocal: LocalHandlers<'order.create' | 'order.transition' | 'order.pay'> = {
	'order.create': {
		stamps: 'orders',
		async apply(ctx, args) {
			const { db, space, at } = ctx;
			const orderArgs = orderCreateArgs.parse(args);
			const catalog = new Map<string, CatalogEntry>();
			for (const item of orderArgs.items) {
				if (!item.productId) continue;
				const product = await db.products.get(item.productId);
				if (!product || product.spaceId !== space) throw new LocalChangeError('err.product_missing');
				catalog.set(product.id, product);
			}
			const order = createOrder(orderArgs, catalog, { spaceId: space, by: await actor(db), at, version: 0 });
			if ('error' in order) throw new LocalChangeError(order.error);
			await db.orders.put(order);
			await moveStock(ctx, stockEffectsOfCreate(order), 'order', order.id);
			return order.id;
		}
	},

	'order.transition': {
		stamps: 'orders',
		async apply(ctx, transition) {
			const { db, space, at } = ctx;
			const order = await db.orders.get(transition.id);
			if (!order || order.spaceId !== space) throw new LocalChangeError('err.order_missing');
			const result = transitionOrder(order, transition, { by: await actor(db), at, version: order.version });
			if ('error' in result) throw new LocalChangeError(result.message);
			await db.orders.put(result.order);
			await moveStock(ctx, result.stock, 'order_cancelled', order.id);
			return order.id;
		}
	},

	'order.pay': {
		stamps: 'orders',
		async apply({ db, space, at }, payment) {
			const order = await db.orders.get(payment.id);
			if (!order || order.spaceId !== space) throw new LocalChangeError('err.order_missing');
			const paid = payOrder(order, payment, { by: await actor(db), at, version: order.version });
			if ('error' in paid) throw new LocalChangeError(paid.message);
			await db.orders.put(paid);
			return order.id;
		}
	}
};
