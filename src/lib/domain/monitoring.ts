import { jakartaDay } from './dates';
import type { FinancingApplication } from './financing';
import type { InvoiceAdvance } from './invoice-advance';
import type { Order } from './order';
import type { Invoice, Procurement } from './procurement';
import { addDays, daysBetween } from './procurement-money';

/**
 * The programme monitoring's rules (issue 14): what each write adds to the summary figures, and how the
 * figures are shown. Every figure is a *contribution* of one record (an order, a procurement, a KUR
 * application, an invoice advance) to a set of cells; a write moves the cells by the contribution after it
 * minus the contribution before it (`cellDelta`), so a cancelled order takes back exactly what it added and
 * a paid invoice moves its value from committed to paid. Days are Western Indonesian Time (WIB) days.
 */

/** A cell describing fewer sellers than this is shown as "< 5" (so a figure cannot single out one seller). */
export const SMALL_CELL = 5;

/** How many days back an order still makes a seller *active* (today and the 13 days before it). */
export const ACTIVE_DAYS = 14;

/** `YYYY-MM` of a WIB day `YYYY-MM-DD`. */
export function monthOf(day: string): string {
	return day.slice(0, 7);
}

/** `YYYY-MM` in WIB of an instant. */
export function monthOfInstant(iso: string): string {
	return monthOf(jakartaDay(iso));
}

/** The first WIB day on which a seller whose last order was that day is still active `today`. */
export function activeSince(today: string): string {
	return addDays(today, -(ACTIVE_DAYS - 1));
}

// --- Cells and deltas -------------------------------------------------------------------------------------

/** A cell: its key (the dimensions) and its measures, all integers that add up. */
export interface Cell<M extends string> {
	key: string;
	measures: Record<M, number>;
}

/**
 * What a write moves: for every key, the measures after minus before. Keys whose every measure is 0 are
 * left out (nothing to write), so a write that changes no figure costs no statement.
 */
export function cellDelta<M extends string>(before: Cell<M>[], after: Cell<M>[]): Cell<M>[] {
	const sums = new Map<string, Record<string, number>>();
	const add = (cells: Cell<M>[], sign: 1 | -1) => {
		for (const cell of cells) {
			const sum = sums.get(cell.key) ?? {};
			for (const [name, value] of Object.entries(cell.measures) as [string, number][]) {
				sum[name] = (sum[name] ?? 0) + sign * value;
			}
			sums.set(cell.key, sum);
		}
	};
	add(before, -1);
	add(after, 1);
	return [...sums]
		.filter(([, measures]) => Object.values(measures).some((value) => value !== 0))
		.map(([key, measures]) => ({ key, measures: measures as Record<M, number> }));
}

/**
 * How a write changes the number of sellers a summary cell describes, from one seller's row in it: +1 when
 * the row's figure goes from nothing to something, −1 when it goes back to nothing (a cancelled first order),
 * else 0. `after` is the row's figure after the write, `delta` what the write added.
 */
export function sellerChange(after: number, delta: number): -1 | 0 | 1 {
	const before = after - delta;
	if (before <= 0 && after > 0) return 1;
	if (before > 0 && after <= 0) return -1;
	return 0;
}

/**
 * Whether a figure summed over several months may be shown, from the number of sellers each month of it
 * describes (exact per month): shown when some month alone describes 5 or more, a lower bound of the sellers
 * of the whole period, so a cell of fewer than 5 is never shown (one of more may be, cautiously, hidden).
 */
export function smallOverMonths(monthlySellers: readonly number[]): boolean {
	const most = Math.max(0, ...monthlySellers);
	return most < SMALL_CELL && monthlySellers.some((count) => count > 0);
}

// --- Sales (every channel) --------------------------------------------------------------------------------

export type SalesMeasure = 'orders' | 'amount';

/**
 * A seller's order in the sales figures: one order and its total in the WIB month it was made, whatever its
 * payment; a cancelled order counts for nothing.
 */
export function orderSales(
	order: Pick<Order, 'status' | 'total' | 'createdAt'> | null
): Cell<SalesMeasure>[] {
	if (!order || order.status === 'cancelled') return [];
	return [{ key: monthOfInstant(order.createdAt), measures: { orders: 1, amount: order.total } }];
}

// --- Spend of institutions (procurement) ------------------------------------------------------------------

