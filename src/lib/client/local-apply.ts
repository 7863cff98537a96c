import {
	checkEligibility,
	isEditable,
	isEligible,
	mergeFields,
	type FinancingApplication,
	type FinancingFieldName
} from '$lib/domain/financing';
import type { MutationArgs, MutationName } from '$lib/domain/mutations';
import {
	createOrder,
	orderCreateArgs,
	orderMovementId,
	payOrder,
	stockEffectsOfCreate,
	transitionOrder,
	type Actor,
	type CatalogEntry,
	type StockEffect
} from '$lib/domain/order';
import { applyProductPut } from '$lib/domain/product';
import { newSeller, patchSeller, type ChangedBy } from '$lib/domain/seller';
import type { LapakDb } from './db';
import { getMeta } from './meta';

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
	const entityId = await applyChange(db, space, name, args, at);
	await stampChangedBy(db, space, name, entityId);
	return entityId;
}

async function applyChange<N extends MutationName>(
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
		case 'order.create': {
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
			await moveStock(db, space, stockEffectsOfCreate(order), 'order', order.id, at);
			return order.id;
		}
		case 'order.transition': {
			const transition = args as MutationArgs<'order.transition'>;
			const order = await db.orders.get(transition.id);
			if (!order || order.spaceId !== space) throw new LocalChangeError('err.order_missing');
			const result = transitionOrder(order, transition, { by: await actor(db), at, version: order.version });
			if ('error' in result) throw new LocalChangeError(result.message);
			await db.orders.put(result.order);
			await moveStock(db, space, result.stock, 'order_cancelled', order.id, at);
			return order.id;
		}
		case 'order.pay': {
			const payment = args as MutationArgs<'order.pay'>;
			const order = await db.orders.get(payment.id);
			if (!order || order.spaceId !== space) throw new LocalChangeError('err.order_missing');
			const paid = payOrder(order, payment, { by: await actor(db), at, version: order.version });
			if ('error' in paid) throw new LocalChangeError(paid.message);
			await db.orders.put(paid);
			return order.id;
		}
		case 'financing.patch': {
			const { id, fields } = args as MutationArgs<'financing.patch'>;
			const existing = await db.financing.get(id);
			if (existing && existing.spaceId !== space) throw new LocalChangeError('err.financing_missing');
			if (existing && !isEditable(existing.status)) throw new LocalChangeError('err.financing_frozen');
			const by = await actor(db);
			const fieldChanges = { ...existing?.fieldChanges };
			for (const [field, value] of Object.entries(fields)) {
				if (value !== undefined) fieldChanges[field as FinancingFieldName] = { by, at };
			}
			const application: FinancingApplication = existing
				? { ...existing, fields: mergeFields(existing.fields, fields), fieldChanges, updatedAt: at }
				: {
						id,
						spaceId: space,
						status: 'draft',
						fields: mergeFields({}, fields),
						fieldChanges,
						ratePercent: null,
						salesRecord: null,
						submittedAt: null,
						decisions: [],
						version: 0,
						createdAt: at,
						updatedAt: at
					};
			await db.financing.put(application);
			return id;
		}
		case 'financing.submit': {
			const { id } = args as MutationArgs<'financing.submit'>;
			const application = await db.financing.get(id);
			if (!application || application.spaceId !== space) throw new LocalChangeError('err.financing_missing');
			if (!isEditable(application.status)) throw new LocalChangeError('err.financing_frozen');
			// The server checks again (and has the last word); the phone refuses what it already knows fails.
			if (!isEligible(checkEligibility(application.fields, localDay(at)))) {
				throw new LocalChangeError('err.financing_not_eligible');
			}
			await db.financing.put({ ...application, status: 'submitted', submittedAt: at, updatedAt: at });
			return id;
		}
		case 'seller.create': {
			const profile = args as MutationArgs<'seller.create'>;
			if (await db.sellers.get(space)) throw new LocalChangeError('err.space_exists');
			const { id, name } = await actor(db);
			await db.sellers.put(
				newSeller(profile, { spaceId: space, by: { id: id ?? '', name }, at, version: 0 })
			);
			return space;
		}
		case 'seller.patch': {
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			await db.sellers.put({ ...patchSeller(seller, args as MutationArgs<'seller.patch'>), updatedAt: at });
			return space;
		}
		case 'seller.renewCode': {
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			// The new code comes from the server; until then the old one is no longer worth showing.
			await db.sellers.put({ ...seller, activation: { ...seller.activation, code: null }, updatedAt: at });
			return space;
		}
		case 'seller.removeFacilitator': {
			const { userId } = args as MutationArgs<'seller.removeFacilitator'>;
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			const members = seller.members.filter((member) => member.id !== userId);
			await db.sellers.put({ ...seller, members, updatedAt: at });
			return space;
		}
		default:
			throw new LocalChangeError('err.unknown_mutation');
	}
}

/**
 * Marks the changed record as changed by the person using the phone, as the server will once it has the
 * change (it stamps every row a mutation wrote): a seller sees "diubah oleh pendamping Budi".
 */
async function stampChangedBy(
	db: LapakDb,
	space: string,
	name: MutationName,
	entityId: string
): Promise<void> {
	const account = await getMeta(db, 'account');
	if (!account) return;
	// A space this phone made (a seller signed up offline) is not in the account yet: its maker is its facilitator.
	const role = account.spaces.find((ref) => ref.id === space)?.role ?? 'facilitator';
	const changedBy: ChangedBy = { id: account.user.id, name: account.user.name, role };
	if (name.startsWith('product.') || name === 'stock.adjust')
		await db.products.update(entityId, { changedBy });
	else if (name.startsWith('order.')) await db.orders.update(entityId, { changedBy });
	else if (name.startsWith('financing.')) await db.financing.update(entityId, { changedBy });
	else await db.sellers.update(entityId, { changedBy });
}

/** The day of an ISO time in Western Indonesian Time, `YYYY-MM-DD`, as the financing rules count days. */
export function localDay(iso: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(iso));
}

/** The person using the phone, as order histories name them. */
async function actor(db: LapakDb): Promise<Actor> {
	const account = await getMeta(db, 'account');
	return { id: account?.user.id ?? null, name: account?.user.name ?? '' };
}

/** Moves stock for an order and writes the movements, as the server will. */
async function moveStock(
	db: LapakDb,
	space: string,
	effects: StockEffect[],
	reason: 'order' | 'order_cancelled',
	orderId: string,
	at: string
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
