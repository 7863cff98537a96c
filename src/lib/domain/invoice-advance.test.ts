import { describe, expect, it } from 'vitest';
import {
	advanceDecisionInput,
	advanceQuote,
	advanceRequestArgs,
	decideAdvance,
	isOpenAdvance,
	requestAdvance,
	settleAdvance,
	type AdvanceStatus,
	type InvoiceAdvance
} from './invoice-advance';
import { DEFAULT_ADVANCE_TERMS } from './procurement-money';
import type { Procurement } from './procurement';
import {
	at,
	firstInvoiced,
	I1,
	must,
	PROCUREMENT,
	schemaMessages,
	SPACE,
	uuid
} from './procurement.fixtures';
import { pay } from './procurement-steps';

const ADVANCE = uuid(60);
const bpr = { id: uuid(300), name: 'BPR Sejahtera' };
const hendra = { id: uuid(301), name: 'Hendra' };
const terms = DEFAULT_ADVANCE_TERMS;

/*
 * The invoice of the fixtures: TGH/WARUNGBU/2026/00001, Rp700.800 to be paid, due 9 December 2026. Asked on
 * 10 November: 29 days, one month begun. At most 80 % of 700.800 = 560.640.
 */
const args = (change: Partial<{ amount: number; invoiceId: string }> = {}) => ({
	id: ADVANCE,
	procurementId: PROCUREMENT,
	invoiceId: I1,
	lenderId: bpr.id,
	amount: 500_000,
	...change
});
const context = (change: Partial<Parameters<typeof requestAdvance>[1]> = {}) => ({
	spaceId: SPACE,
	procurement: firstInvoiced() as Procurement | undefined,
	lender: bpr as { id: string; name: string } | undefined,
	others: [],
	terms,
	today: '2026-11-10',
	at: '2026-11-10T03:00:00.000Z',
	version: 50,
	...change
});

function asked(): InvoiceAdvance {
	const advance = requestAdvance(args(), context());
	if ('error' in advance) throw new Error(advance.message);
	return advance;
}

describe('advanceQuote: what the seller sees before asking', () => {
	it('shows the most they may ask, the fee and what reaches them', () => {
		// 500.000 × 1,5 % × 1 month = 7.500; 500.000 − 7.500 = 492.500
		expect(advanceQuote(firstInvoiced().invoices[0], 500_000, '2026-11-10', terms)).toEqual({
			max: 560_640,
			fee: 7_500,
			months: 1,
			received: 492_500
		});
	});

	it('counts every month begun until the due date', () => {
		// 10 November to 8 January is 59 days: two months; 800.000 × 1,5 % × 2 = 24.000
		const longer = {
			amounts: { subtotal: 0, ppn: 0, total: 0, pph: 0, payable: 1_000_000 },
			dueDate: '2027-01-08'
		};
		expect(advanceQuote(longer, 800_000, '2026-11-10', terms)).toEqual({
			max: 800_000,
			fee: 24_000,
			months: 2,
			received: 776_000
		});
	});
});

describe('requestAdvance', () => {
	it('records the advance with the invoice, buyer, amounts and terms the seller saw', () => {
		expect(asked()).toEqual({
			id: ADVANCE,
			spaceId: SPACE,
			procurementId: PROCUREMENT,
			invoiceId: I1,
			invoiceNumber: 'TGH/WARUNGBU/2026/00001',
			organisationName: 'PT Kereta Api Indonesia (Persero)',
			invoicePayable: 700_800,
			dueDate: '2026-12-09',
			lender: bpr,
			amount: 500_000,
			fee: 7_500,
			months: 1,
			terms,
			status: 'requested',
			decisions: [],
			requestedAt: '2026-11-10T03:00:00.000Z',
			repaidAt: null,
			version: 50,
			createdAt: '2026-11-10T03:00:00.000Z',
			updatedAt: '2026-11-10T03:00:00.000Z'
		});
	});

	it('takes the whole share, to the rupiah', () => {
		// 560.640 × 1,5 % = 8.409,6 → 8.410
		expect(requestAdvance(args({ amount: 560_640 }), context())).toMatchObject({
			amount: 560_640,
			fee: 8_410
		});
	});

	const unsent = () => firstInvoiced({ pkp: true, number: null });
	const paid = () =>
		must(
			pay(
				firstInvoiced(),
				{ invoiceId: I1, reference: 'TRF-1', paidOn: '2026-11-10' },
				at('keuangan', '2026-11-10')
			)
		);
	const open = (status: AdvanceStatus, invoiceId = I1) => [{ invoiceId, status }];

	it.each([
		[
			'no such order',
			args(),
			context({ procurement: undefined }),
			'not_found',
			'procurement.err_invoice_missing'
		],
		[
			'no such invoice on the order',
			args({ invoiceId: uuid(999) }),
			context(),
			'not_found',
			'procurement.err_invoice_missing'
		],
		['no such lender', args(), context({ lender: undefined }), 'invalid', 'advance.err_lender'],
		[
			'an invoice still on the phone (no number)',
			args(),
			context({ procurement: unsent() }),
			'invalid',
			'advance.err_not_sent'
		],
		['a paid invoice', args(), context({ procurement: paid() }), 'conflict', 'advance.err_paid'],
		[
			'an invoice with an advance asked',
			args(),
			context({ others: open('requested') }),
			'conflict',
			'advance.err_exists'
		],
		[
			'an invoice with an advance given',
			args(),
			context({ others: open('approved') }),
			'conflict',
			'advance.err_exists'
		],
		['more than 80 %', args({ amount: 560_641 }), context(), 'invalid', 'advance.err_too_much'],
		// Rp1 × 1,5 % rounds up to a fee of Rp1: nothing would reach the seller
		['an amount its fee eats up', args({ amount: 1 }), context(), 'invalid', 'advance.err_amount'],
		// 100 % a month: the fee is the whole amount
		[
			'terms whose fee is the amount',
			args(),
			context({ terms: { maxShareBasisPoints: 8000, monthlyFeeBasisPoints: 10_000 } }),
			'invalid',
			'advance.err_amount'
		]
	])('refuses %s', (_name, request, ctx, error, message) => {
		expect(requestAdvance(request, ctx)).toEqual({ error, message });
	});

	it.each([
		['a refused advance', open('rejected')],
		['a repaid advance', open('repaid')],
		['an open advance on another invoice', open('requested', uuid(998))]
	])('asks again past %s', (_name, others) => {
		expect(requestAdvance(args(), context({ others }))).toMatchObject({ status: 'requested' });
	});

	it.each([
		[{ amount: 0 }, ['advance.err_amount']],
		[{ amount: 1000.5 }, ['err.amount_whole']],
		[{ lenderId: 'bpr' }, ['advance.err_lender']],
		[{ invoiceId: 'TGH-1' }, ['err.id_invalid']]
	])('advanceRequestArgs refuses %o', (change, messages) => {
		expect(schemaMessages(advanceRequestArgs)({ ...args(), ...change })).toEqual(messages);
	});
});

