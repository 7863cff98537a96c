import type { MutationArgs, MutationName } from '$lib/domain/mutations';
import { applyProductPut } from '$lib/domain/product';
import type { LapakDb } from './db';

/** A change that cannot be made on this phone (the record is gone, or the input breaks a rule). */
export class LocalChangeError extends Error {
	constructor(readonly code: string) {
		super(code);
	}
}

/**
 * Applies a mutation to the phone's own tables, the same way the server will apply it. Runs inside the
 * transaction of `Outbox.mutate`, which also writes the outbox entry; never call it from anywhere else.
 * Returns the id of the record the change is about.
 */
export async function applyLocally<N extends MutationName>(
	db: LapakDb,
	space: string,
	name: N,
	args: MutationArgs<N>,
	at: string
): Promise<string> {
	switch (name) {
		case 'product.put': {
			const put = args as MutationArgs<'product.put'>;
			const existing = await db.products.get(put.id);
			if (existing && existing.spaceId !== space) throw new LocalChangeError('err.product_exists');
			const next = applyProductPut(existing, put, {
				spaceId: space,
				version: existing?.version ?? 0,
				updatedAt: at
			});
			if ('error' in next) throw new LocalChangeError(next.error);
			await db.products.put(next);
			return put.id;
		}
		case 'product.delete': {
			const { id } = args as MutationArgs<'product.delete'>;
			const product = await db.products.get(id);
			if (product) await db.trash.put(product);
			await db.products.delete(id);
			return id;
		}
		case 'product.restore': {
			const { id } = args as MutationArgs<'product.restore'>;
			const product = await db.trash.get(id);
			if (!product) throw new LocalChangeError('err.product_missing');
			await db.products.put(product);
			await db.trash.delete(id);
			return id;
		}
		case 'stock.adjust': {
			const { id, productId, delta, reason } = args as MutationArgs<'stock.adjust'>;
			const product = await db.products.get(productId);
			if (!product) throw new LocalChangeError('err.product_missing');
			const stockAfter = product.stock + delta;
			await db.products.update(productId, { stock: stockAfter, updatedAt: at });
			if (id) {
				await db.stockMovements.put({
					id,
					spaceId: space,
					productId,
					delta,
					reason,
					stockAfter,
					at,
					version: 0,
					createdAt: at,
					updatedAt: at
				});
			}
			return productId;
		}
		default:
			throw new LocalChangeError('err.unknown_mutation');
	}
}
