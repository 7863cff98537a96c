import { uuidv7 } from '$lib/domain/ids';
import type { LineQty, ProcurementQuoteArgs } from '$lib/domain/procurement';
import type { SupplierPutArgs } from '$lib/domain/supplier';
import { db } from './sync/db';
import { LocalChangeError } from './sync/local';
import { InvalidChange, mutate } from './sync/outbox';

/**
 * The seller's steps on institutions' orders, each one mutation saved on the phone with its outbox entry (the
 * local apply runs the same domain rules as the server, so a step the rules refuse is refused here, offline,
 * before anything waits to be sent). Called as `procurement.quote(space, …)` from the screens.
 */

/** Saves the fields given of the seller's supplier profile (the rest stays as it is). */
export function saveSupplier(space: string, fields: SupplierPutArgs): Promise<void> {
	return mutate(db, space, 'supplier.put', fields);
}

export function quote(space: string, args: ProcurementQuoteArgs): Promise<void> {
	return mutate(db, space, 'procurement.quote', args);
}

/** Declines the request for quotation (`request`) or the Surat Pesanan (`order`), with a reason. */
export function decline(space: string, id: string, what: 'request' | 'order', reason: string): Promise<void> {
	const name = what === 'request' ? 'procurement.decline' : 'procurement.declineOrder';
	return mutate(db, space, name, { id, reason });
}

export function acceptOrder(space: string, id: string): Promise<void> {
	return mutate(db, space, 'procurement.acceptOrder', { id });
}

/** Records a delivery (its id made here, so the BAST can name it); lines of quantity 0 are left out. */
export async function ship(
	space: string,
	id: string,
	delivery: { method: 'courier' | 'own'; courier?: string; tracking?: string; items: LineQty[] }
): Promise<string> {
	const deliveryId = uuidv7();
	await mutate(db, space, 'procurement.ship', {
		id,
		deliveryId,
		method: delivery.method,
		courier: delivery.method === 'courier' ? delivery.courier : null,
		tracking: delivery.method === 'courier' ? delivery.tracking : null,
		items: delivery.items.filter((item) => item.qty > 0)
	});
	return deliveryId;
}

/** Sends the invoice for the quantities given (what was received and not invoiced yet). */
export async function sendInvoice(space: string, id: string, items: LineQty[]): Promise<string> {
	const invoiceId = uuidv7();
	await mutate(db, space, 'procurement.invoice', { id, invoiceId, items });
	return invoiceId;
}

/** Asks a lender for an advance on an invoice. */
export async function requestAdvance(
	space: string,
	args: { procurementId: string; invoiceId: string; lenderId: string; amount: number }
): Promise<string> {
	const id = uuidv7();
	await mutate(db, space, 'advance.request', { id, ...args });
	return id;
}

/**
 * Runs a step and answers the i18n key of why the phone refused it (the same rule the server runs, or a
 * field the schema refuses), or null when it was saved. Anything else is a bug and is thrown.
 */
export async function attempt(step: () => Promise<unknown>): Promise<string | null> {
	try {
		await step();
		return null;
	} catch (caught) {
		if (caught instanceof LocalChangeError) return caught.code;
		if (caught instanceof InvalidChange) return caught.issues[0]?.message ?? 'err.invalid';
		throw caught;
	}
}
