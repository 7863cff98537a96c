import { isOpenAdvance, type InvoiceAdvance } from '$lib/domain/invoice-advance';
import {
	FINAL_STATUSES,
	isFullyReceived,
	lineProgress,
	stepRefusal,
	type Invoice,
	type Procurement,
	type ProcurementEvent,
	type ProcurementLine,
	type ProcurementStatus
} from '$lib/domain/procurement';
import {
	addDays,
	daysLate,
	DEFAULT_TAX_RATES,
	invoiceAmounts,
	type InvoiceAmounts
} from '$lib/domain/procurement-money';
import type { Translate } from './order-views';

// What the seller's screens of institutions' orders show, from the records on the phone. Pure functions with
// no Dexie and no Svelte, unit-tested in Node; words a person reads are i18n keys of the `instansi` section.

// --- What the seller may do --------------------------------------------------------------------------------

/** The seller's steps on a record, as buttons of its screen. */
export type SellerAction = 'quote' | 'decline' | 'acceptOrder' | 'declineOrder' | 'ship' | 'invoice';

/**
 * What the seller can do now: the steps the rules allow them from this status, and of ship and invoice only
 * those with something left (a line still to send, a BAST not invoiced yet).
 */
export function sellerActions(procurement: Procurement): SellerAction[] {
	const allowed = (['quote', 'decline', 'acceptOrder', 'declineOrder', 'ship', 'invoice'] as const).filter(
		(step) => stepRefusal(procurement.status, step, 'seller') === null
	);
	if (!allowed.includes('ship')) return allowed;
	const progress = lineProgress(procurement);
	return allowed.filter((step) => {
		if (step === 'ship') return progress.some((line) => line.toShip > 0);
		if (step === 'invoice') return progress.some((line) => line.toInvoice > 0);
		return true;
	});
}

// --- The list ------------------------------------------------------------------------------------------------

