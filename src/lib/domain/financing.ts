import * as z from 'zod/mini';
import type { AdvanceTerms } from './procurement-money';
import type { MonthlyProfit } from './expense';
import type { ChangedBy } from './records';
import { isNib, readNik } from './nik';

/** The three KUR products and the amounts each may lend (rupiah, inclusive). */
export const KUR_PRODUCTS = {
	super_mikro: { min: 1, max: 10_000_000 },
	mikro: { min: 10_000_001, max: 100_000_000 },
	kecil: { min: 100_000_001, max: 500_000_000 }
} as const;
export type KurProduct = keyof typeof KUR_PRODUCTS;
export const KUR_PRODUCT_NAMES = Object.keys(KUR_PRODUCTS) as KurProduct[];

/** A lender organisation (a bank, a cooperative) as a history entry names it. */
export interface LenderRef {
	id: string;
	name: string;
}

/**
 * A lender organisation the admin made, with the KUR products it offers: what the seller picks from in the
 * form (see lender.ts for its rules).
 */
export interface Lender extends LenderRef {
	products: KurProduct[];
	/** Invoice financing terms in force (server configuration, the same for every lender today). */ advanceTerms?: AdvanceTerms;
}

/** Longest tenor in months per purpose: working capital 3 years, investment 5. */
export const MAX_TENOR: Readonly<Record<Purpose, number>> = { modal_kerja: 36, investasi: 60 };
export type Purpose = 'modal_kerja' | 'investasi';

/** Above this amount an NPWP (tax number) is required. */
export const NPWP_THRESHOLD = 50_000_000;
export const MIN_BUSINESS_MONTHS = 6;
export const MIN_AGE = 21;

/**
 * Yearly interest rates in percent, by product. Configuration, not code: the server reads overrides from
 * the environment (see src/lib/server/kur-config.ts) and sends them to phones with the application.
 */
export interface KurRates {
	super_mikro: number;
	mikro: number;
	kecil: number;
}
export const DEFAULT_KUR_RATES: KurRates = { super_mikro: 6, mikro: 6, kecil: 6 };

export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

export const DOCUMENT_KINDS = ['ktp', 'business', 'license'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type FinancingStatus =
	'draft' | 'submitted' | 'in_review' | 'needs_revision' | 'approved' | 'rejected';

/** Whether the seller may still change the form: a draft, or one the lender returned for revision. */
export function isEditable(status: FinancingStatus): boolean {
	return status === 'draft' || status === 'needs_revision';
}

const text = (max: number) => z.nullable(z.string().check(z.trim(), z.maxLength(max, 'err.text_too_long')));
const sha = z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'err.photo_invalid')));

/**
 * Every field of the form, each optional while drafting (null clears it). A patch sends only the fields
 * typed, so a facilitator's phone and the seller's phone can fill different parts.
 */
