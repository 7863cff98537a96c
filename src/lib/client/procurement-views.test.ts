import { describe, expect, it } from 'vitest';
import type { InvoiceAdvance } from '$lib/domain/invoice-advance';
import type { Procurement } from '$lib/domain/procurement';
import {
	accepted,
	at,
	D2,
	firstDeliveryReceived,
	firstInvoiced,
	GULA_LINE,
	I1,
	KOPI_LINE,
	must,
	NASI_LINE,
	ordered,
	payment,
	PROCUREMENT,
	quoted,
	requested,
	submitted,
	uuid
} from '$lib/domain/procurement.fixtures';
import { decline, pay, ship } from '$lib/domain/procurement-steps';
import {
	advanceOf,
	describeEvent,
	groupOf,
	groupProcurements,
	historyNewestFirst,
	invoiceDraft,
	invoiceState,
	mayAskAdvance,
	moneyWaiting,
	needsAnswerCount,
	quoteTotals,
	sellerActions,
	shipDefaults,
	statusLabel
} from './procurement-views';

/** Everything shipped and received, nothing invoiced: 95 coffee + 30 sugar arrived, 5 + 20 + 20 to send. */
const received = () => firstDeliveryReceived();
const invoiced = () => firstInvoiced();
const paid = () => must(pay(invoiced(), payment(I1, '2026-11-20'), at('keuangan', '2026-11-20')));
/** The first delivery on its way, no BAST yet. */
const inTransit = () =>
	must(
		ship(
			accepted(),
			{
				id: PROCUREMENT,
				deliveryId: D2,
				method: 'own',
				items: [
					{ lineId: KOPI_LINE, qty: 100 },
					{ lineId: GULA_LINE, qty: 50 },
					{ lineId: NASI_LINE, qty: 20 }
				]
			},
			at('seller', '2026-11-07')
		)
	);
const declined = () =>
	must(
		decline(requested(), 'decline', { id: PROCUREMENT, reason: 'Stok habis' }, at('seller', '2026-11-03'))
	);

/** A copy of a record under another id, changed at another time. */
function as(
	record: Procurement,
	n: number,
	updatedAt: string,
	changes: Partial<Procurement> = {}
): Procurement {
	return { ...record, id: uuid(n), updatedAt, ...changes };
}

describe('what the seller can do', () => {
	it.each([
		['requested', requested, ['quote', 'decline']],
		['quoted', quoted, []],
		['submitted', submitted, []],
		['ordered', ordered, ['acceptOrder', 'declineOrder']],
		['accepted, nothing sent', accepted, ['ship']],
		['accepted, all on its way', inTransit, []],
		['accepted, a BAST to invoice and a shortfall to send', received, ['ship', 'invoice']],
		['invoiced, the shortfall still to send', invoiced, ['ship']],
		['declined', declined, []]
	] as const)('%s → %j', (_name, make, actions) => {
		expect(sellerActions(make())).toEqual(actions);
	});
});

describe('the list', () => {
	it.each([
		['requested', requested, 'quote'],
		['quoted (the institution decides)', quoted, 'waiting'],
		['ordered', ordered, 'act'],
		['accepted, to ship', accepted, 'act'],
		['on its way, waiting for the BAST', inTransit, 'waiting'],
		['declined', declined, 'closed']
	] as const)('%s is in group %s', (_name, make, group) => {
		expect(groupOf(make())).toBe(group);
	});

	it('lists an invoiced order with nothing left to do under unpaid invoices, and a settled one under paid', () => {
		const allSent = must(
			ship(
				received(),
				{
					id: PROCUREMENT,
					deliveryId: D2,
					method: 'own',
					items: [
						{ lineId: KOPI_LINE, qty: 5 },
						{ lineId: GULA_LINE, qty: 20 },
						{ lineId: NASI_LINE, qty: 20 }
					]
				},
				at('seller', '2026-11-09')
			)
		);
		// invoiced what arrived, the rest on its way: only the institution can move now
		const waitingToBePaid = { ...allSent, invoices: invoiced().invoices };
		expect(groupOf(waitingToBePaid)).toBe('unpaid');
		expect(groupOf({ ...paid(), status: 'completed' })).toBe('paid');
	});

	it('puts requests first (soonest needed first), then orders to work, unpaid invoices by due date, and leaves out empty groups', () => {
		const late = as(requested(), 201, '2026-11-02T05:00:00.000Z', {
			request: { ...requested().request, neededBy: '2026-11-30' }
		});
		const soon = as(requested(), 202, '2026-11-01T05:00:00.000Z', {
			request: { ...requested().request, neededBy: '2026-11-10' }
		});
		const orderOld = as(ordered(), 203, '2026-11-05T03:00:00.000Z');
		const orderNew = as(accepted(), 204, '2026-11-06T03:00:00.000Z');
		const dueLater = inTransitWithInvoice(205, '2026-12-20');
		const dueSooner = inTransitWithInvoice(206, '2026-12-09');
		const groups = groupProcurements([dueLater, orderOld, late, dueSooner, orderNew, soon]);
		expect(groups.map((entry) => [entry.group, entry.items.map((item) => item.id)])).toEqual([
			['quote', [soon.id, late.id]],
			['act', [orderNew.id, orderOld.id]],
			['unpaid', [dueSooner.id, dueLater.id]]
		]);
		expect(needsAnswerCount([dueLater, orderOld, late, dueSooner, orderNew, soon])).toBe(4);
	});

	it('counts nothing to answer when every record waits for the institution', () => {
		expect(needsAnswerCount([quoted(), submitted(), inTransit(), declined()])).toBe(0);
	});
});

