import type { Kysely } from 'kysely';
import { receiptToken } from '$lib/domain/order';
import { receiptOf, type Receipt } from '$lib/domain/receipt';
import type { Database } from './db/schema';
import { orderFromRow } from './sync/entities';

/**
 * The receipt behind a `/nota/<token>` link, or null: for a token of the wrong shape, one no synced
 * sale carries (a sale made offline has its token on the phone only until it syncs), or a deleted one.
 * The token is the only key: it is 128 random bits, so the page cannot be found by guessing.
 */
export async function findReceipt(db: Kysely<Database>, token: string): Promise<Receipt | null> {
	if (!receiptToken.safeParse(token).success) return null;
	const row = await db
		.selectFrom('orders')
		.innerJoin('spaces', 'spaces.id', 'orders.space_id')
		.selectAll('orders')
		.select('spaces.name as shop_name')
		.where('orders.receipt_token', '=', token)
		.where('orders.deleted', '=', 0)
		.executeTakeFirst();
	if (!row) return null;
	const { shop_name, ...order } = row;
	return receiptOf(orderFromRow(order), shop_name);
}
