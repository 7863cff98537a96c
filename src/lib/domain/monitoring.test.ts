import { describe, expect, it } from 'vitest';
import {
	activeSince,
	advanceFinancing,
	bastDayOf,
	cellDelta,
	daysToPay,
	invoiceChanges,
	isLate,
	kurFinancing,
	monthOfInstant,
	orderSales,
	percentile,
	procurementSpend,
	progressPercent,
	sellerChange,
	smallOverMonths,
	suppress,
	type Cell
} from './monitoring';
import { decline, pay } from './procurement-steps';
import {
	accepted,
	at,
	firstDeliveryReceived,
	firstInvoiced,
	I1,
	must,
	ordered,
	payment,
	PROCUREMENT,
	quoted,
	requested,
	submitted
} from './procurement.fixtures';
import type { Procurement } from './procurement';

const order = (status: 'new' | 'completed' | 'cancelled', total: number, createdAt: string) => ({
	status,
	total,
	createdAt
});

/** A delta as `key: measures` for readable expectations. */
const asObject = <M extends string>(cells: Cell<M>[]) =>
	Object.fromEntries(cells.map((cell) => [cell.key, cell.measures]));

describe('sales of orders (every channel)', () => {
	it.each([
		[
			'a new order adds one order and its total',
			null,
			order('new', 15_000, '2026-11-28T03:00:00Z'),
			{ '2026-11': { orders: 1, amount: 15_000 } }
		],
		[
			'an order made at 23.30 WIB on 30 Nov counts in November',
			null,
			order('new', 5_000, '2026-11-30T16:30:00Z'),
			{ '2026-11': { orders: 1, amount: 5_000 } }
		],
		[
			'an order made at 00.30 WIB on 1 Dec counts in December',
			null,
			order('new', 5_000, '2026-11-30T17:30:00Z'),
			{ '2026-12': { orders: 1, amount: 5_000 } }
		],
		[
			'a cancelled order takes back what it added',
			order('new', 15_000, '2026-11-28T03:00:00Z'),
			order('cancelled', 15_000, '2026-11-28T03:00:00Z'),
			{ '2026-11': { orders: -1, amount: -15_000 } }
		],
		[
			'an order recorded as cancelled never counts',
			null,
			order('cancelled', 15_000, '2026-11-28T03:00:00Z'),
			{}
		],
		[
			'a payment or a completion changes no sales figure',
			order('new', 15_000, '2026-11-28T03:00:00Z'),
			order('completed', 15_000, '2026-11-28T03:00:00Z'),
			{}
		]
	])('%s', (_name, before, after, expected) => {
		expect(asObject(cellDelta(orderSales(before), orderSales(after)))).toEqual(expected);
	});
});

