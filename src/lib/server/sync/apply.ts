import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import * as z from 'zod/mini';
import type { User } from '$lib/domain/auth';
import {
	checkEligibility,
	isEditable,
	mergeFields,
	salesRecord,
	type FinancingApplication,
	type FinancingDecision,
	type FinancingFieldName,
	type FinancingStatus
} from '$lib/domain/financing';
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
import { newSeller, patchSeller, type ChangedBy, type SellerMember } from '$lib/domain/seller';
import { activationCodeHash, issueActivation } from '../activation';
import { firstMessageKey } from '../api';
import { isUniqueViolation } from '../db';
import type { Database, SellersTable } from '../db/schema';
import { referencedDocuments, uploadedDocuments } from '../documents';
import { rateFor } from '../kur-config';
import { UNSET_PIN } from '../password';
import { createSpace } from '../spaces';
import { say } from '../words';
import { canWriteSpace, memberRole } from './access';
import {
	financingFromRow,
	financingToRow,
	orderFromRow,
	orderToRow,
	productFromRow,
	sellerFromRow,
	sellerProfileToRow,
	syncedEntities
} from './entities';
import type { Poke } from './pokes';

/** Thrown inside applyMutation: the mutation is answered `rejected` and everything it wrote is rolled back. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectCode,
		readonly messageKey: string,
		/** Values for the message's `{{placeholders}}` (the product a shop-page order cannot have). */
		readonly params: Record<string, string | number> = {},
		/**
		 * The whole message, when it is made of several (every reason a financing submission is refused);
		 * otherwise the message is the key's wording with `params` filled in.
		 */
		readonly text?: string
	) {
		super(code);
	}

	/** What the device is told, in Indonesian. */
	get userMessage(): string {
		return this.text ?? say(this.messageKey, this.params);
	}
}

export interface MutationContext {
	userId: string;
	/** The server's clock decides order; the device's `at` is only kept for display. */
	now: string;
	/** The server secret (secret.ts), read before the transaction: activation codes are derived from it. */
	secret: Buffer;
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

/**
 * The space's version as it is, row-locked on PostgreSQL like bumpSpaceVersion (a no-op UPDATE), so no other
 * writer of the space commits between this and the end of the transaction; null when there is no such space.
 */
async function lockSpaceVersion(trx: Trx, spaceId: string): Promise<number | null> {
	const row = await trx
		.updateTable('spaces')
		.set({ version: sql`version` })
		.where('id', '=', spaceId)
		.returning('version')
		.executeTakeFirst();
	return row ? row.version : null;
}

/**
 * Runs a write to a space's synced records and stamps every row it wrote (every row of the space whose
 * version is above the one before) with who did it: the one place `changed_by` is set, whichever handler
 * wrote and however many rows. `who` is asked after the write, which may have made the writer a member.
 */
async function stampedWrite<T>(
	trx: Trx,
	space: string,
	write: () => Promise<T>,
	who: () => Promise<ChangedBy>
): Promise<T> {
	const before = (await lockSpaceVersion(trx, space)) ?? 0;
	const result = await write();
	const changedBy = JSON.stringify(await who());
	for (const { table } of syncedEntities) {
		await trx
			.updateTable(table)
			.set({ changed_by: changedBy })
			.where('space_id', '=', space)
			.where('version', '>', before)
			.execute();
	}
	return result;
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

/** Today in Western Indonesian Time, `YYYY-MM-DD`: the day eligibility and the sales record are judged on. */
const jakartaDate = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Jakarta',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});
export function jakartaDay(iso: string): string {
	return jakartaDate.format(new Date(iso));
}

/**
 * The earliest order time the sales record of `today` can count (the first of the month six months back, in
 * Western Indonesian Time, UTC+7), as the ISO text orders are stored with: older orders need not be read.
 */
function salesRecordStart(today: string): string {
	const [year, month] = today.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1 - 6, 1) - 7 * 60 * 60 * 1000).toISOString();
}

