import { sql } from 'kysely';
import { uuidv7 } from '$lib/domain/ids';
import { applyProductPut, MAX_STOCK } from '$lib/domain/product';
import { isUniqueViolation } from '../../db';
import { namePhotos } from '../../photo-access';
import { productFromRow } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, type HandlerContext, type Handlers, type Trx } from '../write';

/**
 * Tombstones a product (`product.delete`) or brings it back (`product.restore`, the "Batalkan"). Deleting
 * twice, or restoring what is not deleted, already has what it wants (two phones did the same): no change.
 */
async function markProductDeleted(
	trx: Trx,
	ctx: HandlerContext,
	space: string,
	id: string,
	deleted: boolean
): Promise<void> {
	const version = await bumpSpaceVersion(trx, space);
	const row = await trx
		.selectFrom('products')
		.select(['space_id', 'deleted'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row || row.space_id !== space) throw new MutationRejected('not_found', 'err.product_missing');
	if (Boolean(row.deleted) === deleted) return;
	await trx
		.updateTable('products')
		.set({ deleted: deleted ? 1 : 0, version, updated_at: ctx.now, changed_by: ctx.changedBy })
		.where('id', '=', id)
		.execute();
}

/** Products and their stock. */
export const productHandlers: Handlers<
	'product.put' | 'product.delete' | 'product.restore' | 'stock.adjust'
> = {
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
			cost_price: next.costPrice ?? null,
			barcode: next.barcode ?? null,
			changed_by: ctx.changedBy,
			version,
			updated_at: ctx.now
		};
		// A product names its photos: from this write on, in its transaction, anyone may be served them.
		await namePhotos(trx, next.photos, ctx.now);
		if (row) {
			await trx.updateTable('products').set(fields).where('id', '=', args.id).execute();
			return;
		}
		try {
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
		} catch (error) {
			// The same new product id created in another space at the same moment: the primary key decides.
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'err.product_exists');
			throw error;
		}
	},

	async 'product.delete'(trx, ctx, space, args) {
		await markProductDeleted(trx, ctx, space, args.id, true);
	},

	async 'product.restore'(trx, ctx, space, args) {
		await markProductDeleted(trx, ctx, space, args.id, false);
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
			.set({ stock: sql`stock + ${args.delta}`, version, updated_at: ctx.now, changed_by: ctx.changedBy })
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
					changed_by: ctx.changedBy,
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
	}
};