export type SpendMeasure = 'orders' | 'committed' | 'paid';

/** Statuses in which a Surat Pesanan stands (issued and not declined). */
const ORDER_STANDS = new Set<Procurement['status']>(['ordered', 'accepted', 'completed']);

/**
 * A procurement in the spend figures, keyed by WIB month: once its Surat Pesanan is issued, one order and
 * its value not yet paid (`committed`, the order's subtotal less the subtotals of paid invoices) in the
 * month of the Surat Pesanan; every paid invoice's payable amount (what reached the seller) in the month it
 * was paid. A request, a quotation, a declined or rejected order is no spend; a completed one has nothing
 * committed left.
 */
export function procurementSpend(
	record: Pick<Procurement, 'status' | 'order' | 'invoices'> | null
): Cell<SpendMeasure>[] {
	if (!record?.order || !ORDER_STANDS.has(record.status)) return [];
	const paid = record.invoices.filter((invoice) => invoice.paid);
	const paidSubtotal = paid.reduce((sum, invoice) => sum + invoice.amounts.subtotal, 0);
	const committed = record.status === 'completed' ? 0 : Math.max(0, record.order.subtotal - paidSubtotal);
	return [
		{ key: monthOf(record.order.issuedOn), measures: { orders: 1, committed, paid: 0 } },
		...paid.map((invoice) => ({
			key: monthOf(invoice.paid!.date),
			measures: { orders: 0, committed: 0, paid: invoice.amounts.payable }
		}))
	];
}

// --- Paying on time ---------------------------------------------------------------------------------------

/** Days from the BAST to the day paid, in WIB calendar days (across month and year ends). */
export function daysToPay(bastOn: string, paidOn: string): number {
	return Math.max(0, daysBetween(bastOn, paidOn));
}

/** Whether an invoice is late on `today`: past its due day and not paid. */
export function isLate(invoice: { dueOn: string; paidOn: string | null }, today: string): boolean {
	return invoice.paidOn === null && invoice.dueOn < today;
}

/**
 * The BAST an invoice pays for: the last one received on or before the invoice's day (an invoice bills what
 * arrived), else the first one after it, else the invoice's own day (no BAST recorded).
 */
export function bastDayOf(
	record: Pick<Procurement, 'deliveries'>,
	invoice: Pick<Invoice, 'issuedOn'>
): string {
	const days = record.deliveries
		.flatMap((delivery) => (delivery.receipt ? [delivery.receipt.receivedOn] : []))
		.sort();
	return days.filter((day) => day <= invoice.issuedOn).at(-1) ?? days[0] ?? invoice.issuedOn;
}

/** An invoice as the paying-on-time figures see it. */
export interface InvoiceFact {
	invoiceId: string;
	amount: number;
	bastOn: string;
	dueOn: string;
	paidOn: string | null;
}

/** The invoices of a procurement, for the open-invoice list and the days-to-pay table. */
export function invoiceFacts(record: Pick<Procurement, 'deliveries' | 'invoices'> | null): InvoiceFact[] {
	return (record?.invoices ?? []).map((invoice) => ({
		invoiceId: invoice.id,
		amount: invoice.amounts.payable,
		bastOn: bastDayOf(record!, invoice),
		dueOn: invoice.dueDate,
		paidOn: invoice.paid?.date ?? null
	}));
}

/** What a procurement write changes in the invoice tables: invoices to open, and invoices paid now. */
export function invoiceChanges(
	before: Pick<Procurement, 'deliveries' | 'invoices'> | null,
	after: Pick<Procurement, 'deliveries' | 'invoices'> | null
): { opened: InvoiceFact[]; paid: (InvoiceFact & { paidOn: string; days: number })[] } {
	const earlier = new Map(invoiceFacts(before).map((fact) => [fact.invoiceId, fact]));
	const opened: InvoiceFact[] = [];
	const paid: (InvoiceFact & { paidOn: string; days: number })[] = [];
	for (const fact of invoiceFacts(after)) {
		const was = earlier.get(fact.invoiceId);
		if (!was && fact.paidOn === null) opened.push(fact);
		if (fact.paidOn !== null && !was?.paidOn) {
			paid.push({ ...fact, paidOn: fact.paidOn, days: daysToPay(fact.bastOn, fact.paidOn) });
		}
	}
	return { opened, paid };
}

