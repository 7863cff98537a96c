import { describe, expect, it } from 'vitest';
import {
	addMonths,
	applyExpensePut,
	expensePutArgs,
	monthlyProfit,
	profitOfPastMonths,
	type Expense,
	type SaleForProfit
} from './expense';

const ID = '0192f0a0-0000-7000-8000-000000000001';

describe('expensePutArgs', () => {
	it.each([
		['a full expense', { id: ID, category: 'rent', amount: 500_000, date: '2026-11-02', note: 'Kios' }, null],
		['a patch of the amount only', { id: ID, amount: 1 }, null],
		['a receipt photo', { id: ID, photo: 'a'.repeat(64) }, null],
		['no receipt (null)', { id: ID, photo: null }, null],
		['an unknown category', { id: ID, category: 'holiday' }, 'expense.err_category'],
		['zero rupiah', { id: ID, amount: 0 }, 'expense.err_amount'],
		['a negative amount', { id: ID, amount: -5 }, 'expense.err_amount'],
		['half a rupiah', { id: ID, amount: 10.5 }, 'err.amount_whole'],
		['more than the price ceiling', { id: ID, amount: 1_000_000_000_001 }, 'err.price_too_high'],
		['a date that is not a day', { id: ID, date: '2026-13-01' }, 'err.date_invalid'],
		['a time instead of a day', { id: ID, date: '2026-11-02T10:00:00Z' }, 'err.date_invalid'],
		['a note too long', { id: ID, note: 'x'.repeat(501) }, 'err.text_too_long'],
		['a photo that is not a hash', { id: ID, photo: 'kwitansi.jpg' }, 'err.photo_invalid'],
		['no id', { amount: 5 }, 'err.id_invalid']
	])('%s', (_name, args, error) => {
		const parsed = expensePutArgs.safeParse(args);
		if (error === null) expect(parsed.success).toBe(true);
		else expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([error]);
	});
});

describe('applyExpensePut', () => {
	const base = { spaceId: 's', version: 3, updatedAt: '2026-11-02T03:00:00.000Z' };

	it('creates only with a category, an amount and a date', () => {
		expect(applyExpensePut(undefined, { id: ID, amount: 5, date: '2026-11-02' }, base)).toEqual({
			error: 'expense.err_category'
		});
		expect(applyExpensePut(undefined, { id: ID, category: 'rent', date: '2026-11-02' }, base)).toEqual({
			error: 'expense.err_amount'
		});
		expect(applyExpensePut(undefined, { id: ID, category: 'rent', amount: 5 }, base)).toEqual({
			error: 'err.date_invalid'
		});
	});

	it('patches only the fields given, and an emptied note is null', () => {
		const created = applyExpensePut(
			undefined,
			{ id: ID, category: 'rent', amount: 5, date: '2026-11-02', note: 'Kios' },
			base
		) as Expense;
		expect(created).toMatchObject({ category: 'rent', amount: 5, note: 'Kios', photo: null, version: 3 });
		const patched = applyExpensePut(created, { id: ID, amount: 7, note: '' }, { ...base, version: 4 });
		expect(patched).toMatchObject({
			category: 'rent',
			amount: 7,
			note: null,
			date: '2026-11-02',
			version: 4
		});
	});
});

const sale = (day: string, items: SaleForProfit['items'], status = 'completed'): SaleForProfit => ({
	day,
	status,
	total: items.reduce((sum, item) => sum + item.price * item.qty, 0),
	items
});
const spent = (date: string, category: Expense['category'], amount: number) => ({ date, category, amount });

describe('monthlyProfit', () => {
	it.each([
		{
			name: 'nothing sold, nothing spent',
			orders: [],
			expenses: [],
			want: { sales: 0, costOfGoods: 0, operatingExpenses: 0, profit: 0, unknownCostItems: 0 }
		},
		{
			name: 'sales minus their cost minus the month’s expenses',
			orders: [sale('2026-11-03', [{ qty: 10, price: 5_000, costPrice: 3_000 }])],
			expenses: [spent('2026-11-01', 'electricity', 50_000), spent('2026-11-30', 'rent', 100_000)],
			want: { sales: 50_000, costOfGoods: 30_000, operatingExpenses: 150_000, profit: -130_000 }
		},
		{
			name: 'a cancelled order is no sale (the home screen’s rule)',
			orders: [
				sale('2026-11-03', [{ qty: 1, price: 9_000, costPrice: 1_000 }], 'cancelled'),
				sale('2026-11-03', [{ qty: 1, price: 4_000, costPrice: 1_000 }], 'new')
			],
			expenses: [],
			want: { sales: 4_000, orders: 1, costOfGoods: 1_000, profit: 3_000 }
		},
		{
			name: 'items with no cost price are counted as unknown, at zero cost',
			orders: [
				sale('2026-11-05', [
					{ qty: 2, price: 10_000, costPrice: 6_000 },
					{ qty: 3, price: 1_000 },
					{ qty: 1, price: 500, costPrice: null }
				])
			],
			expenses: [],
			want: {
				sales: 23_500,
				costOfGoods: 12_000,
				unknownCostItems: 4,
				unknownCostSales: 3_500,
				profit: 11_500
			}
		},
		{
			name: 'belanja stok is listed but not subtracted (its goods are counted as they sell)',
			orders: [sale('2026-11-05', [{ qty: 1, price: 10_000, costPrice: 7_000 }])],
			expenses: [spent('2026-11-04', 'stock_purchase', 70_000), spent('2026-11-04', 'salary', 1_000)],
			want: { costOfGoods: 7_000, operatingExpenses: 1_000, profit: 2_000 }
		},
		{
			name: 'other months are left out, on both sides',
			orders: [
				sale('2026-10-31', [{ qty: 1, price: 10_000, costPrice: 1 }]),
				sale('2026-12-01', [{ qty: 1, price: 10_000, costPrice: 1 }])
			],
			expenses: [spent('2026-10-31', 'rent', 5), spent('2026-12-01', 'rent', 5)],
			want: { sales: 0, orders: 0, costOfGoods: 0, operatingExpenses: 0, profit: 0 }
		}
	])('$name', ({ orders, expenses, want }) => {
		expect(monthlyProfit(orders, expenses, '2026-11')).toMatchObject(want);
	});

	it('gives every category, spent or not', () => {
		const month = monthlyProfit([], [spent('2026-11-09', 'transport', 12_000)], '2026-11');
		expect(month.expenses).toEqual({
			stock_purchase: 0,
			electricity: 0,
			rent: 0,
			salary: 0,
			transport: 12_000,
			other: 0
		});
	});
});

describe('months', () => {
	it.each([
		['2026-11', -1, '2026-10'],
		['2026-01', -1, '2025-12'],
		['2026-01', -13, '2024-12'],
		['2026-12', 1, '2027-01']
	])('%s %i → %s', (month, delta, want) => {
		expect(addMonths(month, delta)).toBe(want);
	});

	it('the past three whole months, oldest first, this month left out', () => {
		const months = profitOfPastMonths(
			[
				sale('2026-12-02', [{ qty: 1, price: 100, costPrice: 10 }]),
				sale('2026-10-02', [{ qty: 1, price: 7, costPrice: 1 }])
			],
			[],
			'2026-12-03',
			3
		);
		expect(months.map((month) => [month.month, month.profit])).toEqual([
			['2026-09', 0],
			['2026-10', 6],
			['2026-11', 0]
		]);
	});
});
