import { applyProductPut } from '$lib/domain/product';
import { LocalChangeError, type LocalHandlers } from './shared';

/** Products and their stock on the phone. */
export const productLocal: LocalHandlers<
	'product.put' | 'product.delete' | 'product.restore' | 'stock.adjust'
> = {
	'product.put': {
		stamps: 'products',
		async apply({ db, space, at }, put) {
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
	},

	'product.delete': {
		stamps: 'products',
		async apply({ db }, { id }) {
			const product = await db.products.get(id);
			if (product) await db.trash.put(product);
			await db.products.delete(id);
			return id;
		}
	},

	'product.restore': {
		stamps: 'products',
		async apply({ db }, { id }) {
			const product = await db.trash.get(id);
			if (!product) throw new LocalChangeError('err.product_missing');
			await db.products.put(product);
			await db.trash.delete(id);
			return id;
		}
	},

	'stock.adjust': {
		stamps: 'products',
		async apply({ db, space, at }, { id, productId, delta, reason }) {
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
	}
};