describe('spend of institutions', () => {
	const sp = ordered();
	const subtotal = sp.order!.subtotal;
	const invoiced = firstInvoiced();
	const invoice = invoiced.invoices[0];
	const paid = must(pay(invoiced, payment(I1, '2026-12-02'), at('keuangan', '2026-12-02')));
	const declinedOrder = must(
		decline(sp, 'declineOrder', { id: PROCUREMENT, reason: 'Stok habis' }, at('seller', '2026-11-06'))
	);

	it.each<[string, Procurement | null, Procurement, Record<string, Record<string, number>>]>([
		['a request or a quotation is not spend', requested(), quoted(), {}],
		['a purchase request waiting for approval is not spend', quoted(), submitted(), {}],
		[
			'the Surat Pesanan commits its subtotal in its month',
			submitted(),
			sp,
			{ '2026-11': { orders: 1, committed: subtotal, paid: 0 } }
		],
		['accepting, shipping, a BAST and a Tagihan move nothing', sp, invoiced, {}],
		[
			'a payment moves the invoice from committed (its subtotal) to paid (its payable) in the month paid',
			invoiced,
			paid,
			{
				'2026-11': { orders: 0, committed: -invoice.amounts.subtotal, paid: 0 },
				'2026-12': { orders: 0, committed: 0, paid: invoice.amounts.payable }
			}
		],
		[
			'a declined Surat Pesanan leaves the figures',
			sp,
			declinedOrder,
			{ '2026-11': { orders: -1, committed: -subtotal, paid: 0 } }
		]
	])('%s', (_name, before, after, expected) => {
		expect(asObject(cellDelta(procurementSpend(before), procurementSpend(after)))).toEqual(expected);
	});

	it('committed plus paid subtotals is what was ordered at every step', () => {
		for (const record of [sp, accepted(), firstDeliveryReceived(), invoiced, paid]) {
			const committed = procurementSpend(record).reduce((sum, cell) => sum + cell.measures.committed, 0);
			const paidSubtotal = record.invoices
				.filter((item) => item.paid)
				.reduce((sum, item) => sum + item.amounts.subtotal, 0);
			expect(committed + paidSubtotal).toBe(subtotal);
		}
	});

	it('the invoice tables: a Tagihan opens, a payment closes it with its days from the BAST', () => {
		expect(invoiceChanges(firstDeliveryReceived(), invoiced)).toEqual({
			opened: [
				{
					invoiceId: I1,
					amount: invoice.amounts.payable,
					bastOn: '2026-11-08',
					dueOn: invoice.dueDate,
					paidOn: null
				}
			],
			paid: []
		});
		const changes = invoiceChanges(invoiced, paid);
		expect(changes.opened).toEqual([]);
		// BAST on 8 Nov, paid 2 Dec: 22 days left in November + 2 in December
		expect(changes.paid).toMatchObject([{ invoiceId: I1, paidOn: '2026-12-02', days: 24 }]);
		expect(invoiceChanges(paid, paid)).toEqual({ opened: [], paid: [] });
	});

	it('the BAST of an invoice is the last received on or before it', () => {
		const receipt = (receivedOn: string) =>
			({ receipt: { receivedOn } }) as Procurement['deliveries'][number];
		const record = { deliveries: [receipt('2026-11-20'), receipt('2026-11-08'), receipt('2026-12-01')] };
		expect(bastDayOf(record, { issuedOn: '2026-11-25' })).toBe('2026-11-20');
		expect(bastDayOf(record, { issuedOn: '2026-11-01' })).toBe('2026-11-08');
		expect(bastDayOf({ deliveries: [] }, { issuedOn: '2026-11-01' })).toBe('2026-11-01');
	});
});

describe('days to pay and lateness in WIB days', () => {
	it.each([
		['the same day', '2026-11-08', '2026-11-08', 0],
		['across a 30-day month end', '2026-11-28', '2026-12-03', 5],
		['across February of a common year', '2027-02-27', '2027-03-01', 2],
		['across February of a leap year', '2028-02-27', '2028-03-01', 3],
		['across the year end', '2026-12-30', '2027-01-02', 3],
		['a payment dated before the BAST counts as 0', '2026-11-10', '2026-11-09', 0]
	])('%s', (_name, bastOn, paidOn, days) => {
		expect(daysToPay(bastOn, paidOn)).toBe(days);
	});

	it.each([
		['due yesterday, unpaid', { dueOn: '2026-11-30', paidOn: null }, '2026-12-01', true],
		['due today, unpaid', { dueOn: '2026-12-01', paidOn: null }, '2026-12-01', false],
		['past due but paid', { dueOn: '2026-11-01', paidOn: '2026-11-20' }, '2026-12-01', false]
	])('late: %s', (_name, invoice, today, late) => {
		expect(isLate(invoice, today)).toBe(late);
	});

	it('a seller is active for 14 days from their last order, month ends included', () => {
		expect(activeSince('2026-12-05')).toBe('2026-11-22');
		expect(monthOfInstant('2026-12-31T17:00:00Z')).toBe('2027-01');
	});
});

describe('percentiles from a histogram (nearest rank)', () => {
	it.each<[string, [number, number][], number | null, number | null]>([
		['no values', [], null, null],
		['one value', [[12, 1]], 12, 12],
		['1..10', Array.from({ length: 10 }, (_, i) => [i + 1, 1] as [number, number]), 5, 9],
		[
			'a long tail',
			[
				[10, 8],
				[200, 2]
			],
			10,
			200
		],
		[
			'counts out of order',
			[
				[30, 1],
				[5, 3],
				[0, 0]
			],
			5,
			30
		]
	])('%s', (_name, histogram, median, p90) => {
		expect(percentile(histogram, 0.5)).toBe(median);
		expect(percentile(histogram, 0.9)).toBe(p90);
	});
});

