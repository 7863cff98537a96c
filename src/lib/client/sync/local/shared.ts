import { orderMovementId, type StockEffect } from '$lib/domain/order';
import type { MutationArgs, MutationName } from '$lib/domain/mutations';
import type { Actor } from '$lib/domain/records';
import type { LapakDb } from '../db';
import type { SyncedTableName } from '../entities';
import { getMeta } from '../../meta';

/** A change that cannot be made on this phone (the record is gone, or the input breaks a rule). */
export class LocalChangeError extends Error {
	constructor(readonly code: string) {
		super(code);
	}
}

/** What a local handler knows besides its arguments. */
export interface LocalContext {
	db: LapakDb;
	space: string;
	/** The phone's clock when the change was made. */
	at: string;
}

/**
 * Applies one mutation to the phone's tables the way the server will, returning the id of the record the
 * change is about; `stamps` is the table whose record is marked "changed by" the person on the phone.
 */
export interface LocalHandler<N extends MutationName> {
	stamps: SyncedTableName;
	apply(ctx: LocalContext, args: MutationArgs<N>): Promise<string>;
}

export type LocalHandlers<N extends MutationName> = { [K in N]: LocalHandler<K> };

/** The person using the phone, as order histories name them. */
export async function actor(db: LapakDb): Promise<Actor> {
	const account = await getMeta(db, 'account');
	return { id: account?.user.id ?? null, name: account?.user.name ?? '' };
}

/** Moves stock for an order and writes the movements, as the server will. */
export async function moveStock(
	{ db, space, at }: LocalContext,
	effects: StockEffect[],
	reason: 'order' | 'order_cancelled',
	orderId: string
): Promise<void> {
	for (const { productId, delta } of effects) {
		const product = await db.products.get(productId);
		if (!product) continue;
		const stockAfter = product.stock + delta;
		await db.products.update(productId, { stock: stockAfter, updatedAt: at });
		await db.stockMovements.put({
			id: orderMovementId(orderId, productId, reason),
			spaceId: space,
			productId,
			delta,
			reason,
			orderId,
			stockAfter,
			at,
			version: 0,
			createdAt: at,
			updatedAt: at
		});
	}
}