describe('decideAdvance', () => {
	const decision = (status: 'approved' | 'rejected', note: string | null = null) => ({
		status,
		note,
		by: hendra,
		at: '2026-11-11T03:00:00.000Z'
	});

	it('approves an advance asked for, with who and when', () => {
		expect(decideAdvance(asked(), decision('approved'), false, 51)).toMatchObject({
			status: 'approved',
			decisions: [decision('approved')],
			version: 51,
			updatedAt: '2026-11-11T03:00:00.000Z'
		});
	});

	it('rejects one with a note the seller reads', () => {
		expect(
			decideAdvance(asked(), decision('rejected', 'Riwayat bayar instansi belum cukup'), true, 51)
		).toMatchObject({
			status: 'rejected',
			decisions: [{ status: 'rejected', note: 'Riwayat bayar instansi belum cukup' }]
		});
	});

	it.each<[string, AdvanceStatus | null, ReturnType<typeof decision>, boolean, string, string]>([
		[
			'deciding one already approved',
			'approved',
			decision('rejected', 'Salah'),
			false,
			'conflict',
			'advance.err_decided'
		],
		[
			'deciding one already rejected',
			'rejected',
			decision('approved'),
			false,
			'conflict',
			'advance.err_decided'
		],
		['deciding one repaid', 'repaid', decision('approved'), false, 'conflict', 'advance.err_decided'],
		[
			'approving on an invoice paid meanwhile',
			null,
			decision('approved'),
			true,
			'conflict',
			'advance.err_paid'
		],
		['rejecting without a note', null, decision('rejected'), false, 'invalid', 'err.note_required'],
		['rejecting with an empty note', null, decision('rejected', ''), false, 'invalid', 'err.note_required']
	])('refuses %s', (_name, status, choice, invoicePaid, error, message) => {
		const advance = status ? { ...asked(), status } : asked();
		expect(decideAdvance(advance, choice, invoicePaid, 51)).toEqual({ error, message });
	});

	it('reads only approve and reject as a decision', () => {
		expect(schemaMessages(advanceDecisionInput)({ id: ADVANCE, status: 'repaid' })).toEqual([
			'err.decision_status'
		]);
		expect(schemaMessages(advanceDecisionInput)({ id: ADVANCE, status: 'approved' })).toBeNull();
	});
});

describe('settleAdvance: the institution paid the invoice', () => {
	const approved = () => ({ ...asked(), status: 'approved' as const });

	it('marks an approved advance repaid', () => {
		expect(settleAdvance(approved(), '2026-11-20T03:00:00.000Z', 60)).toMatchObject({
			status: 'repaid',
			repaidAt: '2026-11-20T03:00:00.000Z',
			version: 60
		});
	});

	it('closes one still asked for as rejected, by nobody in particular', () => {
		const closed = settleAdvance(asked(), '2026-11-20T03:00:00.000Z', 60);
		expect(closed).toMatchObject({ status: 'rejected', repaidAt: null, version: 60 });
		expect(closed.decisions).toEqual([
			{ status: 'rejected', note: null, by: { id: null, name: '' }, at: '2026-11-20T03:00:00.000Z' }
		]);
		expect(isOpenAdvance(closed)).toBe(false);
	});

	it.each(['rejected', 'repaid'] as const)('leaves a %s advance as it was', (status) => {
		const done = { ...asked(), status };
		expect(settleAdvance(done, '2026-11-20T03:00:00.000Z', 60)).toBe(done);
	});

	it.each([
		['requested', true],
		['approved', true],
		['rejected', false],
		['repaid', false]
	] as const)('counts a %s advance open: %s', (status, openAdvance) => {
		expect(isOpenAdvance({ status })).toBe(openAdvance);
	});
});