export const financingFields = z.object({
	product: z.optional(
		z.nullable(z.enum(KUR_PRODUCT_NAMES as [KurProduct, ...KurProduct[]], 'err.kur_product'))
	),
	/**
	 * The lender the seller sends the application to, one of those the admin made (`GET /api/lenders`);
	 * `financing.submit` checks that it exists and offers the product.
	 */
	lenderId: z.optional(z.nullable(z.uuid('err.lender_invalid'))),
	amount: z.optional(
		z.nullable(
			z.int('err.amount_whole').check(z.gte(1, 'err.amount_whole'), z.lte(500_000_000, 'err.amount_too_high'))
		)
	),
	purpose: z.optional(z.nullable(z.enum(['modal_kerja', 'investasi'], 'err.purpose'))),
	tenorMonths: z.optional(
		z.nullable(z.int('err.tenor_whole').check(z.gte(1, 'err.tenor_whole'), z.lte(60, 'err.tenor_too_long')))
	),
	fullName: z.optional(text(100)),
	nik: z.optional(z.nullable(z.string().check(z.regex(/^\d{16}$/, 'err.nik_format')))),
	birthDate: z.optional(z.nullable(z.iso.date('err.date_invalid'))),
	maritalStatus: z.optional(z.nullable(z.enum(MARITAL_STATUSES, 'err.marital_status'))),
	address: z.optional(text(500)),
	businessName: z.optional(text(100)),
	businessType: z.optional(text(100)),
	/** `YYYY-MM`, when the business started. */
	businessStartedAt: z.optional(
		z.nullable(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'err.month_invalid')))
	),
	nib: z.optional(z.nullable(z.string().check(z.regex(/^\d{13}$/, 'err.nib_format')))),
	/** Number of the village business letter (Surat Keterangan Usaha), for sellers without an NIB. */
	skuLetter: z.optional(text(100)),
	npwp: z.optional(z.nullable(z.string().check(z.regex(/^\d{15,16}$/, 'err.npwp_format')))),
	monthlyRevenue: z.optional(z.nullable(z.int('err.amount_whole').check(z.gte(0, 'err.amount_whole')))),
	employees: z.optional(
		z.nullable(
			z
				.int('err.employees_whole')
				.check(z.gte(0, 'err.employees_whole'), z.lte(10_000, 'err.employees_whole'))
		)
	),
	ktpPhoto: z.optional(sha),
	businessPhoto: z.optional(sha),
	licensePhoto: z.optional(sha),
	/** Attach the profit report of the last 3 whole months: the server computes it at submission. */
	includeProfitReport: z.optional(z.nullable(z.boolean()))
});
export type FinancingFields = z.infer<typeof financingFields>;
export type FinancingFieldName = keyof FinancingFields;

export const financingPatchArgs = z.object({ id: z.uuid('err.id_invalid'), fields: financingFields });
export type FinancingPatchArgs = z.infer<typeof financingPatchArgs>;
export const financingSubmitArgs = z.object({ id: z.uuid('err.id_invalid') });

/**
 * Applies a patch field by field: each field given replaces the one before, the rest stay. Applied in
 * the server's order, two phones filling different fields both keep theirs.
 */
export function mergeFields(base: FinancingFields, patch: FinancingFields): FinancingFields {
	const next: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(patch)) {
		if (value !== undefined) next[key] = value;
	}
	return next as FinancingFields;
}

/** Full years between a birth date and a day, both `YYYY-MM-DD`. */
export function ageOn(birthDate: string, day: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number);
	const [y, m, d] = day.split('-').map(Number);
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whole months from `YYYY-MM` to a day `YYYY-MM-DD`. */
export function monthsSince(yearMonth: string, day: string): number {
	const [sy, sm] = yearMonth.split('-').map(Number);
	const [y, m] = day.split('-').map(Number);
	return (y - sy) * 12 + (m - sm);
}

/** The product whose range holds an amount. */
export function productForAmount(amount: number): KurProduct | null {
	return (
		KUR_PRODUCT_NAMES.find((name) => amount >= KUR_PRODUCTS[name].min && amount <= KUR_PRODUCTS[name].max) ??
		null
	);
}

export interface Check {
	/** i18n key of the rule, in plain words. */
	rule: string;
	ok: boolean;
	/** i18n key of what is wrong, when not ok. */
	problem?: string;
	params?: Record<string, string | number>;
}

/**
 * The eligibility pre-check in plain words, before submitting: every field needed is filled and valid,
 * the business has run ≥ 6 months, the applicant is ≥ 21 or married, the amount is within the product,
 * a lender is chosen (and, when `lenders` is given, is one of them and offers the product), the tenor is
 * within the purpose, and the documents are there (NPWP above Rp50 juta).
 * The server runs the same function again on submission, with the lenders it knows.
 */
