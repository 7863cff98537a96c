import { sql, type Transaction } from 'kysely';
import {
	isMutationName,
	mutationArgs,
	type MutationArgs,
	type MutationName,
	type PushedMutation,
	type RejectCode
} from '$lib/domain/mutations';
import { uuidv7 } from '$lib/domain/ids';
import {
	createOrder,
	orderMovementId,
	orderNumber,
	payOrder,
	stockEffectsOfCreate,
	STOREFRONT_PREFIX,
	transitionOrder,
	type Actor,
	type CatalogEntry,
	type Order,
	type OrderChannel,
	type StockEffect
} from '$lib/domain/order';
import { applyProductPut, MAX_STOCK } from '$lib/domain/product';
import { firstMessageKey } from '../api';
import { isUniqueViolation } from '../db';
import type { Database } from '../db/schema';
import { canWriteSpace } from './access';
import { orderFromRow, orderToRow, productFromRow } from './entities';

/** Thrown inside applyMutation: the mutation is answered `rejected` and everything it wrote is rolled back. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectCode,
		readonly messageKey: string,
		/** Values for the message's `{{placeholders}}` (the product a shop-page order cannot have). */
		readonly params: Record<string, string | number> = {}
	) {
		super(code);
	}
}

export interface MutationContext {
	userId: string;
	/** The server's clock decides order; the device's `at` is only kept for display. */
	now: string;
}

type Trx = Transaction<Database>;

/**
 * Bumps the space's version and returns it. Call it before reading a row you are about to change: on
 * PostgreSQL the UPDATE row-locks the space, so writers of one space run one after another, their
 * read-modify-write is safe, and versions commit in the order they were taken (which pull's cursor relies on).
 */
async function bumpSpaceVersion(trx: Trx, spaceId: string): Promise<number> {
	const row = await trx
		.updateTable('spaces')
		.set({ version: sql`version + 1` })
		.where('id', '=', spaceId)
		.returning('version')
		.executeTakeFirst();
	if (!row) throw new MutationRejected('forbidden', 'err.forbidden');
	return row.version;
}

/** What a handler knows besides its arguments. */
interface HandlerContext extends MutationContext {
	/** The mutation's `at` (the device's clock), as ISO-8601 UTC. */
	deviceAt: string;
}

/** The person behind a mutation, as order histories name them. */
async function userActor(trx: Trx, userId: string): Promise<Actor> {
	const row = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
	return { id: userId, name: row?.name ?? '' };
}

/** How an order comes in, besides its arguments. */
interface OrderPlacement {
	by: Actor;
	/** When it was placed, for display: the device's clock, or the server's for the shop page. */
	at: string;
	channel: OrderChannel;
	delivery: Order['delivery'];
	/**
	 * A buyer on the shop page: prices come from the catalog (never from the request), and only active
	 * products with enough stock may be ordered. A seller records what was sold, at the price agreed, even
	 * when the stock count says otherwise (the count was wrong, the goods were on the shelf).
	 */
	fromShopPage: boolean;
}

/** The order arguments both entries share: a seller's `order.create`, and a shop-page checkout. */
type OrderInput = Omit<MutationArgs<'order.create'>, 'channel'> & { channel?: OrderChannel };

/**
 * createOrder's parameter type intersects the schema's `channel?: 'walkin' | 'whatsapp'` with `OrderChannel`,
 * which leaves no room for `storefront` although createOrder handles it; the cast widens it back.
 */
type CreateOrderArgs = Parameters<typeof createOrder>[0];

/**
 * Writes a new order and moves the stock of its items down, with a movement per product. The one
 * writer of orders, whichever way they come in.
 */
