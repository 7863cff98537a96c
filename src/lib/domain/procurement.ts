import * as z from 'zod/mini';
import { MAX_ORDER_TOTAL, MAX_QTY } from './order';
import { MAX_PRICE, productName, productUnit } from './product';
import { TEMPO_DAYS, type InvoiceAmounts, type ProcurementTaxRates } from './procurement-money';
import type { Actor, ChangedBy } from './records';
import { nameChecks } from './text';

/**
 * An institution's order from a seller, from the request for quotation to the paid invoice: one record in
 * the seller's space (synced to their phone like an order), whose `status` moves through the steps of
 * STEP_RULES. The seller's steps are mutations from the phone; the buyer's (pemesan, penyetuju, keuangan) are
 * server-side entries through the same apply path. The rules of every step are in procurement-steps.ts.
 */

/** Who takes a step: the seller (on the phone) or a person of the buying organisation in one of its roles. */
export const PARTIES = ['seller', 'pemesan', 'penyetuju', 'keuangan'] as const;
export type Party = (typeof PARTIES)[number];

/** The roles a person of a buying organisation may hold (one person may hold several). */
export const ORGANISATION_ROLES = ['pemesan', 'penyetuju', 'keuangan'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** Kinds of buying organisation. */
export const ORGANISATION_KINDS = ['bumn', 'anak_bumn', 'kementerian', 'pemda'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const PROCUREMENT_STATUSES = [
	/** The pemesan asked for a quotation; the seller answers. */
	'requested',
	/** The seller quoted; the pemesan turns it into a purchase request (or cancels). */
	'quoted',
	/** The seller declined to quote. Ends here. */
	'declined',
	/** A purchase request waits for a penyetuju. */
	'submitted',
	/** The penyetuju returned it to the pemesan with a note ("Perlu revisi"). */
	'revision',
	/** The penyetuju refused it. Ends here. */
	'rejected',
	/** Approved: a Surat Pesanan is issued and waits for the seller to accept it. */
	'ordered',
	/** The seller declined the Surat Pesanan. Ends here. */
	'order_declined',
	/** The seller accepted: deliveries, BAST, invoices and payments happen here. */
	'accepted',
	/** Everything ordered was received, invoiced and paid. Ends here. */
	'completed',
	/** The pemesan withdrew the request before an order was issued. Ends here. */
	'cancelled'
] as const;
export type ProcurementStatus = (typeof PROCUREMENT_STATUSES)[number];

export const STEP_KINDS = [
	'quote',
	'decline',
	'cancel',
	'submit',
	'approve',
	'reject',
	'revise',
	'resubmit',
	'acceptOrder',
	'declineOrder',
	'ship',
	'receive',
	'invoice',
	'pay'
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Every step: from which statuses it may be taken, by whom, and the status it leaves (null: computed). */
export const STEP_RULES: Readonly<
	Record<StepKind, { from: readonly ProcurementStatus[]; by: Party; to: ProcurementStatus | null }>
> = {
	quote: { from: ['requested'], by: 'seller', to: 'quoted' },
	decline: { from: ['requested'], by: 'seller', to: 'declined' },
	cancel: { from: ['requested', 'quoted', 'revision'], by: 'pemesan', to: 'cancelled' },
	submit: { from: ['quoted'], by: 'pemesan', to: 'submitted' },
	approve: { from: ['submitted'], by: 'penyetuju', to: 'ordered' },
	reject: { from: ['submitted'], by: 'penyetuju', to: 'rejected' },
	revise: { from: ['submitted'], by: 'penyetuju', to: 'revision' },
	resubmit: { from: ['revision'], by: 'pemesan', to: 'submitted' },
	acceptOrder: { from: ['ordered'], by: 'seller', to: 'accepted' },
	declineOrder: { from: ['ordered'], by: 'seller', to: 'order_declined' },
	ship: { from: ['accepted'], by: 'seller', to: 'accepted' },
	receive: { from: ['accepted'], by: 'pemesan', to: 'accepted' },
	invoice: { from: ['accepted'], by: 'seller', to: 'accepted' },
	/** Paying the last open invoice of a fully received order completes it. */
	pay: { from: ['accepted'], by: 'keuangan', to: null }
};

/** The statuses nothing follows. */
export const FINAL_STATUSES: readonly ProcurementStatus[] = [
	'declined',
	'rejected',
	'order_declined',
	'completed',
	'cancelled'
];

/**
 * Why a party may not take a step now, or null when the table allows it: another party's step is
 * `forbidden`; a step from the wrong status is a `conflict` (someone moved the record first).
 */
export function stepRefusal(
	status: ProcurementStatus,
	step: StepKind,
	party: Party
): { error: 'forbidden' | 'conflict'; message: string } | null {
	const rule = STEP_RULES[step];
	if (rule.by !== party) return { error: 'forbidden', message: 'procurement.err_not_your_step' };
	if (!rule.from.includes(status)) {
		return {
			error: 'conflict',
			message: FINAL_STATUSES.includes(status) ? 'procurement.err_closed' : 'procurement.err_wrong_step'
		};
	}
	return null;
}

// --- The record -------------------------------------------------------------------------------------------

export const MAX_LINES = 50;
export const MAX_DELIVERIES = 50;
export const MAX_INVOICES = 50;

export interface ProcurementLine {
	id: string;
	/** The seller's catalog product asked for, or null for an item described in words. */
	productId: string | null;
	name: string;
	unit: string;
	qty: number;
	/** The seller's price per unit, from the quotation (null before it). */
	price: number | null;
}

export interface LineQty {
	lineId: string;
	qty: number;
}

export interface Delivery {
	id: string;
	shippedAt: string;
	method: 'courier' | 'own';
	courier: string | null;
	tracking: string | null;
	items: LineQty[];
	/** The BAST: what the pemesan confirmed arrived (null while on its way). */
	receipt: {
		number: string;
		receivedOn: string;
		items: LineQty[];
		receiverName: string;
		receiverPosition: string;
		by: Actor;
		at: string;
	} | null;
}

export interface Invoice {
	id: string;
	/** Given by the server when the invoice arrives (`TGH/WARUNGSA/2026/00001`); null until then. */
	number: string | null;
	/** WIB day the invoice is dated; the due date follows from the order's tempo. */
	issuedOn: string;
	dueDate: string;
	items: (LineQty & { price: number })[];
	amounts: InvoiceAmounts;
	paid: { reference: string; date: string; at: string; by: Actor } | null;
}

export interface ProcurementEvent {
	step: StepKind | 'request';
	party: Party;
	by: Actor;
	at: string;
	note?: string | null;
}

export interface Procurement {
	id: string;
	spaceId: string;
	organisation: { id: string; name: string };
	status: ProcurementStatus;
	lines: ProcurementLine[];
	request: {
		neededBy: string;
		deliveryAddress: string;
		note: string | null;
		by: Actor;
		at: string;
	};
	quotation: {
		deliveryDate: string;
		validUntil: string;
		note: string | null;
		total: number;
		by: Actor;
		at: string;
	} | null;
	/** The seller's reason for declining the request or the order. */
	declineReason: string | null;
	purchaseRequest: { tempoDays: number; note: string | null; by: Actor; at: string } | null;
	/** Surat Pesanan, issued on approval, with the tax rates in force then (invoices use them, offline too). */
	order: {
		number: string;
		issuedOn: string;
		tempoDays: number;
		deliveryAddress: string;
		subtotal: number;
		taxRates: ProcurementTaxRates;
		approvedBy: Actor;
	} | null;
	deliveries: Delivery[];
	invoices: Invoice[];
	history: ProcurementEvent[];
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

// --- Arguments --------------------------------------------------------------------------------------------

const id = z.uuid('err.id_invalid');
const day = z.iso.date('err.date_invalid');
const price = z
	.int({ error: 'err.price_whole' })
	.check(z.gte(0, 'err.price_negative'), z.lte(MAX_PRICE, 'err.price_too_high'));
const qty = z
	.int({ error: 'err.qty_whole' })
	.check(z.gte(1, 'err.qty_whole'), z.lte(MAX_QTY, 'err.qty_too_big'));
/** Zero allowed: a BAST may record that nothing of a line arrived. */
const receivedQty = z
	.int({ error: 'err.qty_whole' })
	.check(z.gte(0, 'err.qty_whole'), z.lte(MAX_QTY, 'err.qty_too_big'));
const note = z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(1000, 'err.text_too_long'))));
const reason = z
	.string({ error: 'procurement.err_reason' })
	.check(
		z.trim(),
		z.minLength(1, 'procurement.err_reason'),
		z.maxLength(1000, 'err.text_too_long'),
		...nameChecks('procurement.err_reason')
	);
const shortText = (required: string, max = 100) =>
	z
		.string({ error: required })
		.check(
			z.trim(),
			z.minLength(1, required),
			z.maxLength(max, 'err.text_too_long'),
			...nameChecks(required)
		);
const lineQtys = z
	.array(z.object({ lineId: id, qty }))
	.check(
		z.minLength(1, 'procurement.err_no_items'),
		z.maxLength(MAX_LINES, 'procurement.err_too_many_lines')
	);

/** `procurement.quote`: a price for every line, the delivery date and how long the offer stands. */
export const procurementQuoteArgs = z.object({
	id,
	prices: z
		.array(z.object({ lineId: id, price }))
		.check(
			z.minLength(1, 'procurement.err_no_items'),
			z.maxLength(MAX_LINES, 'procurement.err_too_many_lines')
		),
	deliveryDate: day,
	validUntil: day,
	note
});
export type ProcurementQuoteArgs = z.infer<typeof procurementQuoteArgs>;

/** `procurement.decline` / `procurement.declineOrder`: the seller says no, with a reason the buyer reads. */
export const procurementDeclineArgs = z.object({ id, reason });
export type ProcurementDeclineArgs = z.infer<typeof procurementDeclineArgs>;

/** `procurement.acceptOrder`: the seller accepts the Surat Pesanan. */
export const procurementAcceptOrderArgs = z.object({ id });
export type ProcurementAcceptOrderArgs = z.infer<typeof procurementAcceptOrderArgs>;

/** `procurement.ship`: a delivery (partial ones allowed) by courier with a tracking number, or by the seller. */
export const procurementShipArgs = z
	.object({
		id,
		deliveryId: id,
		method: z.enum(['courier', 'own'], 'procurement.err_method'),
		courier: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(60, 'err.text_too_long')))),
		tracking: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(60, 'err.text_too_long')))),
		items: lineQtys
	})
	.check(
		z.refine((args) => args.method === 'own' || (!!args.courier && !!args.tracking), {
			message: 'procurement.err_courier',
			path: ['tracking']
		})
	);