/** The rule each document field is checked under, for "Dokumen belum terkirim: Foto KTP". */
const DOCUMENT_RULES = {
	ktpPhoto: 'portal.document_ktp',
	businessPhoto: 'portal.document_business',
	licensePhoto: 'portal.document_license'
} as const;

/** Rupiah amounts inside a rule's problem (`Rp{{min}}`) read as Indonesians write them: 10.000.001. */
const thousands = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/**
 * The rejection of a submission that fails the eligibility checks, with every reason in plain Indonesian:
 * "Belum lengkap: Foto KTP, NPWP (wajib di atas Rp50 juta). Belum memenuhi syarat: Usaha baru berjalan
 * 3 bulan". Null when every check passed.
 */
function eligibilityRefusal(checks: ReturnType<typeof checkEligibility>): MutationRejected | null {
	const failed = checks.filter((check) => !check.ok);
	if (failed.length === 0) return null;
	const missing = failed.filter((check) => check.problem === 'financing.missing');
	const wrong = failed.filter((check) => check.problem !== 'financing.missing');
	const parts: string[] = [];
	if (missing.length) {
		parts.push(
			say('err.financing_incomplete', { items: missing.map((check) => say(check.rule)).join(', ') })
		);
	}
	if (wrong.length) {
		const items = wrong.map((check) => {
			const params = Object.fromEntries(
				Object.entries(check.params ?? {}).map(([key, value]) => [
					key,
					typeof value === 'number' && Math.abs(value) >= 1000 ? thousands.format(value) : value
				])
			);
			return check.problem ? `${say(check.rule)}: ${say(check.problem, params)}` : say(check.rule);
		});
		parts.push(say('err.financing_ineligible', { items: items.join('; ') }));
	}
	return new MutationRejected('invalid', 'err.financing_not_eligible', {}, parts.join('. '));
}

/** What a handler may tell besides success: users whose access to the space changed (their streams re-read it). */
interface HandlerOutcome {
	membersChanged?: string[];
}

type Handler<N extends MutationName> = (
	trx: Trx,
	ctx: HandlerContext,
	space: string,
	args: MutationArgs<N>
) => Promise<void | HandlerOutcome>;

/**
 * Tombstones a product (`product.delete`) or brings it back (`product.restore`, the "Batalkan"). Deleting
 * twice, or restoring what is not deleted, already has what it wants (two phones did the same): no change.
 */
async function markProductDeleted(
	trx: Trx,
	ctx: MutationContext,
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
		.set({ deleted: deleted ? 1 : 0, version, updated_at: ctx.now })
		.where('id', '=', id)
		.execute();
}

// --- Sellers a facilitator signs up ------------------------------------------------------------------

/** The activation columns of a seller row (the code's hash, never the code). */
type ActivationColumns = Pick<
	SellersTable,
	| 'account_id'
	| 'activation_status'
	| 'activation_code_hash'
	| 'activation_issued_at'
	| 'activation_expires_at'
>;

/**
 * The seller's account-to-be for their phone: made now, with the phone reserved and no PIN (nobody can log
 * in to it until activation), and a new activation code. When the phone already has an account, none is
 * made and no code issued: `phone_taken` (the facilitator changes the number, or the seller keeps their own
 * account). `previousIssuedAt` is the code this one replaces.
 */
async function reserveAccount(
	trx: Trx,
	ctx: Pick<MutationContext, 'now' | 'secret'>,
	seller: { id: string; ownerName: string; phone: string },
	previousIssuedAt: string | null
): Promise<ActivationColumns> {
	// `on conflict do nothing`: a phone taken at this very moment by a registration is taken, not an error
	// that would reject the mutation (and the products pushed behind it).
	const made = await trx
		.insertInto('users')
		.values({
			id: randomUUID(),
			name: seller.ownerName,
			phone: seller.phone,
			pin_hash: UNSET_PIN,
			role: 'seller',
			created_at: ctx.now
		})
		.onConflict((oc) => oc.column('phone').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!made) {
		return {
			account_id: null,
			activation_status: 'phone_taken',
			activation_code_hash: null,
			activation_issued_at: null,
			activation_expires_at: null
		};
	}
	return { account_id: made.id, ...issueActivation(ctx.secret, seller.id, ctx.now, previousIssuedAt) };
}