/** A record whose goods are all on their way again, with one unpaid invoice due on `dueDate`. */
function inTransitWithInvoice(n: number, dueDate: string): Procurement {
	const record = invoiced();
	const rest = must(
		ship(
			record,
			{
				id: PROCUREMENT,
				deliveryId: D2,
				method: 'own',
				items: [
					{ lineId: KOPI_LINE, qty: 5 },
					{ lineId: GULA_LINE, qty: 20 },
					{ lineId: NASI_LINE, qty: 20 }
				]
			},
			at('seller', '2026-11-10')
		)
	);
	return as(rest, n, '2026-11-10T03:00:00.000Z', {
		invoices: rest.invoices.map((invoice) => ({ ...invoice, dueDate }))
	});
}

describe('status and invoices', () => {
	it('reads an accepted order with everything received as received', () => {
		expect(statusLabel(accepted())).toBe('instansi.status_accepted');
		const all = {
			...received(),
			deliveries: received().deliveries.map((delivery) => ({
				...delivery,
				receipt: {
					...delivery.receipt!,
					items: [
						{ lineId: KOPI_LINE, qty: 100 },
						{ lineId: GULA_LINE, qty: 50 },
						{ lineId: NASI_LINE, qty: 20 }
					]
				}
			}))
		};
		expect(statusLabel(all)).toBe('instansi.status_received');
		expect(statusLabel(requested())).toBe('instansi.status_requested');
	});

	it.each([
		['before its due date', '2026-12-08', null, { kind: 'unpaid' }],
		['on its due date', '2026-12-09', null, { kind: 'unpaid' }],
		['3 days after', '2026-12-12', null, { kind: 'late', days: 3 }],
		['paid late', '2026-12-30', '2026-12-11', { kind: 'paid' }]
	] as const)('an invoice due 9 Dec, %s', (_name, today, paidOn, state) => {
		const paidField = paidOn ? { reference: 'x', date: paidOn, at: '', by: { id: null, name: '' } } : null;
		expect(invoiceState({ dueDate: '2026-12-09', paid: paidField }, today)).toEqual(state);
	});

	it('adds up what institutions still owe and finds the next due date, late ones flagged', () => {
		// Invoice of 95 × 2.000 + 30 × 15.000 = 640.000, PPN 11 % 70.400, PPh 1,5 % 9.600: to be paid 700.800.
		const first = invoiced();
		expect(first.invoices[0].amounts.payable).toBe(700_800);
		expect(first.invoices[0].dueDate).toBe('2026-12-09');
		const second = as(first, 301, first.updatedAt, {
			invoices: [
				{
					...first.invoices[0],
					id: uuid(302),
					dueDate: '2026-12-01',
					amounts: { ...first.invoices[0].amounts, payable: 100_000 }
				}
			]
		});
		expect(moneyWaiting([first, second, paid(), requested()], '2026-12-05')).toEqual({
			total: 800_800,
			invoices: 2,
			nextDue: { date: '2026-12-01', daysLate: 4 },
			lateCount: 1
		});
		expect(moneyWaiting([first], '2026-12-05')).toMatchObject({
			nextDue: { date: '2026-12-09', daysLate: 0 },
			lateCount: 0
		});
		expect(moneyWaiting([paid(), requested()], '2026-12-05')).toEqual({
			total: 0,
			invoices: 0,
			nextDue: null,
			lateCount: 0
		});
	});
});