async function placeOrder(
	trx: Trx,
	ctx: Pick<MutationContext, 'now'>,
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
		const wanted = new Map<string, number>();
		for (const item of items) {
			if (item.productId) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.qty);
		}
		for (const [productId, qty] of wanted) {
			const product = products.get(productId)!;
			if (!product.active) {
				throw new MutationRejected('invalid', 'err.product_inactive', { name: product.name, productId });
			}
			if (product.stock <= 0) {
				throw new MutationRejected('conflict', 'err.sold_out', { name: product.name, productId });
			}
			if (qty > product.stock) {
				throw new MutationRejected('conflict', 'err.out_of_stock', {
					name: product.name,
					stock: product.stock,
					productId
				});
			}
		}
		items = items.map((item) =>
			item.productId ? { ...item, price: products.get(item.productId)!.price } : item
		);
	}

	const catalog = new Map<string, CatalogEntry>(
		[...products.values()].map((product) => [
			product.id,
			{ id: product.id, name: product.name, unit: product.unit }
		])
	);
	const order = createOrder({ ...args, items, channel: placement.channel } as CreateOrderArgs, catalog, {
		spaceId: space,
		by: placement.by,
		at: placement.at,
		version,
		delivery: placement.delivery
	});
	if ('error' in order) throw new MutationRejected('not_found', order.error);
	try {
		await trx.insertInto('orders').values(orderToRow(order)).execute();
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
	ctx: Pick<MutationContext, 'now'>,
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
			.set({ stock: sql`stock + ${delta}`, version, updated_at: ctx.now })
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

type Handler<N extends MutationName> = (
	trx: Trx,
	ctx: HandlerContext,
	space: string,
	args: MutationArgs<N>
) => Promise<void>;

const handlers: { [N in MutationName]: Handler<N> } = {
	async 'product.put'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx.selectFrom('products').selectAll().where('id', '=', args.id).executeTakeFirst();
		if (row && row.space_id !== space) throw new MutationRejected('conflict', 'err.product_exists');
		if (row?.deleted) throw new MutationRejected('not_found', 'err.product_missing');
		const next = applyProductPut(row ? productFromRow(row) : undefined, args, {
			spaceId: space,
			version,
			updatedAt: ctx.now
		});
		if ('error' in next) throw new MutationRejected('invalid', next.error);
		const fields = {
			name: next.name,
			price: next.price,
			unit: next.unit,
			min_stock: next.minStock,
			category: next.category,
			sku: next.sku,
			description: next.description,
			weight_grams: next.weightGrams,
			photos: JSON.stringify(next.photos),
			active: next.active ? 1 : 0,
			version,
			updated_at: ctx.now
		};
		if (row) {
			await trx.updateTable('products').set(fields).where('id', '=', args.id).execute();
		} else {
			await trx
				.insertInto('products')
				.values({
					...fields,
					id: args.id,
					space_id: space,
					stock: next.stock,
					deleted: 0,
					created_at: ctx.now
				})
				.execute();
		}
	},

	async 'product.delete'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('products')
			.select(['space_id', 'deleted'])
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (!row || row.space_id !== space) throw new MutationRejected('not_found', 'err.product_missing');
		// Deleted from two phones: the second delete already has what it wants.
		if (row.deleted) return;
		await trx
			.updateTable('products')
			.set({ deleted: 1, version, updated_at: ctx.now })
			.where('id', '=', args.id)
			.execute();
	},

	async 'product.restore'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('products')
			.select(['space_id', 'deleted'])
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (!row || row.space_id !== space) throw new MutationRejected('not_found', 'err.product_missing');
		// Never deleted, or already restored from another phone: nothing to do.
		if (!row.deleted) return;
		await trx
			.updateTable('products')
			.set({ deleted: 0, version, updated_at: ctx.now })
			.where('id', '=', args.id)
			.execute();
	},

	async 'stock.adjust'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('products')
			.select(['space_id', 'deleted', 'stock'])
			.where('id', '=', args.productId)
			.executeTakeFirst();
		if (!row || row.space_id !== space || row.deleted) {
			throw new MutationRejected('not_found', 'err.product_missing');
		}
		if (Math.abs(Number(row.stock) + args.delta) > MAX_STOCK) {
			throw new MutationRejected('invalid', 'err.stock_too_big');
		}
		const movementId = args.id ?? uuidv7();
		// Mutation ids already keep a retried push from counting twice; a second mutation carrying the same
		// movement (a phone bug, or a replayed outbox) must not either.
		const taken = await trx
			.selectFrom('stock_movements')
			.select('id')
			.where('id', '=', movementId)
			.executeTakeFirst();
		if (taken) throw new MutationRejected('conflict', 'err.movement_exists');
		// stock + delta in SQL: the adjustment adds to whatever the stock is now, never overwrites it.
		const updated = await trx
			.updateTable('products')
			.set({ stock: sql`stock + ${args.delta}`, version, updated_at: ctx.now })
			.where('id', '=', args.productId)
			.returning('stock')
			.executeTakeFirstOrThrow();
		// The movement is a record of its own, with its own version, so pull sends it after the product.
		const movementVersion = await bumpSpaceVersion(trx, space);
		try {
			await trx
				.insertInto('stock_movements')
				.values({
					id: movementId,
					space_id: space,
					product_id: args.productId,
					delta: args.delta,
					reason: args.reason,
					order_id: null,
					stock_after: Number(updated.stock),
					at: ctx.deviceAt,
					deleted: 0,
					version: movementVersion,
					created_at: ctx.now,
					updated_at: ctx.now
				})
				.execute();
		} catch (error) {
			// The same movement id written into another space at the same moment (spaces do not lock each other).
			// No query may follow a failed one on PostgreSQL: the caller rolls back to its savepoint.
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'err.movement_exists');
			throw error;
		}
	},

	async 'order.create'(trx, ctx, space, args) {
		await placeOrder(trx, ctx, space, args, {
			by: await userActor(trx, ctx.userId),
			at: ctx.deviceAt,
			channel: args.channel ?? 'walkin',
			delivery: null,
			fromShopPage: false
		});
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
			.set({ status: row.status, history: row.history, version, updated_at: row.updated_at })
			.where('id', '=', args.id)
			.execute();
		await moveStockForOrder(trx, ctx, space, result.stock, 'order_cancelled', order.id, ctx.deviceAt);
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
				version,
				updated_at: row.updated_at
			})
			.where('id', '=', args.id)
			.execute();
	}
};

/**
 * The only way the server writes synced data. Validates the mutation's arguments, checks the user may write
 * its space, and applies it inside the caller's transaction. Throws MutationRejected when it cannot be
 * applied; the caller rolls back what it wrote. Returns the spaces that changed, to poke their readers.
 */
export async function applyMutation(
	trx: Trx,
	ctx: MutationContext,
	mutation: PushedMutation
): Promise<{ changedSpaces: string[] }> {
	const { name, space } = mutation;
	if (!isMutationName(name)) throw new MutationRejected('invalid', 'err.unknown_mutation');
	const parsed = mutationArgs[name].safeParse(mutation.args);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	if (!(await canWriteSpace(trx, ctx.userId, space)))
		throw new MutationRejected('forbidden', 'err.forbidden');
	const handler = handlers[name] as Handler<typeof name>;
	const deviceTime = new Date(mutation.at);
	const deviceAt = Number.isNaN(deviceTime.getTime()) ? ctx.now : deviceTime.toISOString();
	await handler(trx, { ...ctx, deviceAt }, space, parsed.data as MutationArgs<typeof name>);
	return { changedSpaces: [space] };
}

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
	return placeOrder(trx, ctx, space, args, {
		by: { id: null, name: input.buyer.name },
		at: ctx.now,
		channel: 'storefront',
		delivery: input.delivery,
		fromShopPage: true
	});
}
