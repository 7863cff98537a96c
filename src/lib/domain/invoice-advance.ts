import * as z from 'zod/mini';
import { advanceFee, advanceMonths, maxAdvance, type AdvanceTerms } from './procurement-money';
import type { Invoice, Procurement } from './procurement';
import type { Actor, ChangedBy } from './records';

/**
 * Invoice financing (`Pembiayaan tagihan`): on an invoice an institution has not paid yet, and whose goods a
 * BAST confirmed, the seller asks one lender for an advance of up to a configured share of it at a monthly
 * fee, both shown before they ask. The lender approves or rejects it in the portal; when the institution pays
 * the invoice, the advance is repaid. One record per advance in the seller's space; only the lender it was
 * sent to sees it (the same rule as a KUR application).
 */

export const ADVANCE_STATUSES = ['requested', 'approved', 'rejected', 'repaid'] as const;
export type AdvanceStatus = (typeof ADVANCE_STATUSES)[number];

export interface InvoiceAdvance {
	id: string;
	spaceId: string;
	procurementId: string;
	invoiceId: string;
	/** Shown on the phone and to the lender: the invoice's number, buyer and payable amount when asked. */
	invoiceNumber: string | null;
	organisationName: string;
	invoicePayable: number;
	dueDate: string;
	lender: { id: string; name: string };
	amount: number;
	fee: number;
	months: number;
	terms: AdvanceTerms;
	status: AdvanceStatus;
	decisions: { status: 'approved' | 'rejected'; note: string | null; by: Actor; at: string }[];
	requestedAt: string;
	repaidAt: string | null;
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/** `advance.request`: the seller asks the chosen lender for `amount` on one invoice. */
export const advanceRequestArgs = z.object({
	id: z.uuid('err.id_invalid'),
	procurementId: z.uuid('err.id_invalid'),
	invoiceId: z.uuid('err.id_invalid'),
	lenderId: z.uuid('advance.err_lender'),
	amount: z.int({ error: 'err.amount_whole' }).check(z.gte(1, 'advance.err_amount'))
});
export type AdvanceRequestArgs = z.infer<typeof advanceRequestArgs>;

/** The lender's decision on an advance. */
export const advanceDecisionInput = z.object({
	id: z.uuid('err.id_invalid'),
	status: z.enum(['approved', 'rejected'], 'err.decision_status'),
	note: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(1000, 'err.text_too_long'))))
});
export type AdvanceDecisionInput = z.input<typeof advanceDecisionInput>;

/** What the seller sees before asking: the most they may ask, and the fee and what reaches them for `amount`. */
export function advanceQuote(
	invoice: Pick<Invoice, 'amounts' | 'dueDate'>,
	amount: number,
	today: string,
	terms: AdvanceTerms
): { max: number; fee: number; months: number; received: number } {
	const fee = advanceFee(amount, today, invoice.dueDate, terms);
	return {
		max: maxAdvance(invoice.amounts.payable, terms),
		fee,
		months: advanceMonths(today, invoice.dueDate),
		received: amount - fee
	};
}

/** The advances that still stand on an invoice (asked or given, not refused nor repaid). */
export function isOpenAdvance(advance: Pick<InvoiceAdvance, 'status'>): boolean {
	return advance.status === 'requested' || advance.status === 'approved';
}

/**
 * A new advance: the invoice must exist on the order, carry its number (it has reached the server), be unpaid,
 * and have no other open advance; the amount at most the configured share, larger than its fee.
 */
export function requestAdvance(
	args: AdvanceRequestArgs,
	ctx: {
		spaceId: string;
		procurement: Procurement | undefined;
		lender: { id: string; name: string } | undefined;
		others: readonly Pick<InvoiceAdvance, 'invoiceId' | 'status'>[];
		terms: AdvanceTerms;
		today: string;
		at: string;
		version: number;
	}
): InvoiceAdvance | { error: 'invalid' | 'not_found' | 'conflict'; message: string } {
	const invoice = ctx.procurement?.invoices.find((item) => item.id === args.invoiceId);
	if (!ctx.procurement || !invoice) return { error: 'not_found', message: 'procurement.err_invoice_missing' };
	if (!ctx.lender) return { error: 'invalid', message: 'advance.err_lender' };
	if (!invoice.number) return { error: 'invalid', message: 'advance.err_not_sent' };
	if (invoice.paid) return { error: 'conflict', message: 'advance.err_paid' };
	if (ctx.others.some((other) => other.invoiceId === invoice.id && isOpenAdvance(other))) {
		return { error: 'conflict', message: 'advance.err_exists' };
	}
	const offer = advanceQuote(invoice, args.amount, ctx.today, ctx.terms);
	if (args.amount > offer.max) return { error: 'invalid', message: 'advance.err_too_much' };
	if (offer.received <= 0) return { error: 'invalid', message: 'advance.err_amount' };
	return {
		id: args.id,
		spaceId: ctx.spaceId,
		procurementId: ctx.procurement.id,
		invoiceId: invoice.id,
		invoiceNumber: invoice.number,
		organisationName: ctx.procurement.organisation.name,
		invoicePayable: invoice.amounts.payable,
		dueDate: invoice.dueDate,
		lender: ctx.lender,
		amount: args.amount,
		fee: offer.fee,
		months: offer.months,
		terms: ctx.terms,
		status: 'requested',
		decisions: [],
		requestedAt: ctx.at,
		repaidAt: null,
		version: ctx.version,
		createdAt: ctx.at,
		updatedAt: ctx.at
	};
}

/** The lender approves or rejects an advance still asked for; an invoice paid meanwhile cannot be advanced. */
export function decideAdvance(
	advance: InvoiceAdvance,
	decision: { status: 'approved' | 'rejected'; note: string | null; by: Actor; at: string },
	invoicePaid: boolean,
	version: number
): InvoiceAdvance | { error: 'invalid' | 'conflict'; message: string } {
	if (advance.status !== 'requested') return { error: 'conflict', message: 'advance.err_decided' };
	if (decision.status === 'approved' && invoicePaid)
		return { error: 'conflict', message: 'advance.err_paid' };
	if (decision.status === 'rejected' && !decision.note)
		return { error: 'invalid', message: 'err.note_required' };
	return {
		...advance,
		status: decision.status,
		decisions: [...advance.decisions, decision],
		version,
		updatedAt: decision.at
	};
}

/**
 * The institution paid the invoice: an approved advance is repaid from it; one still asked for is closed as
 * rejected (there is nothing left to advance on).
 */
export function settleAdvance(advance: InvoiceAdvance, at: string, version: number): InvoiceAdvance {
	if (advance.status === 'approved')
		return { ...advance, status: 'repaid', repaidAt: at, version, updatedAt: at };
	if (advance.status === 'requested') {
		return {
			...advance,
			status: 'rejected',
			decisions: [...advance.decisions, { status: 'rejected', note: null, by: { id: null, name: '' }, at }],
			version,
			updatedAt: at
		};
	}
	return advance;
}
