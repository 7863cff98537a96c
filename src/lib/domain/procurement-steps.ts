import { addDays, invoiceAmounts } from './procurement-money';
import type { ProcurementTaxRates } from './procurement-money';
import {
	isFullyReceived,
	lineProgress,
	MAX_DELIVERIES,
	MAX_INVOICES,
	MAX_PROCUREMENT_TOTAL,
	STEP_RULES,
	stepRefusal,
	type Delivery,
	type Invoice,
	type LineQty,
	type Party,
	type Procurement,
	type ProcurementAcceptOrderArgs,
	type ProcurementDeclineArgs,
	type ProcurementInvoiceArgs,
	type ProcurementLine,
	type ProcurementQuoteArgs,
	type ProcurementShipArgs,
	type StepKind
} from './procurement';
import type { Actor } from './records';
import { quoteRefusal, type SupplierProfile } from './supplier';

/**
 * The steps of an institution's order, each a pure function of the record and what the step brings: the
 * same code runs the seller's steps on the phone (offline) and on the server, and the buyer's steps on the
 * server. A refusal is `{error, message}` with the mutation codes (`invalid`, `forbidden`, `conflict`,
 * `not_found`) and a message key the person reads in Indonesian.
 */

export type Refusal = { error: 'invalid' | 'forbidden' | 'conflict' | 'not_found'; message: string };
export type StepResult = Procurement | Refusal;

/** What every step knows besides its arguments: who, when (server clock; `today` its WIB day), the version. */
export interface StepContext {
	party: Party;
	by: Actor;
	at: string;
	today: string;
	version: number;
}

export function isRefusal(value: unknown): value is Refusal {
	return typeof value === 'object' && value !== null && 'error' in value && 'message' in value;
}

function refuse(error: Refusal['error'], message: string): Refusal {
	return { error, message };
}

/** The record after a step: its status by STEP_RULES (or the one given), one more history entry. */
function advance(
	procurement: Procurement,
	step: StepKind,
	ctx: StepContext,
	changes: Partial<Procurement>,
	note: string | null = null
): Procurement {
	return {
		...procurement,
		...changes,
		status: changes.status ?? STEP_RULES[step].to ?? procurement.status,
		history: [
			...procurement.history,
			{ step, party: ctx.party, by: ctx.by, at: ctx.at, ...(note ? { note } : {}) }
		],
		version: ctx.version,
		updatedAt: ctx.at
	};
}

/** Quantities name lines of the record, each at most once. */
function sameLinesOnce(items: readonly LineQty[], lines: readonly ProcurementLine[]): boolean {
	const ids = new Set(lines.map((line) => line.id));
	const seen = new Set<string>();
	for (const item of items) {
		if (!ids.has(item.lineId) || seen.has(item.lineId)) return false;
		seen.add(item.lineId);
	}
	return true;
}

// --- The seller's steps (phone and server) ------------------------------------------------------------------

/**
 * The seller's quotation: a price for every line, delivery no earlier than today, an offer valid from today
 * on. Only a seller who takes institutional orders and whose legal data is complete may quote.
 */
export function quote(
	procurement: Procurement,
	args: ProcurementQuoteArgs,
	ctx: StepContext,
	supplier: SupplierProfile | null | undefined
): StepResult {
	const refusal = stepRefusal(procurement.status, 'quote', ctx.party);
	if (refusal) return refusal;
	const notReady = quoteRefusal(supplier);
	if (notReady) return refuse('invalid', notReady);
	const prices = new Map(args.prices.map((item) => [item.lineId, item.price]));
	if (
		prices.size !== args.prices.length ||
		prices.size !== procurement.lines.length ||
		procurement.lines.some((line) => !prices.has(line.id))
	) {
		return refuse('invalid', 'procurement.err_prices');
	}
	if (args.deliveryDate < ctx.today || args.validUntil < ctx.today) {
		return refuse('invalid', 'procurement.err_date_past');
	}
	const lines = procurement.lines.map((line) => ({ ...line, price: prices.get(line.id)! }));
	const total = lines.reduce((sum, line) => sum + line.qty * line.price, 0);
	if (total > MAX_PROCUREMENT_TOTAL) return refuse('invalid', 'err.total_too_big');
	return advance(procurement, 'quote', ctx, {
		lines,
		quotation: {
			deliveryDate: args.deliveryDate,
			validUntil: args.validUntil,
			note: args.note || null,
			total,
			by: ctx.by,
			at: ctx.at
		}
	});
}