export function checkEligibility(
	fields: FinancingFields,
	today: string,
	lenders?: readonly Lender[]
): Check[] {
	const checks: Check[] = [];
	const need = (field: FinancingFieldName, rule: string) => {
		const value = fields[field];
		const ok = value !== undefined && value !== null && value !== '';
		checks.push(ok ? { rule, ok } : { rule, ok, problem: 'financing.missing' });
		return ok;
	};
	need('fullName', 'financing.rule_name');
	if (need('nik', 'financing.rule_nik')) {
		const facts = readNik(fields.nik!, new Date(`${today}T00:00:00Z`));
		const last = checks[checks.length - 1];
		if ('error' in facts) Object.assign(last, { ok: false, problem: facts.error });
		else if (fields.birthDate && facts.birthDate !== fields.birthDate) {
			Object.assign(last, { ok: false, problem: 'err.nik_birth_mismatch' });
		}
	}
	if (need('birthDate', 'financing.rule_age') && need('maritalStatus', 'financing.rule_marital')) {
		const age = ageOn(fields.birthDate!, today);
		const ok = age >= MIN_AGE || fields.maritalStatus === 'married';
		checks.push(
			ok
				? { rule: 'financing.rule_adult', ok }
				: { rule: 'financing.rule_adult', ok, problem: 'financing.too_young', params: { age } }
		);
	}
	need('address', 'financing.rule_address');
	need('businessName', 'financing.rule_business_name');
	if (need('businessStartedAt', 'financing.rule_business_age')) {
		const months = monthsSince(fields.businessStartedAt!, today);
		if (months < MIN_BUSINESS_MONTHS) {
			Object.assign(checks[checks.length - 1], {
				ok: false,
				problem: 'financing.business_too_new',
				params: { months }
			});
		}
	}
	const licensed = (fields.nib && isNib(fields.nib)) || !!fields.skuLetter;
	checks.push(
		licensed
			? { rule: 'financing.rule_license', ok: true }
			: { rule: 'financing.rule_license', ok: false, problem: 'financing.license_missing' }
	);
	if (need('product', 'financing.rule_product') && need('amount', 'financing.rule_amount')) {
		const range = KUR_PRODUCTS[fields.product!];
		if (fields.amount! < range.min || fields.amount! > range.max) {
			Object.assign(checks[checks.length - 1], {
				ok: false,
				problem: 'financing.amount_outside',
				params: { min: range.min, max: range.max }
			});
		}
	}
	if (need('lenderId', 'financing.rule_lender') && lenders) {
		const lender = lenders.find((candidate) => candidate.id === fields.lenderId);
		const last = checks[checks.length - 1];
		if (!lender) Object.assign(last, { ok: false, problem: 'financing.lender_unknown' });
		else if (fields.product && !lender.products.includes(fields.product)) {
			Object.assign(last, {
				ok: false,
				problem: 'financing.lender_product',
				params: { lender: lender.name, product: fields.product }
			});
		}
	}
	if (need('purpose', 'financing.rule_purpose') && need('tenorMonths', 'financing.rule_tenor')) {
		const max = MAX_TENOR[fields.purpose!];
		if (fields.tenorMonths! > max) {
			Object.assign(checks[checks.length - 1], {
				ok: false,
				problem: 'financing.tenor_too_long',
				params: { max }
			});
		}
	}
	need('monthlyRevenue', 'financing.rule_revenue');
	need('ktpPhoto', 'financing.rule_ktp_photo');
	need('businessPhoto', 'financing.rule_business_photo');
	if ((fields.amount ?? 0) > NPWP_THRESHOLD) need('npwp', 'financing.rule_npwp');
	return checks;
}

/** Whether every check passed. */
export function isEligible(checks: readonly Check[]): boolean {
	return checks.every((check) => check.ok);
}

export interface Installment {
	monthly: number;
	total: number;
	interest: number;
}

/**
 * Monthly installment of an annuity (equal payments, interest on the remaining balance — "bunga efektif"):
 * P·r / (1 − (1 + r)^−n) with r the yearly rate / 12, rounded to whole rupiah; total = monthly × n.
 */
export function installment(amount: number, months: number, yearlyRatePercent: number): Installment {
	const rate = yearlyRatePercent / 100 / 12;
	const exact = rate === 0 ? amount / months : (amount * rate) / (1 - (1 + rate) ** -months);
	const monthly = Math.round(exact);
	const total = monthly * months;
	return { monthly, total, interest: total - amount };
}

