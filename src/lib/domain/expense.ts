import * as z from 'zod/mini';
import { MAX_PRICE } from './product';
import type { ChangedBy } from './records';

/**
 * What a seller spends money on, in the order the form offers them: belanja stok, listrik, sewa, gaji,
 * transport, lain-lain.
 */
export const EXPENSE_CATEGORIES = [
	'stock_purchase',
	'electricity',
	'rent',
	'salary',
	'transport',
	'other'
] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** The most one expense may be: the same ceiling as a price, so a month's sum stays an exact number. */
export const MAX_EXPENSE_AMOUNT = MAX_PRICE;
export const MAX_EXPENSE_NOTE = 500;

/** A receipt photo's name: the SHA-256 of its bytes (kept with the private documents, never public). */
const receiptHash = z
	.string({ error: 'err.photo_invalid' })
	.check(z.regex(/^[0-9a-f]{64}$/, 'err.photo_invalid'));

export const expenseAmount = z
	.int({ error: 'err.amount_whole' })
	.check(z.gte(1, 'expense.err_amount'), z.lte(MAX_EXPENSE_AMOUNT, 'err.price_too_high'));

/** The arguments of `expense.put`: a create when the id is new, otherwise a patch of the fields given. */
export const expensePutArgs = z.object({
	id: z.uuid('err.id_invalid'),
	category: z.optional(z.enum(EXPENSE_CATEGORIES, { error: 'expense.err_category' })),
	amount: z.optional(expenseAmount),
	/** The day it was spent, in Western Indonesian Time (`YYYY-MM-DD`). */
	date: z.optional(z.iso.date('err.date_invalid')),
	note: z.optional(
		z.nullable(z.string().check(z.trim(), z.maxLength(MAX_EXPENSE_NOTE, 'err.text_too_long')))
	),
	/** The receipt's photo (a private document of the space), or null for none. */
	photo: z.optional(z.nullable(receiptHash))
});
export type ExpensePutArgs = z.infer<typeof expensePutArgs>;

export const expenseDeleteArgs = z.object({ id: z.uuid('err.id_invalid') });
export type ExpenseDeleteArgs = z.infer<typeof expenseDeleteArgs>;