/** The list's groups, in the order the seller meets them: what needs an answer first. */
export const GROUPS = ['quote', 'act', 'unpaid', 'waiting', 'paid', 'closed'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_LABELS: Readonly<Record<Group, string>> = {
	quote: 'instansi.group_quote',
	act: 'instansi.group_act',
	unpaid: 'instansi.group_unpaid',
	waiting: 'instansi.group_waiting',
	paid: 'instansi.group_paid',
	closed: 'instansi.group_closed'
};

/** Which group a record is listed in. */
export function groupOf(procurement: Procurement): Group {
	if (procurement.status === 'requested') return 'quote';
	if (procurement.status === 'completed') return 'paid';
	if (FINAL_STATUSES.includes(procurement.status)) return 'closed';
	if (sellerActions(procurement).length > 0) return 'act';
	if (procurement.invoices.some((invoice) => !invoice.paid)) return 'unpaid';
	return 'waiting';
}

/** The earliest due date of a record's unpaid invoices (or null). */
function earliestDue(procurement: Procurement): string | null {
	const due = procurement.invoices.filter((invoice) => !invoice.paid).map((invoice) => invoice.dueDate);
	return due.length ? due.sort()[0] : null;
}

/** The day a group sorts by (ascending): what is needed or due soonest first; else most recent first. */
function sortKey(procurement: Procurement, group: Group): string {
	if (group === 'quote') return procurement.request.neededBy;
	if (group === 'unpaid') return earliestDue(procurement) ?? '';
	return '';
}

/** The records in their groups (empty groups left out), each group in the order the seller works it. */
export function groupProcurements(
	procurements: readonly Procurement[]
): { group: Group; items: Procurement[] }[] {
	const byGroup = new Map<Group, Procurement[]>(GROUPS.map((group) => [group, []]));
	for (const procurement of procurements) byGroup.get(groupOf(procurement))!.push(procurement);
	return GROUPS.map((group) => ({
		group,
		items: byGroup.get(group)!.sort((a, b) => {
			const [keyA, keyB] = [sortKey(a, group), sortKey(b, group)];
			if (keyA !== keyB) return keyA < keyB ? -1 : 1;
			return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
		})
	})).filter((entry) => entry.items.length > 0);
}

/** How many records wait for the seller's answer (a quotation, or a step on an order): the Pesanan link's count. */
export function needsAnswerCount(procurements: readonly Procurement[]): number {
	return procurements.filter((procurement) => {
		const group = groupOf(procurement);
		return group === 'quote' || group === 'act';
	}).length;
}

// --- Status and invoices --------------------------------------------------------------------------------------

export const STATUS_LABELS: Readonly<Record<ProcurementStatus | 'received', string>> = {
	requested: 'instansi.status_requested',
	quoted: 'instansi.status_quoted',
	declined: 'instansi.status_declined',
	submitted: 'instansi.status_submitted',
	revision: 'instansi.status_revision',
	rejected: 'instansi.status_rejected',
	ordered: 'instansi.status_ordered',
	order_declined: 'instansi.status_order_declined',
	accepted: 'instansi.status_accepted',
	received: 'instansi.status_received',
	completed: 'instansi.status_completed',
	cancelled: 'instansi.status_cancelled'
};

/** The status as the seller reads it: an accepted order whose goods all arrived reads "Sudah diterima". */
export function statusLabel(procurement: Procurement): string {
	if (procurement.status === 'accepted' && isFullyReceived(procurement)) return STATUS_LABELS.received;
	return STATUS_LABELS[procurement.status];
}

export type InvoiceState = { kind: 'paid' } | { kind: 'unpaid' } | { kind: 'late'; days: number };

/** Belum dibayar / Terlambat N hari / Dibayar. */
export function invoiceState(invoice: Pick<Invoice, 'dueDate' | 'paid'>, today: string): InvoiceState {
	if (invoice.paid) return { kind: 'paid' };
	const days = daysLate(invoice, today);
	return days > 0 ? { kind: 'late', days } : { kind: 'unpaid' };
}

/** The words of an invoice's state. */
export function invoiceStateText(state: InvoiceState, t: Translate): string {
	if (state.kind === 'paid') return t('instansi.invoice_paid');
	if (state.kind === 'late') return t('instansi.invoice_late', { count: state.days });
	return t('instansi.invoice_unpaid');
}

export interface MoneyWaiting {
	/** What institutions still have to transfer: the to-be-paid amounts of every unpaid invoice. */
	total: number;
	invoices: number;
	/** The soonest due date of them, and how many days late it is (0: not late). */
	nextDue: { date: string; daysLate: number } | null;
	lateCount: number;
}

/** Money waiting from institutions, for the home screen's card. */
export function moneyWaiting(procurements: readonly Procurement[], today: string): MoneyWaiting {
	const unpaid = procurements.flatMap((procurement) =>
		procurement.invoices.filter((invoice) => !invoice.paid)
	);
	const dates = unpaid.map((invoice) => invoice.dueDate).sort();
	return {
		total: unpaid.reduce((sum, invoice) => sum + invoice.amounts.payable, 0),
		invoices: unpaid.length,
		nextDue: dates.length
			? { date: dates[0], daysLate: daysLate({ dueDate: dates[0], paid: null }, today) }
			: null,
		lateCount: unpaid.filter((invoice) => daysLate(invoice, today) > 0).length
	};
}

// --- Forms: what a step will send, shown before it is sent ------------------------------------------------

/**
 * The quotation's totals as the seller types prices: subtotal, PPN when the seller is PKP (at the rate in
 * force by default; the Surat Pesanan fixes it later) and the total. Lines without a price count as 0.
 */
export function quoteTotals(
	lines: readonly Pick<ProcurementLine, 'id' | 'qty'>[],
	prices: Readonly<Record<string, number | null>>,
	pkp: boolean
): Pick<InvoiceAmounts, 'subtotal' | 'ppn' | 'total'> {
	const { subtotal, ppn, total } = invoiceAmounts(
		lines.map((line) => ({ qty: line.qty, price: prices[line.id] ?? 0 })),
		pkp,
		DEFAULT_TAX_RATES
	);
	return { subtotal, ppn, total };
}

/** What an invoice sent today would hold: every line received and not invoiced yet, taxed as the order says. */
export function invoiceDraft(
	procurement: Procurement,
	pkp: boolean,
	today: string
): {
	items: { lineId: string; name: string; unit: string; qty: number; price: number }[];
	amounts: InvoiceAmounts;
	dueDate: string;
} | null {
	if (!procurement.order) return null;
	const items = lineProgress(procurement)
		.filter((progress) => progress.toInvoice > 0)
		.map(({ line, toInvoice }) => ({
			lineId: line.id,
			name: line.name,
			unit: line.unit,
			qty: toInvoice,
			price: line.price ?? 0
		}));
	if (items.length === 0) return null;
	return {
		items,
		amounts: invoiceAmounts(items, pkp, procurement.order.taxRates),
		dueDate: addDays(today, procurement.order.tempoDays)
	};
}

/** The quantities a delivery starts with: everything still to send of each line. */
export function shipDefaults(procurement: Procurement): Record<string, number> {
	return Object.fromEntries(lineProgress(procurement).map((progress) => [progress.line.id, progress.toShip]));
}

/** The advance that stands on an invoice (asked, given or repaid, the latest), or undefined. */
export function advanceOf(
	invoiceId: string,
	advances: readonly InvoiceAdvance[]
): InvoiceAdvance | undefined {
	const mine = advances.filter((advance) => advance.invoiceId === invoiceId);
	return mine.find(isOpenAdvance) ?? mine.find((advance) => advance.status === 'repaid') ?? mine.at(-1);
}

/** Whether the seller may ask for an advance on this invoice now (it reached the server, unpaid, none open). */
export function mayAskAdvance(invoice: Invoice, advances: readonly InvoiceAdvance[]): boolean {
	return (
		!!invoice.number &&
		!invoice.paid &&
		!advances.some((advance) => advance.invoiceId === invoice.id && isOpenAdvance(advance))
	);
}

// --- History ---------------------------------------------------------------------------------------------------

/** The history, newest first. */
export function historyNewestFirst(procurement: Pick<Procurement, 'history'>): ProcurementEvent[] {
	return procurement.history
		.map((event, index) => ({ event, index }))
		.sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : b.index - a.index))
		.map(({ event }) => event);
}

/** One line of the history: "Wati (pemesan) meminta penawaran". */
export function describeEvent(event: ProcurementEvent, t: Translate): string {
	const name = event.by.name.trim() || t('instansi.someone');
	const who =
		event.party === 'seller'
			? name
			: t('instansi.by_party', { name, party: t(`instansi.party_${event.party}`) });
	return t(`instansi.event_${event.step}`, { name: who });
}