/**
 * The value at quantile `q` (0.5 the median, 0.9 the 90th percentile) of values given as a histogram of
 * `[value, count]`, by the nearest-rank rule (the smallest value with at least ⌈q·n⌉ values at or below
 * it: always a value that occurred); null for no values.
 */
export function percentile(histogram: readonly (readonly [number, number])[], q: number): number | null {
	const sorted = histogram.filter(([, count]) => count > 0).toSorted((a, b) => a[0] - b[0]);
	const total = sorted.reduce((sum, [, count]) => sum + count, 0);
	if (total === 0) return null;
	const rank = Math.max(1, Math.ceil(q * total));
	let seen = 0;
	for (const [value, count] of sorted) {
		seen += count;
		if (seen >= rank) return value;
	}
	return sorted.at(-1)![0];
}

// --- Financing --------------------------------------------------------------------------------------------

export type FinancingMeasure = 'count' | 'amount';
export const FINANCING_EVENTS = {
	kur: ['submitted', 'approved', 'rejected'],
	advance: ['requested', 'approved', 'rejected', 'repaid']
} as const;

const financingKey = (kind: 'kur' | 'advance', event: string, at: string) =>
	`${monthOfInstant(at)}|${kind}|${event}`;

/**
 * A KUR application in the financing figures: submitted in the month it was (last) sent, with its amount;
 * approved or rejected in the month of that decision.
 */
export function kurFinancing(
	application: Pick<FinancingApplication, 'status' | 'fields' | 'submittedAt' | 'decisions'> | null
): Cell<FinancingMeasure>[] {
	if (!application?.submittedAt) return [];
	const amount = application.fields.amount ?? 0;
	const cells = [
		{ key: financingKey('kur', 'submitted', application.submittedAt), measures: { count: 1, amount } }
	];
	if (application.status === 'approved' || application.status === 'rejected') {
		const decision = application.decisions.findLast((event) => event.status === application.status);
		const at = decision?.at ?? application.submittedAt;
		cells.push({ key: financingKey('kur', application.status, at), measures: { count: 1, amount } });
	}
	return cells;
}

/** An invoice advance in the financing figures: requested, then approved or rejected, then repaid. */
export function advanceFinancing(
	advance: Pick<InvoiceAdvance, 'status' | 'amount' | 'createdAt' | 'decisions' | 'repaidAt'> | null
): Cell<FinancingMeasure>[] {
	if (!advance) return [];
	const { amount } = advance;
	const cells = [
		{ key: financingKey('advance', 'requested', advance.createdAt), measures: { count: 1, amount } }
	];
	const decision = advance.decisions.at(-1);
	if (decision && advance.status !== 'requested') {
		cells.push({
			key: financingKey('advance', decision.status, decision.at),
			measures: { count: 1, amount }
		});
	} else if (advance.status === 'rejected') {
		// Rejected when the invoice was paid before any decision (settleAdvance): in the month of the payment.
		cells.push({
			key: financingKey('advance', 'rejected', advance.createdAt),
			measures: { count: 1, amount }
		});
	}
	if (advance.status === 'repaid' && advance.repaidAt) {
		cells.push({ key: financingKey('advance', 'repaid', advance.repaidAt), measures: { count: 1, amount } });
	}
	return cells;
}

/** The parts of a financing key: `YYYY-MM|kind|event`. */
export function financingKeyParts(key: string): { month: string; kind: 'kur' | 'advance'; event: string } {
	const [month, kind, event] = key.split('|');
	return { month, kind: kind as 'kur' | 'advance', event };
}

// --- Showing figures --------------------------------------------------------------------------------------

/** A figure as a page, a CSV or a workbook shows it: the number, or "< 5" for a cell of too few sellers. */
export type Shown = number | '< 5';

/** The figure, or "< 5" when the cell describes fewer than SMALL_CELL distinct sellers (0 sellers: 0). */
export function suppress(value: number, sellers: number): Shown {
	return sellers > 0 && sellers < SMALL_CELL ? '< 5' : value;
}

/** Whether a row of figures describes too few sellers to show. */
export function isSmallCell(sellers: number): boolean {
	return sellers > 0 && sellers < SMALL_CELL;
}

/** Progress towards a target, in whole percent (null without a target). */
export function progressPercent(value: number, target: number | null): number | null {
	if (!target || target <= 0) return null;
	return Math.floor((value * 100) / target);
}