/** The seller declines the request (`decline`) or the Surat Pesanan (`declineOrder`), with a reason. */
export function decline(
	procurement: Procurement,
	step: 'decline' | 'declineOrder',
	args: ProcurementDeclineArgs,
	ctx: StepContext
): StepResult {
	const refusal = stepRefusal(procurement.status, step, ctx.party);
	if (refusal) return refusal;
	return advance(procurement, step, ctx, { declineReason: args.reason }, args.reason);
}

/** The seller accepts the Surat Pesanan: from now on they ship. */
export function acceptOrder(
	procurement: Procurement,
	_args: ProcurementAcceptOrderArgs,
	ctx: StepContext
): StepResult {
	return (
		stepRefusal(procurement.status, 'acceptOrder', ctx.party) ?? advance(procurement, 'acceptOrder', ctx, {})
	);
}

/** A delivery of what is still to ship (partial deliveries allowed; never more than was ordered). */
export function ship(procurement: Procurement, args: ProcurementShipArgs, ctx: StepContext): StepResult {
	const refusal = stepRefusal(procurement.status, 'ship', ctx.party);
	if (refusal) return refusal;
	if (procurement.deliveries.some((delivery) => delivery.id === args.deliveryId)) {
		return refuse('conflict', 'procurement.err_delivery_exists');
	}
	if (procurement.deliveries.length >= MAX_DELIVERIES)
		return refuse('invalid', 'procurement.err_too_many_steps');
	if (!sameLinesOnce(args.items, procurement.lines)) return refuse('invalid', 'procurement.err_lines');
	const progress = new Map(lineProgress(procurement).map((item) => [item.line.id, item]));
	if (args.items.some((item) => item.qty > progress.get(item.lineId)!.toShip)) {
		return refuse('invalid', 'procurement.err_ship_too_much');
	}
	const delivery: Delivery = {
		id: args.deliveryId,
		shippedAt: ctx.at,
		method: args.method,
		courier: args.method === 'courier' ? args.courier || null : null,
		tracking: args.method === 'courier' ? args.tracking || null : null,
		items: args.items.map((item) => ({ lineId: item.lineId, qty: item.qty })),
		receipt: null
	};
	return advance(procurement, 'ship', ctx, { deliveries: [...procurement.deliveries, delivery] });
}

/**
 * A Tagihan for quantities received by a BAST and not invoiced yet, priced as quoted, taxed with the rates
 * the Surat Pesanan was issued with (PPN only for a PKP seller), due `tempoDays` after today. The number is
 * the server's (null on the phone until it arrives).
 */
export function invoice(
	procurement: Procurement,
	args: ProcurementInvoiceArgs,
	ctx: StepContext,
	seller: { pkp: boolean; number: string | null }
): StepResult {
	const refusal = stepRefusal(procurement.status, 'invoice', ctx.party);
	if (refusal) return refusal;
	const order = procurement.order!;
	if (procurement.invoices.some((existing) => existing.id === args.invoiceId)) {
		return refuse('conflict', 'procurement.err_invoice_exists');
	}
	if (procurement.invoices.length >= MAX_INVOICES) return refuse('invalid', 'procurement.err_too_many_steps');
	if (!sameLinesOnce(args.items, procurement.lines)) return refuse('invalid', 'procurement.err_lines');
	const progress = new Map(lineProgress(procurement).map((item) => [item.line.id, item]));
	if (args.items.some((item) => item.qty > progress.get(item.lineId)!.toInvoice)) {
		return refuse('invalid', 'procurement.err_invoice_too_much');
	}
	const items = args.items.map((item) => ({
		lineId: item.lineId,
		qty: item.qty,
		price: progress.get(item.lineId)!.line.price ?? 0
	}));
	const created: Invoice = {
		id: args.invoiceId,
		number: seller.number,
		issuedOn: ctx.today,
		dueDate: addDays(ctx.today, order.tempoDays),
		items,
		amounts: invoiceAmounts(items, seller.pkp, order.taxRates),
		paid: null
	};
	return advance(procurement, 'invoice', ctx, { invoices: [...procurement.invoices, created] });
}

// --- The buyer's steps (server only) ---------------------------------------------------------------------

/** The pemesan withdraws a request before a Surat Pesanan is issued. */
export function cancel(procurement: Procurement, note: string | null, ctx: StepContext): StepResult {
	return (
		stepRefusal(procurement.status, 'cancel', ctx.party) ?? advance(procurement, 'cancel', ctx, {}, note)
	);
}