/** The people of a space as its seller profile lists them, first member first. */
async function spaceMembers(trx: Trx, space: string): Promise<SellerMember[]> {
	const rows = await trx
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['users.id', 'users.name', 'memberships.role'])
		.where('memberships.space_id', '=', space)
		.orderBy('memberships.created_at')
		.orderBy('users.id')
		.execute();
	return rows.map((row) => ({ id: row.id, name: row.name, role: row.role }));
}

/** The seller profile of this space (a space its owner registered has none). */
async function loadSellerRow(trx: Trx, space: string) {
	const row = await trx.selectFrom('sellers').selectAll().where('id', '=', space).executeTakeFirst();
	if (!row || row.deleted) throw new MutationRejected('not_found', 'err.seller_missing');
	return row;
}

/** The number of tries a new space gets at a free shop slug when others take the same one at once. */
const SLUG_ATTEMPTS = 5;

/**
 * The new space of `seller.create` with its facilitator as the member; returns its slug. Two facilitators
 * signing up shops of the same name at once make the same slug: the unique index refuses the second, which
 * tries again behind a savepoint (PostgreSQL accepts no query after a failed one) rather than losing the
 * mutation and everything pushed behind it.
 */
async function createSellerSpace(trx: Trx, ctx: MutationContext, space: string, name: string) {
	for (let attempt = 1; ; attempt++) {
		await sql`savepoint create_space`.execute(trx);
		try {
			const slug = await createSpace(trx, {
				id: space,
				name,
				member: { userId: ctx.userId, role: 'facilitator' },
				now: ctx.now
			});
			await sql`release savepoint create_space`.execute(trx);
			return slug;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			await sql`rollback to savepoint create_space`.execute(trx);
			const sameId = await trx.selectFrom('spaces').select('id').where('id', '=', space).executeTakeFirst();
			if (sameId || attempt >= SLUG_ATTEMPTS) throw new MutationRejected('conflict', 'err.space_exists');
		}
	}
}

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
	},

	async 'financing.patch'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('financing_applications')
			.selectAll()
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (row && row.space_id !== space) throw new MutationRejected('conflict', 'err.financing_exists');
		if (row?.deleted) throw new MutationRejected('not_found', 'err.financing_missing');
		const current: FinancingApplication = row
			? financingFromRow(row)
			: {
					id: args.id,
					spaceId: space,
					status: 'draft',
					fields: {},
					fieldChanges: {},
					ratePercent: null,
					salesRecord: null,
					submittedAt: null,
					decisions: [],
					version,
					createdAt: ctx.now,
					updatedAt: ctx.now
				};
		// Submitted: the lender is looking at these very fields. Only "Perlu perbaikan" opens them again.
		if (!isEditable(current.status)) throw new MutationRejected('conflict', 'err.financing_frozen');
		const by = await userActor(trx, ctx.userId);
		const fieldChanges = { ...current.fieldChanges };
		for (const [field, value] of Object.entries(args.fields)) {
			if (value !== undefined) fieldChanges[field as FinancingFieldName] = { by, at: ctx.now };
		}
		const fields = mergeFields(current.fields, args.fields);
		const next: FinancingApplication = {
			...current,
			fields,
			fieldChanges,
			ratePercent: rateFor(fields.product),
			version,
			updatedAt: ctx.now
		};
		if (row) {
			const { fields: text, field_changes, rate_percent } = financingToRow(next);
			await trx
				.updateTable('financing_applications')
				.set({ fields: text, field_changes, rate_percent, version, updated_at: ctx.now })
				.where('id', '=', args.id)
				.execute();
			return;
		}
		try {
			await trx.insertInto('financing_applications').values(financingToRow(next)).execute();
		} catch (error) {
			// The same new id written into another space at the same moment (spaces do not lock each other).
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'err.financing_exists');
			throw error;
		}
	},

	async 'financing.submit'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('financing_applications')
			.selectAll()
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (!row || row.space_id !== space || row.deleted) {
			throw new MutationRejected('not_found', 'err.financing_missing');
		}
		const application = financingFromRow(row);
		if (!isEditable(application.status)) throw new MutationRejected('conflict', 'err.financing_frozen');
		const today = jakartaDay(ctx.now);
		const refusal = eligibilityRefusal(checkEligibility(application.fields, today));
		if (refusal) throw refusal;
		const documents = referencedDocuments(application.fields);
		const uploaded = await uploadedDocuments(
			trx,
			space,
			documents.map((document) => document.sha256)
		);
		const missing = documents.filter((document) => !uploaded.has(document.sha256));
		if (missing.length) {
			const items = missing.map((document) => say(DOCUMENT_RULES[document.field])).join(', ');
			throw new MutationRejected('invalid', 'err.documents_missing', { items });
		}
		for (const document of documents) {
			await trx
				.updateTable('documents')
				.set({ kind: document.kind })
				.where('space_id', '=', space)
				.where('sha256', '=', document.sha256)
				.where('kind', 'is', null)
				.execute();
		}
		// The lender sees what the orders say, not what the phone says they say.
		const orders = await trx
			.selectFrom('orders')
			.select(['created_at', 'total', 'status'])
			.where('space_id', '=', space)
			.where('deleted', '=', 0)
			.where('created_at', '>=', salesRecordStart(today))
			.execute();
		const record = salesRecord(
			orders.map((order) => ({
				createdAt: order.created_at,
				total: Number(order.total),
				status: order.status
			})),
			today
		);
		await trx
			.updateTable('financing_applications')
			.set({
				status: 'submitted',
				submitted_at: ctx.now,
				sales_record: JSON.stringify(record),
				rate_percent: rateFor(application.fields.product),
				version,
				updated_at: ctx.now
			})
			.where('id', '=', args.id)
			.execute();
	},

	async 'seller.create'(trx, ctx, space, args) {
		const taken = await trx.selectFrom('spaces').select('id').where('id', '=', space).executeTakeFirst();
		if (taken) throw new MutationRejected('conflict', 'err.space_exists');
		const by = await userActor(trx, ctx.userId);
		const slug = await createSellerSpace(trx, ctx, space, args.businessName);
		const version = await bumpSpaceVersion(trx, space);
		const seller = newSeller(args, {
			spaceId: space,
			by: { id: ctx.userId, name: by.name },
			at: ctx.now,
			version
		});
		await trx
			.insertInto('sellers')
			.values({
				id: space,
				space_id: space,
				...sellerProfileToRow(seller),
				slug,
				onboarded_by: JSON.stringify(seller.onboardedBy),
				members: JSON.stringify(seller.members),
				...(await reserveAccount(trx, ctx, seller, null)),
				activated_at: null,
				changed_by: null,
				deleted: 0,
				version,
				created_at: ctx.now,
				updated_at: ctx.now
			})
			.execute();
		return { membersChanged: [ctx.userId] };
	},

	async 'seller.patch'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await loadSellerRow(trx, space);
		const current = sellerFromRow(row, ctx);
		const next = patchSeller(current, args);
		let activation: Partial<ActivationColumns> = {};
		if (next.phone !== current.phone) {
			// Once activated the number is the seller's login: only they may change it, not through the profile.
			if (row.activation_status === 'activated') throw new MutationRejected('invalid', 'err.phone_locked');
			// The account reserved for the old number was never used (no PIN): it goes, and the new number is
			// checked and reserved afresh, with a new code.
			if (row.account_id) {
				await trx
					.deleteFrom('users')
					.where('id', '=', row.account_id)
					.where('pin_hash', '=', UNSET_PIN)
					.execute();
			}
			activation = await reserveAccount(trx, ctx, next, row.activation_issued_at);
		} else if (
			next.ownerName !== current.ownerName &&
			row.account_id &&
			row.activation_status === 'pending'
		) {
			await trx
				.updateTable('users')
				.set({ name: next.ownerName })
				.where('id', '=', row.account_id)
				.where('pin_hash', '=', UNSET_PIN)
				.execute();
		}
		if (next.businessName !== current.businessName) {
			// The slug stays: links to the shop were shared already.
			await trx.updateTable('spaces').set({ name: next.businessName }).where('id', '=', space).execute();
		}
		await trx
			.updateTable('sellers')
			.set({ ...sellerProfileToRow(next), ...activation, version, updated_at: ctx.now })
			.where('id', '=', space)
			.execute();
	},

	async 'seller.renewCode'(trx, ctx, space) {
		if ((await memberRole(trx, ctx.userId, space)) !== 'facilitator') {
			throw new MutationRejected('forbidden', 'err.facilitator_only');
		}
		const version = await bumpSpaceVersion(trx, space);
		const row = await loadSellerRow(trx, space);
		if (row.activation_status !== 'pending')
			throw new MutationRejected('conflict', 'err.activation_not_pending');
		await trx
			.updateTable('sellers')
			.set({
				...issueActivation(ctx.secret, space, ctx.now, row.activation_issued_at),
				version,
				updated_at: ctx.now
			})
			.where('id', '=', space)
			.execute();
	},

	async 'seller.removeFacilitator'(trx, ctx, space, args) {
		if ((await memberRole(trx, ctx.userId, space)) !== 'owner') {
			throw new MutationRejected('forbidden', 'err.owner_only');
		}
		const version = await bumpSpaceVersion(trx, space);
		const removed = await trx
			.deleteFrom('memberships')
			.where('space_id', '=', space)
			.where('user_id', '=', args.userId)
			.where('role', '=', 'facilitator')
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) {
			throw new MutationRejected('not_found', 'err.facilitator_missing');
		}
		await trx
			.updateTable('sellers')
			.set({ members: JSON.stringify(await spaceMembers(trx, space)), version, updated_at: ctx.now })
			.where('id', '=', space)
			.execute();
		return { membersChanged: [args.userId] };
	}
};

