import { uuidv7 } from '$lib/domain/ids';
import { newReceiptToken } from '$lib/domain/receipt';
import {
	orderCreateArgs,
	orderNumber,
	type Order,
	type OrderCreateArgs,
	type OrderStatus,
	type PaymentMethod
} from '$lib/domain/order';
import { db } from './sync/db';
import { LocalChangeError } from './sync/local';
import { getMeta, setMeta } from './meta';
import { InvalidChange, mutate } from './sync/outbox';

/**
 * The next order number of this phone, `KP-13`: its own code and its own count, so two phones never
 * make the same number even when both work offline for days. Taken in its own transaction, so two tabs
 * never take the same count (a number that ends up unused is simply skipped).
 */
export async function nextOrderNumber(): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const code = await getMeta(db, 'deviceCode');
		if (!code) throw new LocalChangeError('orders.no_device_code');
		const count = ((await getMeta(db, 'orderCount')) ?? 0) + 1;
		await setMeta(db, 'orderCount', count);
		return orderNumber(code, count);
	});
}

export type SaleInput = Omit<OrderCreateArgs, 'id' | 'number'>;

/** Records a sale made at the counter or over WhatsApp; returns the new order's id. */
export async function recordSale(space: string, sale: SaleInput): Promise<string> {
	const id = uuidv7();
	// Checked before a number is taken, so a mistake never uses one up.
	const checked = orderCreateArgs.safeParse({ ...sale, id, number: 'XX-1' });
	if (!checked.success) {
		throw new InvalidChange(
			checked.error.issues.map((issue) => ({ path: issue.path, message: issue.message }))
		);
	}
	// The receipt link is made with the sale, so a nota can be sent at once, offline too (receipt.ts).
	await mutate(db, space, 'order.create', {
		...sale,
		id,
		number: await nextOrderNumber(),
		receiptToken: newReceiptToken()
	});
	return id;
}

/** Moves an order to its next status, stating the status the phone saw (the server checks it). */
export async function moveOrder(
	space: string,
	order: Pick<Order, 'id' | 'status'>,
	to: OrderStatus
): Promise<void> {
	await mutate(db, space, 'order.transition', { id: order.id, from: order.status, to });
}

/** Records money received for an order (part or all of what is owed). */
export async function recordPayment(
	space: string,
	orderId: string,
	amount: number,
	method: PaymentMethod
): Promise<void> {
	await mutate(db, space, 'order.pay', { id: orderId, paymentId: uuidv7(), amount, method });
}