describe('what a step will send', () => {
	it('totals a quotation with PPN only for a PKP seller', () => {
		const lines = requested().lines;
		const prices = { [KOPI_LINE]: 2000, [GULA_LINE]: 15_000, [NASI_LINE]: 25_000 };
		// 200.000 + 750.000 + 500.000 = 1.450.000; PPN 11 % = 159.500
		expect(quoteTotals(lines, prices, true)).toEqual({ subtotal: 1_450_000, ppn: 159_500, total: 1_609_500 });
		expect(quoteTotals(lines, prices, false)).toEqual({ subtotal: 1_450_000, ppn: 0, total: 1_450_000 });
		expect(quoteTotals(lines, { [KOPI_LINE]: 2000 }, false).total).toBe(200_000);
	});

	it('drafts the invoice for what the BAST counted, with the amounts and the due date from the tempo', () => {
		const draft = invoiceDraft(received(), true, '2026-11-09')!;
		expect(draft.items.map((item) => [item.lineId, item.qty, item.price])).toEqual([
			[KOPI_LINE, 95, 2000],
			[GULA_LINE, 30, 15_000]
		]);
		expect(draft.amounts).toEqual({
			subtotal: 640_000,
			ppn: 70_400,
			total: 710_400,
			pph: 9_600,
			payable: 700_800
		});
		expect(draft.dueDate).toBe('2026-12-09');
		expect(invoiceDraft(received(), false, '2026-11-09')!.amounts).toEqual({
			subtotal: 640_000,
			ppn: 0,
			total: 640_000,
			pph: 9_600,
			payable: 630_400
		});
		expect(invoiceDraft(invoiced(), true, '2026-11-09')).toBeNull();
		expect(invoiceDraft(requested(), true, '2026-11-09')).toBeNull();
	});

	it('starts a delivery with everything still to send', () => {
		expect(shipDefaults(received())).toEqual({ [KOPI_LINE]: 5, [GULA_LINE]: 20, [NASI_LINE]: 20 });
		expect(shipDefaults(inTransit())).toEqual({ [KOPI_LINE]: 0, [GULA_LINE]: 0, [NASI_LINE]: 0 });
	});
});

describe('invoice financing', () => {
	const advance = (status: InvoiceAdvance['status'], n: number) =>
		({ id: uuid(n), invoiceId: I1, status }) as InvoiceAdvance;

	it('offers an advance only on an invoice that reached the server, unpaid, with none standing', () => {
		const sent = invoiced().invoices[0];
		expect(mayAskAdvance(sent, [])).toBe(true);
		expect(mayAskAdvance({ ...sent, number: null }, [])).toBe(false);
		expect(mayAskAdvance(paid().invoices[0], [])).toBe(false);
		expect(mayAskAdvance(sent, [advance('requested', 1)])).toBe(false);
		expect(mayAskAdvance(sent, [advance('rejected', 1)])).toBe(true);
	});

	it('shows the advance that stands on an invoice before a refused one', () => {
		expect(advanceOf(I1, [advance('rejected', 1), advance('approved', 2)])?.id).toBe(uuid(2));
		expect(advanceOf(I1, [advance('rejected', 1)])?.id).toBe(uuid(1));
		expect(advanceOf(uuid(999), [advance('rejected', 1)])).toBeUndefined();
	});
});

describe('history', () => {
	const t = (key: string, options?: Record<string, unknown>) =>
		`${key}${options ? JSON.stringify(options) : ''}`;

	it('reads newest first and names the party of the institution', () => {
		const events = historyNewestFirst(ordered());
		expect(events.map((event) => event.step)).toEqual(['approve', 'submit', 'quote', 'request']);
		expect(describeEvent(events[0], t)).toBe(
			'instansi.event_approve{"name":"instansi.by_party{\\"name\\":\\"Dewi\\",\\"party\\":\\"instansi.party_penyetuju\\"}"}'
		);
		expect(describeEvent(events[2], t)).toBe('instansi.event_quote{"name":"Sari"}');
	});
});
