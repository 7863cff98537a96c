import type { ExpensePutArgs } from '$lib/domain/expense';
import { uuidv7 } from '$lib/domain/ids';
import { db } from './sync/db';
import { mutate, mutationTables } from './sync/outbox';

/** Records an expense (a new id) or patches the fields given; saved on the phone at once. */
export async function saveExpense(space: string, fields: ExpensePutArgs): Promise<string> {
	await mutate(db, space, 'expense.put', fields);
	return fields.id;
}

export async function deleteExpense(space: string, id: string): Promise<void> {
	await mutate(db, space, 'expense.delete', { id });
}

/** What "Beli stok" records: how many units came in, what they cost in all, when, and the receipt. */
export interface StockPurchase {
	productId: string;
	qty: number;
	amount: number;
	date: string;
	note: string | null;
	photo: string | null;
}

/**
 * Buying stock from a supplier, in one step: the expense (belanja stok) and the stock coming in (a
 * `restock` movement) are saved in one transaction with their two outbox entries, so the phone never
 * holds one without the other, and the server receives them one right behind the other. Returns the
 * expense's id.
 */
export async function buyStock(space: string, purchase: StockPurchase): Promise<string> {
	const id = uuidv7();
	await db.transaction('rw', mutationTables(db), async () => {
		await mutate(db, space, 'expense.put', {
			id,
			category: 'stock_purchase',
			amount: purchase.amount,
			date: purchase.date,
			note: purchase.note,
			photo: purchase.photo
		});
		await mutate(db, space, 'stock.adjust', {
			id: uuidv7(),
			productId: purchase.productId,
			delta: purchase.qty,
			reason: 'restock'
		});
	});
	return id;
}
