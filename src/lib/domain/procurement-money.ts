/**
 * The money of an institution's order: the invoice's taxes, its due date and lateness, the advance a lender
 * may give on it, and the numbers of its documents. Rates are parameters (the server reads them from its
 * configuration, like KUR_RATES), never constants of the rule. Pure: imports nothing outside the domain.
 */

/**
 * Tax rates as basis points (1 % = 100), so every amount is exact integer arithmetic.
 * - `ppn`: PPN a PKP seller charges. Since 2025 the rate is 12 % of a base of 11/12 of the price for ordinary
 *   goods (PMK 131/2024), i.e. 11 % of the price: the default is 1100.
 * - `pph`: income tax the buyer withholds from the seller (PPh 22 on a government or BUMN purchase of goods,
 *   1.5 %: 150), taken from the price before PPN.
 */
export interface ProcurementTaxRates {
	ppnBasisPoints: number;
	pphBasisPoints: number;
}

export const DEFAULT_TAX_RATES: ProcurementTaxRates = { ppnBasisPoints: 1100, pphBasisPoints: 150 };

/**
 * Invoice financing terms: the largest share of the invoice's payable amount a lender advances, and its fee
 * per month (both basis points; the default 80 % and 1.5 % a month).
 */
export interface AdvanceTerms {
	maxShareBasisPoints: number;
	monthlyFeeBasisPoints: number;
}

export const DEFAULT_ADVANCE_TERMS: AdvanceTerms = { maxShareBasisPoints: 8000, monthlyFeeBasisPoints: 150 };

/** Payment terms an institution may give: days from the invoice to its due date. */
export const TEMPO_DAYS = [14, 30, 60, 90] as const;
export type TempoDays = (typeof TEMPO_DAYS)[number];

/** `amount × basisPoints / 10,000`, rounded down to the rupiah (in BigInt: no float ever touches money). */
export function shareOf(amount: number, basisPoints: number): number {
	return Number((BigInt(amount) * BigInt(basisPoints)) / 10_000n);
}

/** A rate in basis points as people read it: 1100 → `11`, 150 → `1,5`. */
export function formatRate(basisPoints: number): string {
	return (basisPoints / 100).toLocaleString('id-ID', { maximumFractionDigits: 2 });
}

export interface InvoiceAmounts {
	subtotal: number;
	ppn: number;
	/** What the invoice asks for before withholding: subtotal + PPN. */
	total: number;
	pph: number;
	/** What the buyer transfers: total − the PPh it withholds and pays to the state itself. */
	payable: number;
}

/**
 * The amounts of an invoice for what was received: PPN only when the seller is PKP; PPh withheld from the
 * subtotal. Every tax is rounded down to the rupiah.
 */
export function invoiceAmounts(
	lines: readonly { qty: number; price: number }[],
	pkp: boolean,
	rates: ProcurementTaxRates
): InvoiceAmounts {
	const subtotal = lines.reduce((sum, line) => sum + line.qty * line.price, 0);
	const ppn = pkp ? shareOf(subtotal, rates.ppnBasisPoints) : 0;
	const pph = shareOf(subtotal, rates.pphBasisPoints);
	return { subtotal, ppn, total: subtotal + ppn, pph, payable: subtotal + ppn - pph };
}

/** `2026-11-28` + 30 → `2026-12-28` (calendar days; the day is a WIB date, no time zone involved). */
export function addDays(day: string, days: number): string {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Whole days from one WIB date to another (negative when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
	const [y1, m1, d1] = from.split('-').map(Number);
	const [y2, m2, d2] = to.split('-').map(Number);
	return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/**
 * How many days an invoice is late: an unpaid one counted to `today`, a paid one to the day it was paid;
 * 0 when not (yet) past its due date.
 */
export function daysLate(invoice: { dueDate: string; paid: { date: string } | null }, today: string): number {
	return Math.max(0, daysBetween(invoice.dueDate, invoice.paid ? invoice.paid.date : today));
}

/**
 * The fee of an advance: the monthly fee for every month or part of one from the day it is asked for to the
 * invoice's due date (at least one month), rounded up to the rupiah (a lender never gets a rupiah less than
 * it showed).
 */
export function advanceFee(amount: number, fromDay: string, dueDate: string, terms: AdvanceTerms): number {
	const months = advanceMonths(fromDay, dueDate);
	const fee = BigInt(amount) * BigInt(terms.monthlyFeeBasisPoints) * BigInt(months);
	return Number((fee + 9_999n) / 10_000n);
}

/** Months an advance runs, each begun counted whole, at least one. */
export function advanceMonths(fromDay: string, dueDate: string): number {
	return Math.max(1, Math.ceil(daysBetween(fromDay, dueDate) / 30));
}

/** The most a lender may advance on an invoice. */
export function maxAdvance(payable: number, terms: AdvanceTerms): number {
	return shareOf(payable, terms.maxShareBasisPoints);
}

// --- Document numbers ------------------------------------------------------------------------------------

/** The kinds of numbered documents: Surat Pesanan, BAST, Tagihan. */
export const DOCUMENT_PREFIXES = { purchase_order: 'SP', bast: 'BAST', invoice: 'TGH' } as const;
export type NumberedDocument = keyof typeof DOCUMENT_PREFIXES;

/** An organisation's (or a seller's) short code in document numbers: 2–10 capital letters or digits. */
export function isDocumentCode(code: string): boolean {
	return /^[A-Z0-9]{2,10}$/.test(code);
}

/** A seller's code in invoice numbers, from the shop's slug: `warung-bu-sari` → `WARUNGBU`. */
export function codeFromSlug(slug: string): string {
	const code = slug
		.replace(/[^a-z0-9]/gi, '')
		.toUpperCase()
		.slice(0, 8);
	return code.length >= 2 ? code : `${code}XX`.slice(0, 2);
}

/** `SP/PTKAI/2026/00042`: kind, issuer's code, year, the issuer's sequence in that year (5 digits or more). */
export function documentNumber(kind: NumberedDocument, code: string, year: number, sequence: number): string {
	if (!isDocumentCode(code)) throw new Error(`not a document code: ${code}`);
	// Four digits, as parseDocumentNumber reads it back.
	if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`not a year: ${year}`);
	if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`not a sequence: ${sequence}`);
	return `${DOCUMENT_PREFIXES[kind]}/${code}/${year}/${String(sequence).padStart(5, '0')}`;
}

/** Reads a number back: null for anything documentNumber would not write. */
export function parseDocumentNumber(
	number: string
): { kind: NumberedDocument; code: string; year: number; sequence: number } | null {
	const match = /^(SP|BAST|TGH)\/([A-Z0-9]{2,10})\/([1-9]\d{3})\/(\d{5,})$/.exec(number);
	if (!match) return null;
	// One way to write each number: no sequence 0, no zero before a sequence of five digits or more
	// (`…/000042` is not `…/00042`), nothing past a safe integer.
	const sequence = Number(match[4]);
	if (!Number.isSafeInteger(sequence) || sequence < 1 || String(sequence).padStart(5, '0') !== match[4]) {
		return null;
	}
	const kind = (Object.keys(DOCUMENT_PREFIXES) as NumberedDocument[]).find(
		(key) => DOCUMENT_PREFIXES[key] === match[1]
	)!;
	return { kind, code: match[2], year: Number(match[3]), sequence };
}

/** The scope a sequence counts in: one per kind, issuer and year. */
export function sequenceScope(kind: NumberedDocument, code: string): string {
	return `${DOCUMENT_PREFIXES[kind]}/${code}`;
}