/** An expense as the server stores it and as pull sends it. */
export interface Expense {
	id: string;
	spaceId: string;
	category: ExpenseCategory;
	amount: number;
	/** `YYYY-MM-DD`, Western Indonesian Time. */
	date: string;
	note: string | null;
	/** SHA-256 of the receipt photo, served only from `/api/documents/{sha256}?space=`. */
	photo: string | null;
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

const PATCH_FIELDS = ['category', 'amount', 'date', 'note', 'photo'] as const;

/** Applies an `expense.put` to an expense (or creates it), the same way on the phone and on the server. */
export function applyExpensePut(
	existing: Expense | undefined,
	args: ExpensePutArgs,
	base: Pick<Expense, 'spaceId' | 'version' | 'updatedAt'>
): Expense | { error: string } {
	if (!existing) {
		if (args.category === undefined) return { error: 'expense.err_category' };
		if (args.amount === undefined) return { error: 'expense.err_amount' };
		if (args.date === undefined) return { error: 'err.date_invalid' };
		return {
			id: args.id,
			spaceId: base.spaceId,
			category: args.category,
			amount: args.amount,
			date: args.date,
			note: args.note || null,
			photo: args.photo ?? null,
			version: base.version,
			createdAt: base.updatedAt,
			updatedAt: base.updatedAt
		};
	}
	const next: Expense = { ...existing, version: base.version, updatedAt: base.updatedAt };
	for (const field of PATCH_FIELDS) {
		const value = args[field];
		if (value !== undefined)
			(next as unknown as Record<string, unknown>)[field] = value === '' ? null : value;
	}
	return next;
}

// --- Profit (laba) -----------------------------------------------------------------------------------

/** `2026-11-28` → `2026-11`. */
export function monthOfDay(day: string): string {
	return day.slice(0, 7);
}

/** `2026-01` and -2 → `2025-11`. */
export function addMonths(month: string, delta: number): string {
	const [year, m] = month.split('-').map(Number);
	const date = new Date(Date.UTC(year, m - 1 + delta, 1));
	return date.toISOString().slice(0, 7);
}

/**
 * The categories a month's profit subtracts. Belanja stok is not among them: the stock bought is counted
 * when it is sold, as its cost price (the cost of goods sold); subtracting the purchase too would count
 * the same goods twice. The report still lists it, as money that went out.
 */
export const OPERATING_CATEGORIES: readonly ExpenseCategory[] = EXPENSE_CATEGORIES.filter(
	(category) => category !== 'stock_purchase'
);

/** What the profit rule reads of an order: the Beranda's rule, every order not cancelled is a sale. */
export interface SaleForProfit {
	status: string;
	/** The Jakarta day it was placed (`jakartaDay(order.createdAt)`). */
	day: string;
	total: number;
	items: readonly { qty: number; price: number; costPrice?: number | null }[];
}

export interface MonthlyProfit {
	/** `YYYY-MM`. */
	month: string;
	/** Sum of the totals of the month's orders that were not cancelled. */
	sales: number;
	orders: number;
	/** Quantity × the cost price each item had when it was sold, over the items whose cost was known. */
	costOfGoods: number;
	/**
	 * Items sold without a cost price (products with no harga modal, free-text lines): their cost is
	 * unknown, counted as 0, so the profit is too high by that much. The report says how many and for
	 * how much they sold.
	 */
	unknownCostItems: number;
	unknownCostSales: number;
	/** Spent per category, every category present (0 when none). */
	expenses: Record<ExpenseCategory, number>;
	/** Sum of the operating categories (all but belanja stok): what the profit subtracts. */
	operatingExpenses: number;
	/** sales − costOfGoods − operatingExpenses; may be negative (a loss). */
	profit: number;
}

/** Whether an order counts as a sale in the reports (the same rule as the home screen's figures). */
export function countsAsSale(order: Pick<SaleForProfit, 'status'>): boolean {
	return order.status !== 'cancelled';
}

/**
 * The profit of one month (`YYYY-MM`), from the orders (by the Jakarta day they were placed) and the
 * expenses (by their date): sales − cost of goods sold − operating expenses.
 */
export function monthlyProfit(
	orders: readonly SaleForProfit[],
	expenses: readonly Pick<Expense, 'category' | 'amount' | 'date'>[],
	month: string
): MonthlyProfit {
	const byCategory = Object.fromEntries(EXPENSE_CATEGORIES.map((category) => [category, 0])) as Record<
		ExpenseCategory,
		number
	>;
	let sales = 0;
	let count = 0;
	let costOfGoods = 0;
	let unknownCostItems = 0;
	let unknownCostSales = 0;
	for (const order of orders) {
		if (!countsAsSale(order) || monthOfDay(order.day) !== month) continue;
		sales += order.total;
		count++;
		for (const item of order.items) {
			if (typeof item.costPrice === 'number') costOfGoods += item.costPrice * item.qty;
			else {
				unknownCostItems += item.qty;
				unknownCostSales += item.price * item.qty;
			}
		}
	}
	for (const expense of expenses) {
		if (monthOfDay(expense.date) === month && expense.category in byCategory) {
			byCategory[expense.category] += expense.amount;
		}
	}
	const operatingExpenses = OPERATING_CATEGORIES.reduce((sum, category) => sum + byCategory[category], 0);
	return {
		month,
		sales,
		orders: count,
		costOfGoods,
		unknownCostItems,
		unknownCostSales,
		expenses: byCategory,
		operatingExpenses,
		profit: sales - costOfGoods - operatingExpenses
	};
}

/** The profit of the `count` whole months before `today` (`YYYY-MM-DD`), oldest first. */
export function profitOfPastMonths(
	orders: readonly SaleForProfit[],
	expenses: readonly Pick<Expense, 'category' | 'amount' | 'date'>[],
	today: string,
	count: number
): MonthlyProfit[] {
	const current = monthOfDay(today);
	const months: MonthlyProfit[] = [];
	for (let back = count; back >= 1; back--) {
		months.push(monthlyProfit(orders, expenses, addMonths(current, -back)));
	}
	return months;
}
