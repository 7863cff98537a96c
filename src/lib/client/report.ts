import { jakartaDay } from '$lib/domain/dates';
import { addMonths, monthlyProfit, type Expense, type MonthlyProfit } from '$lib/domain/expense';
import type { LapakDb } from './sync/db';

/** `2026-11` → the instant its first day starts in Western Indonesian Time (UTC+7), as orders store it. */
function monthStart(month: string): string {
	const [year, m] = month.split('-').map(Number);
	return new Date(Date.UTC(year, m - 1, 1) - 7 * 60 * 60 * 1000).toISOString();
}

const monthNames = new Map<string, Intl.DateTimeFormat>();

/** `2026-11` → `November 2026` (in the language asked for). */
export function monthLabel(month: string, locale = 'id-ID'): string {
	let format = monthNames.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
		monthNames.set(locale, format);
	}
	return format.format(new Date(`${month}-15T00:00:00Z`));
}

/** The month a `?bulan=YYYY-MM` asks for, or this month (Jakarta) for anything else. */
export function chosenMonth(param: string | null, now = new Date()): string {
	return param && /^\d{4}-(0[1-9]|1[0-2])$/.test(param) ? param : jakartaDay(now).slice(0, 7);
}

/** The expenses of a month on the phone, newest day first. */
export async function monthExpenses(local: LapakDb, spaceId: string, month: string): Promise<Expense[]> {
	const rows = await local.expenses
		.where('[spaceId+date]')
		.between([spaceId, `${month}-01`], [spaceId, `${month}-31`], true, true)
		.toArray();
	return rows.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}

/** The month's profit from what is on the phone: its orders (by the Jakarta day placed) and expenses. */
export async function monthReport(local: LapakDb, spaceId: string, month: string): Promise<MonthlyProfit> {
	const [orders, expenses] = await Promise.all([
		local.orders
			.where('[spaceId+createdAt]')
			.between([spaceId, monthStart(month)], [spaceId, monthStart(addMonths(month, 1))], true, false)
			.toArray(),
		monthExpenses(local, spaceId, month)
	]);
	return monthlyProfit(
		orders.map((order) => ({
			day: jakartaDay(order.createdAt),
			status: order.status,
			total: order.total,
			items: order.items
		})),
		expenses,
		month
	);
}