export type ProcurementShipArgs = z.infer<typeof procurementShipArgs>;

/** `procurement.invoice`: a Tagihan for quantities received (by a BAST) and not invoiced yet. */
export const procurementInvoiceArgs = z.object({ id, invoiceId: id, items: lineQtys });
export type ProcurementInvoiceArgs = z.infer<typeof procurementInvoiceArgs>;

/** The pemesan's request for quotation to one seller. */
export const quotationRequestInput = z.object({
	id,
	items: z
		.array(
			z.object({
				productId: z.optional(z.nullable(id)),
				/** For an item described in words; a catalog item keeps the catalog's name and unit. */
				name: z.optional(productName),
				unit: z.optional(productUnit),
				qty
			})
		)
		.check(
			z.minLength(1, 'procurement.err_no_items'),
			z.maxLength(MAX_LINES, 'procurement.err_too_many_lines')
		),
	neededBy: day,
	deliveryAddress: shortText('procurement.err_address', 500),
	note
});
export type QuotationRequestInput = z.input<typeof quotationRequestInput>;

/** The pemesan turns the quotation into a purchase request, with the terms of payment asked for. */
export const purchaseRequestInput = z.object({
	id,
	tempoDays: z.pipe(
		z.coerce.number({ error: 'procurement.err_tempo' }),
		z.union([z.literal(14), z.literal(30), z.literal(60), z.literal(90)], 'procurement.err_tempo')
	),
	note
});
export type PurchaseRequestInput = z.input<typeof purchaseRequestInput>;
export type TempoChoice = (typeof TEMPO_DAYS)[number];