/** The figures a lender sees instead of what the seller typed: computed from the orders. */
export interface SalesRecord {
	/** The six whole months before the application, oldest first: `YYYY-MM` and revenue. */
	months: { month: string; revenue: number; orders: number }[];
	totalRevenue: number;
	orderCount: number;
	averageOrder: number;
	/** Months with at least one sale. */
	activeMonths: number;
	/**
	 * The profit of the three whole months before the application, oldest first, when the seller chose
	 * to attach it (`fields.includeProfitReport`): computed by the server from the synced orders and
	 * expenses, like the rest of the record.
	 */
	profit?: MonthlyProfit[];
}

const monthFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Jakarta',
	year: 'numeric',
	month: '2-digit'
});

/**
 * The sales record of the six whole months before `today` (`YYYY-MM-DD`), from orders that were not
 * cancelled, by the month they were placed in Western Indonesian Time. The phone shows it while the
 * seller fills the form; the server recomputes it from the synced orders at submission.
 */
export function salesRecord(
	orders: readonly { createdAt: string; total: number; status: string }[],
	today: string
): SalesRecord {
	const [year, month] = today.split('-').map(Number);
	const months: SalesRecord['months'] = [];
	for (let back = 6; back >= 1; back--) {
		const date = new Date(Date.UTC(year, month - 1 - back, 1));
		months.push({ month: date.toISOString().slice(0, 7), revenue: 0, orders: 0 });
	}
	const byMonth = new Map(months.map((entry) => [entry.month, entry]));
	for (const order of orders) {
		if (order.status === 'cancelled') continue;
		const entry = byMonth.get(monthFormat.format(new Date(order.createdAt)));
		if (!entry) continue;
		entry.revenue += order.total;
		entry.orders += 1;
	}
	const totalRevenue = months.reduce((sum, entry) => sum + entry.revenue, 0);
	const orderCount = months.reduce((sum, entry) => sum + entry.orders, 0);
	return {
		months,
		totalRevenue,
		orderCount,
		averageOrder: orderCount ? Math.round(totalRevenue / orderCount) : 0,
		activeMonths: months.filter((entry) => entry.orders > 0).length
	};
}

/** The sales of the month `today` is in, so far: the record above counts only whole months before it. */
export interface SalesSoFar {
	/** `YYYY-MM`. */
	month: string;
	revenue: number;
	orders: number;
}

/**
 * The sales of the current month up to now (Western Indonesian Time, cancelled orders left out): shown
 * beside the six-month record, which leaves this month out, so 48 sales today never read as "none".
 */
export function salesThisMonth(
	orders: readonly { createdAt: string; total: number; status: string }[],
	today: string
): SalesSoFar {
	const month = today.slice(0, 7);
	let revenue = 0;
	let count = 0;
	for (const order of orders) {
		if (order.status === 'cancelled' || monthFormat.format(new Date(order.createdAt)) !== month) continue;
		revenue += order.total;
		count += 1;
	}
	return { month, revenue, orders: count };
}

/** A lender's decision, with the note the seller reads. */
export interface FinancingDecision {
	status: 'in_review' | 'needs_revision' | 'approved' | 'rejected';
	note: string | null;
	by: { id: string; name: string };
	at: string;
}

/**
 * The application went to another lender: an admin moved it, or the seller sent it again (after "Perlu
 * perbaikan") to another one. `from` is null for an application that had none (submitted before lenders
 * were chosen, see migration 007).
 */
export interface FinancingMove {
	status: 'moved';
	from: LenderRef | null;
	to: LenderRef;
	note: string | null;
	by: { id: string; name: string };
	at: string;
}

/** One line of an application's history, oldest first: a lender's decision or a move. */
export type FinancingEvent = FinancingDecision | FinancingMove;

export function isMove(event: FinancingEvent): event is FinancingMove {
	return event.status === 'moved';
}

