import { describe, expect, it } from 'vitest';
import {
	approvalInput,
	FINAL_STATUSES,
	isFullyReceived,
	lineProgress,
	MAX_LINES,
	PARTIES,
	paymentInput,
	procurementDeclineArgs,
	procurementInvoiceArgs,
	procurementQuoteArgs,
	procurementShipArgs,
	PROCUREMENT_STATUSES,
	purchaseRequestInput,
	quotationRequestInput,
	receiptInput,
	STEP_KINDS,
	STEP_RULES,
	stepRefusal,
	unpaidInvoices,
	type Party,
	type Procurement,
	type ProcurementStatus,
	type StepKind
} from './procurement';
import {
	accepted,
	D1,
	D2,
	firstDeliveryReceived,
	firstInvoiced,
	GULA_LINE,
	KOPI,
	KOPI_LINE,
	NASI_LINE,
	PROCUREMENT,
	schemaMessages,
	uuid
} from './procurement.fixtures';

/**
 * The flow of issue 13 written out by hand (not read from STEP_RULES): who takes each step, from where, and
 * where it leaves the record.
 */
const FLOW: Record<StepKind, { by: Party; from: ProcurementStatus[]; to: ProcurementStatus | null }> = {
	quote: { by: 'seller', from: ['requested'], to: 'quoted' },
	decline: { by: 'seller', from: ['requested'], to: 'declined' },
	cancel: { by: 'pemesan', from: ['requested', 'quoted', 'revision'], to: 'cancelled' },
	submit: { by: 'pemesan', from: ['quoted'], to: 'submitted' },
	approve: { by: 'penyetuju', from: ['submitted'], to: 'ordered' },
	reject: { by: 'penyetuju', from: ['submitted'], to: 'rejected' },
	revise: { by: 'penyetuju', from: ['submitted'], to: 'revision' },
	resubmit: { by: 'pemesan', from: ['revision'], to: 'submitted' },
	acceptOrder: { by: 'seller', from: ['ordered'], to: 'accepted' },
	declineOrder: { by: 'seller', from: ['ordered'], to: 'order_declined' },
	ship: { by: 'seller', from: ['accepted'], to: 'accepted' },
	receive: { by: 'pemesan', from: ['accepted'], to: 'accepted' },
	invoice: { by: 'seller', from: ['accepted'], to: 'accepted' },
	pay: { by: 'keuangan', from: ['accepted'], to: null }
};
const ENDS: ProcurementStatus[] = ['declined', 'rejected', 'order_declined', 'completed', 'cancelled'];

const everyCase = PROCUREMENT_STATUSES.flatMap((status) =>
	STEP_KINDS.flatMap((step) => PARTIES.map((party) => [status, step, party] as const))
);

describe('the procurement state machine', () => {
	it('has the steps and statuses of the flow, and no others', () => {
		expect([...STEP_KINDS].sort()).toEqual(Object.keys(FLOW).sort());
		expect([...FINAL_STATUSES].sort()).toEqual([...ENDS].sort());
		for (const step of STEP_KINDS) {
			expect({ step, ...STEP_RULES[step] }).toEqual({ step, ...FLOW[step] });
		}
	});

	// 11 statuses × 14 steps × 4 parties: every combination answered.
	it.each(everyCase)('%s: %s by %s', (status, step, party) => {
		const flow = FLOW[step];
		const expected =
			flow.by !== party
				? { error: 'forbidden', message: 'procurement.err_not_your_step' }
				: !flow.from.includes(status)
					? {
							error: 'conflict',
							message: ENDS.includes(status) ? 'procurement.err_closed' : 'procurement.err_wrong_step'
						}
					: null;
		expect(stepRefusal(status, step, party)).toEqual(expected);
	});

	it('lets nobody move a closed record, and every open one somewhere', () => {
		for (const status of PROCUREMENT_STATUSES) {
			const moves = STEP_KINDS.flatMap((step) =>
				PARTIES.filter((party) => stepRefusal(status, step, party) === null)
			);
			if (ENDS.includes(status)) expect(moves, status).toEqual([]);
			else expect(moves.length, status).toBeGreaterThan(0);
		}
	});

	it('tells another party it is not their step before it looks at the status', () => {
		// A buyer trying the seller's step on a closed record hears "not yours", not "closed".
		expect(stepRefusal('completed', 'ship', 'pemesan')).toEqual({
			error: 'forbidden',
			message: 'procurement.err_not_your_step'
		});
	});
});