/** The penyetuju's decision: Setuju, Tolak or Perlu revisi (the last two with a note). */
export const approvalInput = z.object({
	id,
	decision: z.enum(['approve', 'reject', 'revise'], 'procurement.err_decision'),
	note
});
export type ApprovalInput = z.input<typeof approvalInput>;

export const cancelInput = z.object({ id, note });

/** The BAST: what arrived of one delivery, and who received it. */
export const receiptInput = z.object({
	id,
	deliveryId: id,
	receivedOn: day,
	items: z
		.array(z.object({ lineId: id, qty: receivedQty }))
		.check(
			z.minLength(1, 'procurement.err_no_items'),
			z.maxLength(MAX_LINES, 'procurement.err_too_many_lines')
		),
	receiverName: shortText('procurement.err_receiver'),
	receiverPosition: shortText('procurement.err_position')
});
export type ReceiptInput = z.input<typeof receiptInput>;

/** Keuangan records the transfer that paid an invoice. */
export const paymentInput = z.object({
	id,
	invoiceId: id,
	reference: shortText('procurement.err_reference', 60),
	paidOn: day
});
export type PaymentInput = z.input<typeof paymentInput>;

/** The most one procurement may come to (the same ceiling as an order: every sum an exact number). */
export const MAX_PROCUREMENT_TOTAL = MAX_ORDER_TOTAL;

