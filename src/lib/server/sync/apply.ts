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
import { applyProductPut, MAX_STOCK } from '$lib/domain/product';
import { firstMessageKey } from '../api';
import { isUniqueViolation } from '../db';
import type { Database } from '../db/schema';
import { canWriteSpace } from './access';
import { productFromRow } from './entities';

/** Thrown inside applyMutation: the mutation is answered `rejected` and everything it wrote is rolled back. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectCode,
		readonly messageKey: string
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