/** The fields of lineProgress a person reads, per line: ordered, in transit, received, invoiced, to ship, to invoice. */
function progressOf(procurement: Procurement) {
	return Object.fromEntries(
		lineProgress(procurement).map((p) => [
			p.line.name,
			[p.ordered, p.inTransit, p.received, p.invoiced, p.toShip, p.toInvoice]
		])
	);
}

function withDelivery(procurement: Procurement, id: string, items: [string, number][]): Procurement {
	const delivery = {
		id,
		shippedAt: '2026-11-09T03:00:00.000Z',
		method: 'own' as const,
		courier: null,
		tracking: null,
		items: items.map(([lineId, qty]) => ({ lineId, qty })),
		receipt: null
	};
	return { ...procurement, deliveries: [...procurement.deliveries, delivery] };
}

describe('lineProgress', () => {
	it('starts with everything to ship and nothing to invoice', () => {
		expect(progressOf(accepted())).toEqual({
			'Kopi bubuk 200 g': [100, 0, 0, 0, 100, 0],
			'Gula pasir 1 kg': [50, 0, 0, 0, 50, 0],
			'Nasi kotak': [20, 0, 0, 0, 20, 0]
		});
		expect(isFullyReceived(accepted())).toBe(false);
	});

	it('counts what is on its way apart from what arrived', () => {
		const shipped = withDelivery(accepted(), D1, [
			[KOPI_LINE, 60],
			[NASI_LINE, 20]
		]);
		expect(progressOf(shipped)).toEqual({
			'Kopi bubuk 200 g': [100, 60, 0, 0, 40, 0],
			'Gula pasir 1 kg': [50, 0, 0, 0, 50, 0],
			'Nasi kotak': [20, 20, 0, 0, 0, 0]
		});
	});

	it('leaves a shortfall in a BAST open to ship again, and what arrived open to invoice', () => {
		// Delivery 1 carried 100 coffee and 30 sugar; the BAST counted 95 coffee and 30 sugar.
		expect(progressOf(firstDeliveryReceived())).toEqual({
			'Kopi bubuk 200 g': [100, 0, 95, 0, 5, 95],
			'Gula pasir 1 kg': [50, 0, 30, 0, 20, 30],
			'Nasi kotak': [20, 0, 0, 0, 20, 0]
		});
	});

	it('adds partial deliveries, received or not, and subtracts what was invoiced', () => {
		// Invoiced: the 95 coffee and 30 sugar of delivery 1; delivery 2 (5 coffee, 20 sugar) is on its way.
		const second = withDelivery(firstInvoiced(), D2, [
			[KOPI_LINE, 5],
			[GULA_LINE, 20]
		]);
		expect(progressOf(second)).toEqual({
			'Kopi bubuk 200 g': [100, 5, 95, 95, 0, 0],
			'Gula pasir 1 kg': [50, 20, 30, 30, 0, 0],
			'Nasi kotak': [20, 0, 0, 0, 20, 0]
		});
		expect(unpaidInvoices(second).map((item) => item.id)).toEqual([firstInvoiced().invoices[0].id]);
	});

	it('counts a record fully received only when every line arrived in full', () => {
		const all = withDelivery(accepted(), D1, [
			[KOPI_LINE, 100],
			[GULA_LINE, 50],
			[NASI_LINE, 20]
		]);
		expect(isFullyReceived(all)).toBe(false);
		const receipt = (items: [string, number][]) => ({
			number: 'BAST/PTKAI/2026/00001',
			receivedOn: '2026-11-10',
			items: items.map(([lineId, qty]) => ({ lineId, qty })),
			receiverName: 'Budi',
			receiverPosition: 'Staf Umum',
			by: { id: null, name: 'Budi' },
			at: '2026-11-10T03:00:00.000Z'
		});
		const arrived = (items: [string, number][]) => ({
			...all,
			deliveries: [{ ...all.deliveries[0], receipt: receipt(items) }]
		});
		expect(
			isFullyReceived(
				arrived([
					[KOPI_LINE, 100],
					[GULA_LINE, 50],
					[NASI_LINE, 20]
				])
			)
		).toBe(true);
		expect(
			isFullyReceived(
				arrived([
					[KOPI_LINE, 100],
					[GULA_LINE, 49],
					[NASI_LINE, 20]
				])
			)
		).toBe(false);
	});
});

const ID = PROCUREMENT;
const LINE = KOPI_LINE;
const invalidChars = 'err.text_invalid_chars';