/**
 * The only way the server writes synced data. Validates the mutation's arguments, checks the user may write
 * its space (for `seller.create`, whose space does not exist yet: that the user is a facilitator), applies
 * it inside the caller's transaction, and stamps every row it wrote with the user and their role in the
 * space. Throws MutationRejected when it cannot be applied; the caller rolls back what it wrote. Returns the
 * pokes to send after the commit: the space, and the users whose access to it changed.
 */
export async function applyMutation(
	trx: Trx,
	ctx: MutationContext,
	mutation: PushedMutation
): Promise<{ pokes: Poke[] }> {
	const { name, space } = mutation;
	if (!isMutationName(name)) throw new MutationRejected('invalid', 'err.unknown_mutation');
	const parsed = mutationArgs[name].safeParse(mutation.args);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	const user = await trx
		.selectFrom('users')
		.select(['name', 'role'])
		.where('id', '=', ctx.userId)
		.executeTakeFirst();
	if (name === 'seller.create') {
		if (user?.role !== 'facilitator') throw new MutationRejected('forbidden', 'err.facilitator_only');
	} else if (!(await canWriteSpace(trx, ctx.userId, space))) {
		throw new MutationRejected('forbidden', 'err.forbidden');
	}
	const handler = handlers[name] as Handler<typeof name>;
	const deviceTime = new Date(mutation.at);
	const deviceAt = Number.isNaN(deviceTime.getTime()) ? ctx.now : deviceTime.toISOString();
	const outcome = await stampedWrite(
		trx,
		space,
		() => handler(trx, { ...ctx, deviceAt }, space, parsed.data as MutationArgs<typeof name>),
		async () => ({
			id: ctx.userId,
			name: user?.name ?? '',
			// Every writer of a space is a member of it once the handler is done (seller.create made them one).
			role: (await memberRole(trx, ctx.userId, space)) ?? 'facilitator'
		})
	);
	// A poke naming a member is a poke of the space for every other reader too: one is enough.
	const members = outcome?.membersChanged ?? [];
	return { pokes: members.length ? members.map((member) => ({ space, member })) : [{ space }] };
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
	return stampedWrite(
		trx,
		space,
		() =>
			placeOrder(trx, ctx, space, args, {
				by: { id: null, name: input.buyer.name },
				at: ctx.now,
				channel: 'storefront',
				delivery: input.delivery,
				fromShopPage: true
			}),
		async () => ({ id: null, name: input.buyer.name, role: 'buyer' })
	);
}

