import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Order } from '$lib/domain/order';
import { getDb } from './db';
import type { Database } from './db/schema';
import { serverSecret } from './secret';
import { orderFromRow } from './sync/entities';
import { MutationRejected } from './sync/rejection';
import { applyStorefrontOrder, type StorefrontOrderInput } from './sync/storefront-order';
import { publishPokes } from './sync/pokes';

/** A shop as its public page shows it. */
export interface Shop {
	id: string;
	name: string;
	slug: string;
	/** The owner's WhatsApp number, `+628…`, for the wa.me links. */
	phone: string | null;
	/** The photo of the shop front a facilitator took at sign-up (by hash), or null. */
	photo: string | null;
}

/** A product on the shop page: only what a buyer sees. */
export interface ShopProduct {
	id: string;
	name: string;
	price: number;
	unit: string;
	stock: number;
	category: string | null;
	description: string | null;
	/** The cover photo's hash, or null. */
	photo: string | null;
}

export async function loadShop(db: Kysely<Database>, slug: string): Promise<Shop | null> {
	const space = await db
		.selectFrom('spaces')
		.select(['id', 'name', 'slug'])
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!space) return null;
	const owner = await db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select('users.phone')
		.where('memberships.space_id', '=', space.id)
		.where('memberships.role', '=', 'owner')
		.orderBy('memberships.created_at')
		.executeTakeFirst();
	const seller = await db
		.selectFrom('sellers')
		.select('storefront_photo')
		.where('id', '=', space.id)
		.executeTakeFirst();
	return { ...space, phone: owner?.phone ?? null, photo: seller?.storefront_photo ?? null };
}

/** The shop's active, not deleted products, by name. */
export async function shopProducts(db: Kysely<Database>, spaceId: string): Promise<ShopProduct[]> {
	const rows = await db
		.selectFrom('products')
		.select(['id', 'name', 'price', 'unit', 'stock', 'category', 'description', 'photos'])
		.where('space_id', '=', spaceId)
		.where('deleted', '=', 0)
		.where('active', '=', 1)
		.orderBy('name')
		.orderBy('id')
		.execute();
	return rows.map((row) => {
		let photo: string | null = null;
		try {
			const photos: unknown = JSON.parse(row.photos);
			if (Array.isArray(photos) && typeof photos[0] === 'string') photo = photos[0];
		} catch {
			// no readable photos: shown without one
		}
		return {
			id: row.id,
			name: row.name,
			price: Number(row.price),
			unit: row.unit,
			stock: Number(row.stock),
			category: row.category,
			description: row.description,
			photo
		};
	});
}

// --- Checkout rate limit -------------------------------------------------------------------------------

export const CHECKOUT_LIMIT = 30;
export const CHECKOUT_WINDOW_MS = 60_000;
let lastSweep = 0;

/**
 * Counts one checkout from an address and says whether it is within 30 a minute (fixed one-minute windows,
 * counted in the database so every server process shares them). Every attempt counts, a refused one too.
 */
export async function allowCheckout(
	db: Kysely<Database>,
	address: string,
	now = Date.now()
): Promise<boolean> {
	const at = new Date(now).toISOString();
	const cutoff = new Date(now - CHECKOUT_WINDOW_MS).toISOString();
	const expired = sql<boolean>`${sql.ref('storefront_limits.window_start')} <= ${cutoff}`;
	const row = await db
		.insertInto('storefront_limits')
		.values({ key: `ip:${address}`, count: 1, window_start: at })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				count: sql<number>`case when ${expired} then 1 else ${sql.ref('storefront_limits.count')} + 1 end`,
				window_start: sql<string>`case when ${expired} then ${at} else ${sql.ref('storefront_limits.window_start')} end`
			})
		)
		.returning('count')
		.executeTakeFirstOrThrow();
	if (now - lastSweep > CHECKOUT_WINDOW_MS) {
		lastSweep = now;
		await db.deleteFrom('storefront_limits').where('window_start', '<=', cutoff).execute();
	}
	return Number(row.count) <= CHECKOUT_LIMIT;
}