/** The pemesan turns a quotation still valid today into a purchase request, with the tempo asked for. */
export function submit(
	procurement: Procurement,
	input: { tempoDays: number; note?: string | null },
	ctx: StepContext
): StepResult {
	const refusal = stepRefusal(procurement.status, 'submit', ctx.party);
	if (refusal) return refusal;
	if (procurement.quotation!.validUntil < ctx.today)
		return refuse('conflict', 'procurement.err_quote_expired');
	return advance(procurement, 'submit', ctx, {
		purchaseRequest: { tempoDays: input.tempoDays, note: input.note || null, by: ctx.by, at: ctx.at }
	});
}

/** The pemesan sends a returned purchase request again, its tempo and note changed or not. */
export function resubmit(
	procurement: Procurement,
	input: { tempoDays?: number; note?: string | null },
	ctx: StepContext
): StepResult {
	const refusal = stepRefusal(procurement.status, 'resubmit', ctx.party);
	if (refusal) return refusal;
	const previous = procurement.purchaseRequest!;
	return advance(
		procurement,
		'resubmit',
		ctx,
		{
			purchaseRequest: {
				tempoDays: input.tempoDays ?? previous.tempoDays,
				note: input.note || previous.note,
				by: ctx.by,
				at: ctx.at
			}
		},
		input.note || null
	);
}

/** Who asked for a record: whoever requested the quotation or sent the purchase request. */
export function requesters(procurement: Procurement): string[] {
	// Every sending counts, from the history: when a colleague sends a returned request again, the one who
	// sent it first still asked for it (purchaseRequest.by names only the last sender).
	const senders = procurement.history
		.filter((event) => event.step === 'request' || event.step === 'submit' || event.step === 'resubmit')
		.map((event) => event.by.id);
	const ids = [procurement.request.by.id, procurement.purchaseRequest?.by.id, ...senders];
	return [...new Set(ids)].filter((id): id is string => !!id);
}

/**
 * The penyetuju's decision. Nobody approves, rejects or returns a request they asked for themselves. Tolak and
 * Perlu revisi need a note. Setuju issues the Surat Pesanan with the number the server reserved for it and
 * the tax rates in force.
 */
export function decide(
	procurement: Procurement,
	input: { decision: 'approve' | 'reject' | 'revise'; note?: string | null },
	ctx: StepContext,
	issue: { number: string; taxRates: ProcurementTaxRates } | null
): StepResult {
	const refusal = stepRefusal(procurement.status, input.decision, ctx.party);
	if (refusal) return refusal;
	if (ctx.by.id && requesters(procurement).includes(ctx.by.id)) {
		return refuse('forbidden', 'procurement.err_own_request');
	}
	const note = input.note || null;
	if (input.decision !== 'approve') {
		if (!note) return refuse('invalid', 'err.note_required');
		return advance(procurement, input.decision, ctx, {}, note);
	}
	if (!issue) throw new Error('an approval needs the Surat Pesanan number');
	return advance(
		procurement,
		'approve',
		ctx,
		{
			order: {
				number: issue.number,
				issuedOn: ctx.today,
				tempoDays: procurement.purchaseRequest!.tempoDays,
				deliveryAddress: procurement.request.deliveryAddress,
				subtotal: procurement.quotation!.total,
				taxRates: issue.taxRates,
				approvedBy: ctx.by
			}
		},
		note
	);
}

/**
 * The BAST of one delivery: what arrived (never more than was shipped in it), when (not in the future), and
 * who received it. What did not arrive stays open: the seller may ship it again.
 */
export function receive(
	procurement: Procurement,
	input: {
		deliveryId: string;
		receivedOn: string;
		items: LineQty[];
		receiverName: string;
		receiverPosition: string;
	},
	ctx: StepContext,
	number: string
): StepResult {
	const refusal = stepRefusal(procurement.status, 'receive', ctx.party);
	if (refusal) return refusal;
	const delivery = procurement.deliveries.find((item) => item.id === input.deliveryId);
	if (!delivery) return refuse('not_found', 'procurement.err_delivery_missing');
	if (delivery.receipt) return refuse('conflict', 'procurement.err_already_received');
	if (input.receivedOn > ctx.today) return refuse('invalid', 'procurement.err_date_future');
	// No check against the shipment's date: a seller offline for days records the shipment when the phone
	// syncs, after the goods arrived, so the BAST may well be dated before the server heard of the shipment.
	const shipped = new Map(delivery.items.map((item) => [item.lineId, item.qty]));
	const seen = new Set<string>();
	for (const item of input.items) {
		if (!shipped.has(item.lineId) || seen.has(item.lineId)) return refuse('invalid', 'procurement.err_lines');
		if (item.qty > shipped.get(item.lineId)!) return refuse('invalid', 'procurement.err_receive_too_much');
		seen.add(item.lineId);
	}
	const items = delivery.items.map((item) => ({
		lineId: item.lineId,
		qty: input.items.find((received) => received.lineId === item.lineId)?.qty ?? 0
	}));
	const deliveries = procurement.deliveries.map((item) =>
		item.id === delivery.id
			? {
					...item,
					receipt: {
						number,
						receivedOn: input.receivedOn,
						items,
						receiverName: input.receiverName,
						receiverPosition: input.receiverPosition,
						by: ctx.by,
						at: ctx.at
					}
				}
			: item
	);
	return advance(procurement, 'receive', ctx, { deliveries });
}