/** What a lender decides about a submitted application; the note is what the seller reads. */
export const lenderDecisionInput = z.object({
	applicationId: z.uuid('err.financing_missing'),
	status: z.enum(['in_review', 'needs_revision', 'approved', 'rejected'], 'err.decision_status'),
	note: z.nullable(z.string().check(z.trim(), z.maxLength(1000, 'err.text_too_long')))
});
export type LenderDecisionInput = z.input<typeof lenderDecisionInput>;

/** Writes a lender's decision on an open application of the space (see applyLenderDecision). */
async function recordDecision(
	trx: Trx,
	ctx: { now: string },
	space: string,
	applicationId: string,
	decided: Pick<FinancingDecision, 'status' | 'note'> & { by: { id: string; name: string } }
): Promise<FinancingApplication> {
	const { status, note, by } = decided;
	// Version first (the space's row lock on PostgreSQL), then read what is about to change.
	const version = await bumpSpaceVersion(trx, space);
	const row = await trx
		.selectFrom('financing_applications')
		.selectAll()
		.where('id', '=', applicationId)
		.executeTakeFirstOrThrow();
	const current = financingFromRow(row);
	// A draft is none of the lender's business; a decided one stays decided; "in review" twice says nothing.
	if (
		!OPEN_FOR_DECISION.includes(current.status) ||
		(status === 'in_review' && current.status === 'in_review')
	) {
		if (current.status === 'draft') throw new MutationRejected('not_found', 'err.financing_missing');
		throw new MutationRejected('conflict', 'err.financing_not_open');
	}
	const decision: FinancingDecision = {
		status,
		note,
		by,
		at: ctx.now
	};
	const application: FinancingApplication = {
		...current,
		status,
		decisions: [...current.decisions, decision],
		version,
		updatedAt: ctx.now
	};
	await trx
		.updateTable('financing_applications')
		.set({
			status,
			decisions: JSON.stringify(application.decisions),
			version,
			updated_at: ctx.now
		})
		.where('id', '=', applicationId)
		.execute();
	return application;
}