// --- Order links ---------------------------------------------------------------------------------------

/** The `k` of a buyer's order link: an HMAC of the order id, so order pages cannot be found by guessing. */
export async function orderToken(db: Kysely<Database>, orderId: string): Promise<string> {
	const mac = createHmac('sha256', await serverSecret(db))
		.update(`order:${orderId}`)
		.digest();
	// 128 bits are plenty against guessing and keep the link short enough to share on WhatsApp.
	return mac.subarray(0, 16).toString('base64url');
}

export async function isOrderToken(db: Kysely<Database>, orderId: string, token: string): Promise<boolean> {
	const expected = Buffer.from(await orderToken(db, orderId));
	const given = Buffer.from(token);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export function orderPath(slug: string, orderId: string, token: string): string {
	return `/toko/${slug}/pesanan/${orderId}?k=${token}`;
}

/** An order of the shop, or null (another shop's order is as good as missing). */
export async function findShopOrder(
	db: Kysely<Database>,
	spaceId: string,
	orderId: string
): Promise<Order | null> {
	const row = await db
		.selectFrom('orders')
		.selectAll()
		.where('id', '=', orderId)
		.where('space_id', '=', spaceId)
		.where('deleted', '=', 0)
		.executeTakeFirst();
	return row ? orderFromRow(row) : null;
}

// --- Checkout ------------------------------------------------------------------------------------------

/** Why an order cannot be taken: a message key, its values, and the product it is about (if one). */
export interface Refusal {
	key: string;
	params: Record<string, string | number>;
	productId?: string;
}

export type PlaceResult = { ok: true; order: Order } | { ok: false; refusal: Refusal };

/** Thrown to roll a trial placement back once it has shown what the order would be. */
class TrialOnly extends Error {
	constructor(readonly order: Order) {
		super('trial');
	}
}

function refused(error: MutationRejected): PlaceResult {
	const { productId, ...params } = error.params;
	return {
		ok: false,
		refusal: {
			key: error.messageKey,
			params,
			...(typeof productId === 'string' ? { productId } : {})
		}
	};
}

/**
 * What the order would be (items at the catalog's prices, the total) or why it cannot be taken, by the
 * very code that places it, rolled back: the buyer sees the total before sending, with no JavaScript.
 */
export async function previewStorefrontOrder(
	spaceId: string,
	input: StorefrontOrderInput,
	db: Kysely<Database> = getDb()
): Promise<PlaceResult> {
	try {
		await db.transaction().execute(async (trx) => {
			throw new TrialOnly(await applyStorefrontOrder(trx, { now: new Date().toISOString() }, spaceId, input));
		});
		throw new Error('unreachable');
	} catch (error) {
		if (error instanceof TrialOnly) return { ok: true, order: error.order };
		if (error instanceof MutationRejected) return refused(error);
		throw error;
	}
}

/**
 * Places a shop-page order in one transaction through the mutation writer (applyStorefrontOrder), then
 * pokes the shop's space so an open seller app pulls it at once. The same order id sent again (the buyer
 * tapped twice) gives back the order already placed.
 */
export async function placeStorefrontOrder(
	spaceId: string,
	input: StorefrontOrderInput,
	db: Kysely<Database> = getDb()
): Promise<PlaceResult> {
	try {
		const now = new Date().toISOString();
		const order = await db.transaction().execute((trx) => applyStorefrontOrder(trx, { now }, spaceId, input));
		await publishPokes([spaceId]);
		return { ok: true, order };
	} catch (error) {
		if (!(error instanceof MutationRejected)) throw error;
		if (error.messageKey === 'err.order_exists') {
			const placed = await findShopOrder(db, spaceId, input.id);
			if (placed && placed.buyer.phone === input.buyer.phone) return { ok: true, order: placed };
		}
		return refused(error);
	}
}