describe('procurementShipArgs', () => {
	const base = { id: ID, deliveryId: D1, items: [{ lineId: LINE, qty: 10 }] };
	it.each([
		['by courier with courier and tracking', { method: 'courier', courier: 'JNE', tracking: 'JX123' }, null],
		['own delivery with nothing else', { method: 'own' }, null],
		['own delivery with a stray courier', { method: 'own', courier: 'JNE', tracking: null }, null],
		['by courier without tracking', { method: 'courier', courier: 'JNE' }, ['procurement.err_courier']],
		['by courier without courier', { method: 'courier', tracking: 'JX123' }, ['procurement.err_courier']],
		[
			'by courier with blank tracking',
			{ method: 'courier', courier: 'JNE', tracking: '   ' },
			['procurement.err_courier']
		],
		['an unknown method', { method: 'ojek' }, ['procurement.err_method']],
		['no items', { method: 'own', items: [] }, ['procurement.err_no_items']],
		[
			'more lines than a record holds',
			{
				method: 'own',
				items: Array.from({ length: MAX_LINES + 1 }, (_, n) => ({ lineId: uuid(500 + n), qty: 1 }))
			},
			['procurement.err_too_many_lines']
		],
		['nothing of a line', { method: 'own', items: [{ lineId: LINE, qty: 0 }] }, ['err.qty_whole']],
		['half a unit', { method: 'own', items: [{ lineId: LINE, qty: 1.5 }] }, ['err.qty_whole']],
		[
			'a tracking number too long',
			{ method: 'courier', courier: 'JNE', tracking: 'x'.repeat(61) },
			['err.text_too_long']
		]
	])('%s', (_name, change, expected) => {
		expect(schemaMessages(procurementShipArgs)({ ...base, ...change })).toEqual(expected);
	});

	it('keeps the courier and tracking trimmed', () => {
		expect(
			procurementShipArgs.parse({ ...base, method: 'courier', courier: ' JNE ', tracking: ' JX123 ' })
		).toMatchObject({ courier: 'JNE', tracking: 'JX123' });
	});
});

describe('purchaseRequestInput', () => {
	it.each([14, 30, 60, 90, '30'])('takes tempo %s', (tempoDays) => {
		expect(purchaseRequestInput.parse({ id: ID, tempoDays }).tempoDays).toBe(Number(tempoDays));
	});

	it.each([0, 7, 15, 45, 120, -30, 30.5, 'tiga puluh', null])('refuses tempo %s', (tempoDays) => {
		expect(schemaMessages(purchaseRequestInput)({ id: ID, tempoDays })).toEqual(['procurement.err_tempo']);
	});
});

describe('approvalInput', () => {
	it.each(['approve', 'reject', 'revise'])('takes %s', (decision) => {
		expect(schemaMessages(approvalInput)({ id: ID, decision, note: 'Harga cocok' })).toBeNull();
	});
	it('refuses another decision', () => {
		expect(schemaMessages(approvalInput)({ id: ID, decision: 'maybe' })).toEqual([
			'procurement.err_decision'
		]);
	});
});

describe('procurementDeclineArgs', () => {
	it.each([
		['a reason', 'Stok kopi sedang kosong', null],
		['no reason', undefined, ['procurement.err_reason']],
		['an empty reason', '', ['procurement.err_reason']],
		['only spaces', '   ', ['procurement.err_reason']],
		['only a zero-width space', '\u200B', ['procurement.err_reason']],
		['a right-to-left override', 'Stok habis\u202E', [invalidChars]],
		['a NUL', 'Stok\u0000habis', [invalidChars]],
		['a reason too long', 'x'.repeat(1001), ['err.text_too_long']]
	])('%s', (_name, reason, expected) => {
		expect(schemaMessages(procurementDeclineArgs)({ id: ID, reason })).toEqual(expected);
	});
});

describe('receiptInput', () => {
	const base = {
		id: ID,
		deliveryId: D1,
		receivedOn: '2026-11-08',
		items: [{ lineId: LINE, qty: 95 }],
		receiverName: 'Budi Santoso',
		receiverPosition: 'Staf Umum'
	};
	it.each([
		['a full BAST', {}, null],
		['nothing of a line arrived', { items: [{ lineId: LINE, qty: 0 }] }, null],
		['no receiver', { receiverName: '' }, ['procurement.err_receiver']],
		['an invisible receiver', { receiverName: '\u200B\u200D' }, ['procurement.err_receiver']],
		['a receiver with a bidi override', { receiverName: 'Budi\u202E' }, [invalidChars]],
		['no position', { receiverPosition: ' ' }, ['procurement.err_position']],
		['a position with a control character', { receiverPosition: 'Staf\u0007' }, [invalidChars]],
		['a negative quantity', { items: [{ lineId: LINE, qty: -1 }] }, ['err.qty_whole']],
		['no items', { items: [] }, ['procurement.err_no_items']],
		['not a day', { receivedOn: '8 November 2026' }, ['err.date_invalid']]
	])('%s', (_name, change, expected) => {
		expect(schemaMessages(receiptInput)({ ...base, ...change })).toEqual(expected);
	});
});