/** Applications a lender may still decide on. */
const OPEN_FOR_DECISION: readonly FinancingStatus[] = ['submitted', 'in_review'];

/**
 * A lender's decision on an application: the server's own way into the synced records (not a mutation a
 * device can send), written like one: the space's version is bumped, the row stamped with it, all in the
 * caller's transaction, so the seller's phones pull the new status and the note. Only a user whose role is
 * `lender`, only on an application submitted or in review; returning it for revision ("Perlu perbaikan")
 * makes it editable again. Rejecting and returning need a note. Throws MutationRejected; the caller rolls
 * back, and pokes the returned space after the commit.
 */
export async function applyLenderDecision(
	trx: Trx,
	ctx: { now: string },
	lender: User,
	input: LenderDecisionInput
): Promise<{ application: FinancingApplication; changedSpaces: string[] }> {
	if (lender.role !== 'lender') throw new MutationRejected('forbidden', 'err.lender_only');
	const parsed = lenderDecisionInput.safeParse(input);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	const { applicationId, status } = parsed.data;
	const note = parsed.data.note || null;
	if ((status === 'needs_revision' || status === 'rejected') && !note) {
		throw new MutationRejected('invalid', 'err.note_required');
	}
	const found = await trx
		.selectFrom('financing_applications')
		.select('space_id')
		.where('id', '=', applicationId)
		.where('deleted', '=', 0)
		.executeTakeFirst();
	if (!found) throw new MutationRejected('not_found', 'err.financing_missing');
	const space = found.space_id;
	const by = { id: lender.id, name: (await userActor(trx, lender.id)).name };
	const application = await stampedWrite(
		trx,
		space,
		() => recordDecision(trx, ctx, space, applicationId, { status, note, by }),
		async () => ({ id: lender.id, name: by.name, role: 'lender' })
	);
	return { application, changedSpaces: [space] };
}