/** Everything ordered was received and invoiced, and every invoice is paid. */
export function isSettled(procurement: Procurement): boolean {
	return (
		isFullyReceived(procurement) &&
		lineProgress(procurement).every((progress) => progress.toInvoice === 0) &&
		procurement.invoices.every((item) => item.paid)
	);
}

/**
 * Keuangan records the transfer that paid an invoice (once: a second payment of it is refused). Paying the
 * last open invoice of an order received and invoiced in full completes it.
 */
export function pay(
	procurement: Procurement,
	input: { invoiceId: string; reference: string; paidOn: string },
	ctx: StepContext
): StepResult {
	const refusal = stepRefusal(procurement.status, 'pay', ctx.party);
	if (refusal) return refusal;
	const target = procurement.invoices.find((item) => item.id === input.invoiceId);
	if (!target) return refuse('not_found', 'procurement.err_invoice_missing');
	if (target.paid) return refuse('conflict', 'procurement.err_paid_twice');
	if (input.paidOn > ctx.today) return refuse('invalid', 'procurement.err_date_future');
	if (input.paidOn < target.issuedOn) return refuse('invalid', 'procurement.err_paid_before_invoice');
	const invoices = procurement.invoices.map((item) =>
		item.id === target.id
			? { ...item, paid: { reference: input.reference, date: input.paidOn, at: ctx.at, by: ctx.by } }
			: item
	);
	const next = { ...procurement, invoices };
	return advance(next, 'pay', ctx, { invoices, status: isSettled(next) ? 'completed' : 'accepted' });
}

/** A catalog product as a request for quotation may name it. */
export interface CatalogItem {
	id: string;
	name: string;
	unit: string;
	active: boolean;
}

/**
 * A new request for quotation from a pemesan to one seller: catalog items keep the catalog's name and unit
 * (an inactive or unknown product is refused), items in words need both; needed no earlier than today.
 */
export function requestQuotation(
	input: {
		id: string;
		items: { productId?: string | null; name?: string; unit?: string; qty: number }[];
		neededBy: string;
		deliveryAddress: string;
		note?: string | null;
	},
	ctx: StepContext & {
		spaceId: string;
		organisation: { id: string; name: string };
		catalog: ReadonlyMap<string, CatalogItem>;
		newId: () => string;
	}
): StepResult {
	if (ctx.party !== 'pemesan') return refuse('forbidden', 'procurement.err_not_your_step');
	if (input.neededBy < ctx.today) return refuse('invalid', 'procurement.err_date_past');
	const lines: ProcurementLine[] = [];
	for (const item of input.items) {
		if (item.productId) {
			const product = ctx.catalog.get(item.productId);
			if (!product?.active) return refuse('not_found', 'procurement.err_product');
			lines.push({
				id: ctx.newId(),
				productId: product.id,
				name: product.name,
				unit: product.unit,
				qty: item.qty,
				price: null
			});
		} else {
			if (!item.name || !item.unit) return refuse('invalid', 'procurement.err_item_words');
			lines.push({
				id: ctx.newId(),
				productId: null,
				name: item.name,
				unit: item.unit,
				qty: item.qty,
				price: null
			});
		}
	}
	const note = input.note || null;
	return {
		id: input.id,
		spaceId: ctx.spaceId,
		organisation: ctx.organisation,
		status: 'requested',
		lines,
		request: {
			neededBy: input.neededBy,
			deliveryAddress: input.deliveryAddress,
			note,
			by: ctx.by,
			at: ctx.at
		},
		quotation: null,
		declineReason: null,
		purchaseRequest: null,
		order: null,
		deliveries: [],
		invoices: [],
		history: [{ step: 'request', party: ctx.party, by: ctx.by, at: ctx.at, ...(note ? { note } : {}) }],
		version: ctx.version,
		createdAt: ctx.at,
		updatedAt: ctx.at
	};
}