describe('paymentInput', () => {
	const base = { id: ID, invoiceId: uuid(41), reference: 'TRF-20261120-001', paidOn: '2026-11-20' };
	it.each([
		['a transfer', {}, null],
		['no reference', { reference: '' }, ['procurement.err_reference']],
		['a reference too long', { reference: 'x'.repeat(61) }, ['err.text_too_long']],
		['a reference with a control character', { reference: 'TRF\u001B[31m' }, [invalidChars]],
		['no day', { paidOn: '2026-02-30' }, ['err.date_invalid']]
	])('%s', (_name, change, expected) => {
		expect(schemaMessages(paymentInput)({ ...base, ...change })).toEqual(expected);
	});
});

describe('quotationRequestInput', () => {
	const base = {
		id: ID,
		items: [
			{ productId: KOPI, qty: 100 },
			{ name: 'Nasi kotak', unit: 'kotak', qty: 20 }
		],
		neededBy: '2026-11-20',
		deliveryAddress: 'Stasiun Tugu, Yogyakarta'
	};
	it.each([
		['catalog and free-text items', {}, null],
		['no items', { items: [] }, ['procurement.err_no_items']],
		['no address', { deliveryAddress: '  ' }, ['procurement.err_address']],
		['an address with a bidi override', { deliveryAddress: 'Jl. \u202EMawar' }, [invalidChars]],
		[
			'an item name that shows nothing',
			{ items: [{ name: '\u3164', unit: 'kotak', qty: 1 }] },
			['err.name_required']
		],
		[
			'an item name with a control character',
			{ items: [{ name: 'Nasi\u0008', unit: 'kotak', qty: 1 }] },
			[invalidChars]
		],
		['no quantity', { items: [{ productId: KOPI }] }, ['err.qty_whole']],
		['a product id that is not one', { items: [{ productId: 'kopi', qty: 1 }] }, ['err.id_invalid']],
		['a needed-by day that is not one', { neededBy: '2026-11-31' }, ['err.date_invalid']]
	])('%s', (_name, change, expected) => {
		expect(schemaMessages(quotationRequestInput)({ ...base, ...change })).toEqual(expected);
	});
});

describe('procurementQuoteArgs and procurementInvoiceArgs', () => {
	const quote = {
		id: ID,
		prices: [{ lineId: LINE, price: 2000 }],
		deliveryDate: '2026-11-15',
		validUntil: '2026-11-10'
	};
	it.each([
		['a quotation', {}, null],
		['a free line (price 0)', { prices: [{ lineId: LINE, price: 0 }] }, null],
		['a negative price', { prices: [{ lineId: LINE, price: -1 }] }, ['err.price_negative']],
		['half a rupiah', { prices: [{ lineId: LINE, price: 2000.5 }] }, ['err.price_whole']],
		[
			'a price over the ceiling',
			{ prices: [{ lineId: LINE, price: 1_000_000_000_001 }] },
			['err.price_too_high']
		],
		['no prices', { prices: [] }, ['procurement.err_no_items']],
		['a validity that is not a day', { validUntil: 'besok' }, ['err.date_invalid']]
	])('quote: %s', (_name, change, expected) => {
		expect(schemaMessages(procurementQuoteArgs)({ ...quote, ...change })).toEqual(expected);
	});

	it('invoices at least one unit of at least one line', () => {
		const check = schemaMessages(procurementInvoiceArgs);
		expect(check({ id: ID, invoiceId: uuid(41), items: [{ lineId: LINE, qty: 95 }] })).toBeNull();
		expect(check({ id: ID, invoiceId: uuid(41), items: [] })).toEqual(['procurement.err_no_items']);
		expect(check({ id: ID, invoiceId: uuid(41), items: [{ lineId: LINE, qty: 0 }] })).toEqual([
			'err.qty_whole'
		]);
	});
});