/** What `POST /api/auth/activate` checked already: the phone as stored, the code as typed (normalized). */
export interface ActivationInput {
	phone: string;
	code: string;
	/** The hash of the PIN the seller chose, made before anything was looked up (the same work for all). */
	pinHash: string;
}

/**
 * A seller activates the account a facilitator made for them: the server's own way into the synced records,
 * written like a mutation (the space's version bumped, the seller row stamped, now by its owner), all in the
 * caller's transaction. The code is single use: it works only on a `pending` seller with that phone, and the
 * claim is conditional on the hash still being there, so two activations at once cannot both win. Sets the
 * PIN, makes the seller the space's owner, records `activated`. Throws MutationRejected `not_found`
 * (`err.wrong_code`: no such phone waiting, a wrong or used code) or `conflict` (`err.code_expired`: the
 * right code, too late); the caller rolls back, then pokes the space and its new owner after the commit.
 */
export async function applyActivation(
	trx: Trx,
	ctx: { now: string },
	input: ActivationInput
): Promise<{ user: User; pokes: Poke[] }> {
	const wrong = new MutationRejected('not_found', 'err.wrong_code');
	const hash = activationCodeHash(input.code);
	const found = await trx
		.selectFrom('sellers')
		.select(['id', 'account_id', 'activation_code_hash', 'activation_expires_at'])
		.where('phone', '=', input.phone)
		.where('activation_status', '=', 'pending')
		.where('deleted', '=', 0)
		.executeTakeFirst();
	const stored = Buffer.from(found?.activation_code_hash ?? '', 'hex');
	const given = Buffer.from(hash, 'hex');
	if (!found?.account_id || stored.length !== given.length || !timingSafeEqual(stored, given)) throw wrong;
	if (!found.activation_expires_at || found.activation_expires_at <= ctx.now) {
		throw new MutationRejected('conflict', 'err.code_expired');
	}
	const space = found.id;
	const accountId = found.account_id;
	const account = await trx
		.selectFrom('users')
		.select(['id', 'name', 'phone'])
		.where('id', '=', accountId)
		.executeTakeFirstOrThrow();
	await stampedWrite(
		trx,
		space,
		async () => {
			const version = await bumpSpaceVersion(trx, space);
			const claimed = await trx
				.updateTable('sellers')
				.set({
					activation_status: 'activated',
					activation_code_hash: null,
					activation_issued_at: null,
					activation_expires_at: null,
					activated_at: ctx.now,
					version,
					updated_at: ctx.now
				})
				.where('id', '=', space)
				.where('activation_status', '=', 'pending')
				.where('activation_code_hash', '=', hash)
				.executeTakeFirst();
			if (Number(claimed.numUpdatedRows) === 0) throw wrong;
			await trx
				.updateTable('users')
				.set({ pin_hash: input.pinHash })
				.where('id', '=', accountId)
				.where('pin_hash', '=', UNSET_PIN)
				.execute();
			await trx
				.insertInto('memberships')
				.values({ space_id: space, user_id: accountId, role: 'owner', created_at: ctx.now })
				.execute();
			await trx
				.updateTable('sellers')
				.set({ members: JSON.stringify(await spaceMembers(trx, space)) })
				.where('id', '=', space)
				.execute();
		},
		async () => ({ id: accountId, name: account.name, role: 'owner' })
	);
	return {
		user: { id: account.id, name: account.name, phone: account.phone, role: 'seller' },
		pokes: [{ space, member: accountId }]
	};
}