// --- Reading a record -------------------------------------------------------------------------------------

/** Per line: how much was ordered, is on its way (shipped, no BAST yet), received, invoiced, still open. */
export interface LineProgress {
	line: ProcurementLine;
	ordered: number;
	inTransit: number;
	received: number;
	invoiced: number;
	/** What the seller may still ship: ordered − received − in transit. */
	toShip: number;
	/** What the seller may still invoice: received − invoiced. */
	toInvoice: number;
}

export function lineProgress(procurement: Procurement): LineProgress[] {
	return procurement.lines.map((line) => {
		let inTransit = 0;
		let received = 0;
		for (const delivery of procurement.deliveries) {
			const sent = delivery.items.find((item) => item.lineId === line.id)?.qty ?? 0;
			if (delivery.receipt) {
				received += delivery.receipt.items.find((item) => item.lineId === line.id)?.qty ?? 0;
			} else {
				inTransit += sent;
			}
		}
		const invoiced = procurement.invoices
			.flatMap((invoice) => invoice.items)
			.filter((item) => item.lineId === line.id)
			.reduce((sum, item) => sum + item.qty, 0);
		return {
			line,
			ordered: line.qty,
			inTransit,
			received,
			invoiced,
			toShip: Math.max(0, line.qty - received - inTransit),
			toInvoice: Math.max(0, received - invoiced)
		};
	});
}

/** Money the institution still owes the seller: invoices not paid yet (the payable amount). */
export function unpaidInvoices(procurement: Procurement): Invoice[] {
	return procurement.invoices.filter((invoice) => !invoice.paid);
}

/** The status a record is shown with: an accepted order whose lines are all received reads "Diterima". */
export function isFullyReceived(procurement: Procurement): boolean {
	return lineProgress(procurement).every((progress) => progress.received >= progress.ordered);
}