describe('financing', () => {
	const kur = (status: 'draft' | 'submitted' | 'approved' | 'rejected', submittedAt: string | null) => ({
		status,
		fields: { amount: 10_000_000 },
		submittedAt,
		decisions:
			status === 'approved' || status === 'rejected'
				? [{ status, note: null, by: { id: 'x', name: 'Rina' }, at: '2026-12-01T02:00:00Z' }]
				: []
	});
	it.each([
		['a draft is nothing', null, kur('draft', null), {}],
		[
			'a submission counts with its amount',
			kur('draft', null),
			kur('submitted', '2026-11-20T02:00:00Z'),
			{ '2026-11|kur|submitted': { count: 1, amount: 10_000_000 } }
		],
		[
			'an approval counts in its own month',
			kur('submitted', '2026-11-20T02:00:00Z'),
			kur('approved', '2026-11-20T02:00:00Z'),
			{ '2026-12|kur|approved': { count: 1, amount: 10_000_000 } }
		]
	])('KUR: %s', (_name, before, after, expected) => {
		expect(asObject(cellDelta(kurFinancing(before), kurFinancing(after)))).toEqual(expected);
	});

	const advance = (status: 'requested' | 'approved' | 'repaid') => ({
		status,
		amount: 4_000_000,
		createdAt: '2026-11-10T02:00:00Z',
		decisions:
			status === 'requested'
				? []
				: [
						{
							status: 'approved' as const,
							note: null,
							by: { id: 'x', name: 'Rina' },
							at: '2026-11-11T02:00:00Z'
						}
					],
		repaidAt: status === 'repaid' ? '2026-12-02T02:00:00Z' : null
	});
	it.each([
		['asked', null, advance('requested'), { '2026-11|advance|requested': { count: 1, amount: 4_000_000 } }],
		[
			'approved',
			advance('requested'),
			advance('approved'),
			{ '2026-11|advance|approved': { count: 1, amount: 4_000_000 } }
		],
		[
			'repaid when the invoice is paid',
			advance('approved'),
			advance('repaid'),
			{ '2026-12|advance|repaid': { count: 1, amount: 4_000_000 } }
		]
	])('advance: %s', (_name, before, after, expected) => {
		expect(asObject(cellDelta(advanceFinancing(before), advanceFinancing(after)))).toEqual(expected);
	});
});

describe('sellers a cell describes', () => {
	it.each([
		['a first order', 1, 1, 1],
		['a second order', 2, 1, 0],
		['the only order cancelled', 0, -1, -1],
		['one of two orders cancelled', 1, -1, 0],
		['a payment moving committed to paid (no change in the sum)', 5, 0, 0]
	])('%s', (_name, after, delta, change) => {
		expect(sellerChange(after, delta)).toBe(change);
	});

	it.each<[number[], boolean]>([
		[[], false],
		[[0, 0], false],
		[[4], true],
		[[1, 1, 1, 1, 1], true],
		[[4, 5], false],
		[[12], false]
	])('monthly sellers %j: small %s', (months, small) => {
		expect(smallOverMonths(months)).toBe(small);
	});
});

describe('showing figures', () => {
	it.each([
		[1_000_000, 0, 1_000_000],
		[1_000_000, 1, '< 5'],
		[1_000_000, 4, '< 5'],
		[1_000_000, 5, 1_000_000],
		[0, 120, 0]
	])('%i over %i sellers is shown as %s', (value, sellers, shown) => {
		expect(suppress(value, sellers)).toBe(shown);
	});

	it.each([
		[50, 200, 25],
		[1, 3, 33],
		[300, 200, 150],
		[10, null, null],
		[10, 0, null]
	])('%i of a target of %s is %s %%', (value, target, percent) => {
		expect(progressPercent(value, target)).toBe(percent);
	});
});