/** One KUR application of a seller's business, as it syncs. */
export interface FinancingApplication {
	id: string;
	spaceId: string;
	status: FinancingStatus;
	fields: FinancingFields;
	/** Who last changed each field and when (server time once synced), for "diubah oleh pendamping Budi". */
	fieldChanges: Partial<Record<FinancingFieldName, { by: { id: string | null; name: string }; at: string }>>;
	/** The yearly rate in percent for the chosen product, from the server's configuration. */
	ratePercent: number | null;
	/** Computed by the server from the synced orders when submitted. */
	salesRecord: SalesRecord | null;
	submittedAt: string | null;
	/** The history: every decision of a lender and every move to another lender, oldest first. */
	decisions: FinancingEvent[];
	/** Who changed it last, and in what role (set by the server; null for records written before it was kept). */
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/** Rupiah amounts inside a rule's problem (`Rp{{min}}`) read as Indonesians write them: 10.000.001. */
const thousands = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/**
 * A value inside a rule's problem as a person reads it: amounts written the Indonesian way, a KUR product
 * (`{{product}}`) by its name ("KUR Kecil", the key `financing.product_kecil`).
 */
export function paramWords(
	key: string,
	value: string | number,
	say: (key: string) => string
): string | number {
	if (typeof value === 'number') return Math.abs(value) >= 1000 ? thousands.format(value) : value;
	if (key === 'product' && Object.hasOwn(KUR_PRODUCTS, value)) return say(`financing.product_${value}`);
	return value;
}

/**
 * Why a submission that fails the eligibility checks is refused, every reason in plain words: "Belum
 * lengkap: Foto KTP, NPWP (wajib di atas Rp50 juta). Belum memenuhi syarat: Usaha baru berjalan 3 bulan".
 * `say` gives a key's wording with its placeholders filled. Null when every check passed.
 */
export function eligibilityRefusal(
	checks: readonly Check[],
	say: (key: string, params?: Record<string, string | number>) => string
): string | null {
	const failed = checks.filter((check) => !check.ok);
	if (failed.length === 0) return null;
	const missing = failed.filter((check) => check.problem === 'financing.missing');
	const wrong = failed.filter((check) => check.problem !== 'financing.missing');
	const parts: string[] = [];
	if (missing.length) {
		parts.push(
			say('err.financing_incomplete', { items: missing.map((check) => say(check.rule)).join(', ') })
		);
	}
	if (wrong.length) {
		const items = wrong.map((check) => {
			const params = Object.fromEntries(
				Object.entries(check.params ?? {}).map(([key, value]) => [key, paramWords(key, value, say)])
			);
			return check.problem ? `${say(check.rule)}: ${say(check.problem, params)}` : say(check.rule);
		});
		parts.push(say('err.financing_ineligible', { items: items.join('; ') }));
	}
	return parts.join('. ');
}

/** Applications a lender may still decide on. */
export const OPEN_FOR_DECISION: readonly FinancingStatus[] = ['submitted', 'in_review'];

/**
 * An application with a lender's decision added, or why it cannot be: a draft is none of the lender's
 * business (`not_found`), a decided one stays decided and "in review" twice says nothing (`conflict`),
 * and rejecting or returning it for revision ("Perlu perbaikan") needs a note the seller reads.
 */
export function decideFinancing(
	current: FinancingApplication,
	decision: FinancingDecision,
	version: number
): FinancingApplication | { error: 'invalid' | 'not_found' | 'conflict'; message: string } {
	const { status, note } = decision;
	if ((status === 'needs_revision' || status === 'rejected') && !note) {
		return { error: 'invalid', message: 'err.note_required' };
	}
	if (
		!OPEN_FOR_DECISION.includes(current.status) ||
		(status === 'in_review' && current.status === 'in_review')
	) {
		if (current.status === 'draft') return { error: 'not_found', message: 'err.financing_missing' };
		return { error: 'conflict', message: 'err.financing_not_open' };
	}
	return {
		...current,
		status,
		decisions: [...current.decisions, decision],
		version,
		updatedAt: decision.at
	};
}
