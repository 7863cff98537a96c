import { describe, expect, it } from 'vitest';
import { lineProgress, type Procurement } from './procurement';
import {
	accepted,
	at,
	budi,
	D2,
	dewi,
	firstDeliveryReceived,
	firstInvoiced,
	GULA_LINE,
	I1,
	I2,
	KAI,
	KOPI_LINE,
	must,
	NASI_LINE,
	ordered,
	payment,
	pkp,
	PROCUREMENT,
	quoted,
	requested,
	rudi,
	sari,
	SP,
	SPACE,
	submitted,
	wati
} from './procurement.fixtures';
import {
	cancel,
	decide,
	decline,
	invoice,
	pay,
	receive,
	requesters,
	resubmit,
	ship,
	submit
} from './procurement-steps';

/** The rest of the order after the first BAST: 5 coffee, 20 sugar and the 20 meals, by Sari herself. */
function secondDeliveryShipped(from: Procurement = firstDeliveryReceived()): Procurement {
	return must(
		ship(
			from,
			{
				id: PROCUREMENT,
				deliveryId: D2,
				method: 'own',
				courier: null,
				tracking: null,
				items: [
					{ lineId: KOPI_LINE, qty: 5 },
					{ lineId: GULA_LINE, qty: 20 },
					{ lineId: NASI_LINE, qty: 20 }
				]
			},
			at('seller', '2026-11-09')
		)
	);
}

/** Everything of delivery 2 arrived on the 10th (BAST/PTKAI/2026/00008). */
function secondDeliveryReceived(from: Procurement = firstDeliveryReceived()): Procurement {
	return must(
		receive(
			secondDeliveryShipped(from),
			{
				deliveryId: D2,
				receivedOn: '2026-11-10',
				items: [
					{ lineId: KOPI_LINE, qty: 5 },
					{ lineId: GULA_LINE, qty: 20 },
					{ lineId: NASI_LINE, qty: 20 }
				],
				receiverName: 'Wati',
				receiverPosition: 'Kepala Gudang'
			},
			at('pemesan', '2026-11-10', wati),
			'BAST/PTKAI/2026/00008'
		)
	);
}

/** A Tagihan of `items` by Sari, a PKP seller. */
const invoicing = (
	record: Procurement,
	invoiceId: string,
	items: [string, number][],
	day: string,
	number = pkp.number
) =>
	must(
		invoice(
			record,
			{ id: PROCUREMENT, invoiceId, items: items.map(([lineId, qty]) => ({ lineId, qty })) },
			at('seller', day),
			{ pkp: true, number }
		)
	);

describe('an institutional order from request to paid invoice', () => {
	it.each([
		[requested, 'requested'],
		[quoted, 'quoted'],
		[submitted, 'submitted'],
		[ordered, 'ordered'],
		[accepted, 'accepted'],
		[firstDeliveryReceived, 'accepted']
	] as const)('%o leaves the record %s', (stage, status) => {
		expect(stage().status).toBe(status);
	});

	it('goes through every step once, each recorded with who, when and as whom', () => {
		const received = secondDeliveryReceived();
		const invoiced = invoicing(
			received,
			I1,
			[
				[KOPI_LINE, 100],
				[GULA_LINE, 50],
				[NASI_LINE, 20]
			],
			'2026-11-10',
			'TGH/WARUNGBU/2026/00001'
		);
		const paid = must(pay(invoiced, payment(I1), at('keuangan', '2026-11-20')));

		expect(paid.status).toBe('completed');
		expect(paid.history.map((event) => [event.step, event.party, event.by.name, event.at])).toEqual([
			['request', 'pemesan', 'Budi', '2026-11-02T03:00:00.000Z'],
			['quote', 'seller', 'Sari', '2026-11-03T03:00:00.000Z'],
			['submit', 'pemesan', 'Budi', '2026-11-04T03:00:00.000Z'],
			['approve', 'penyetuju', 'Dewi', '2026-11-05T03:00:00.000Z'],
			['acceptOrder', 'seller', 'Sari', '2026-11-06T03:00:00.000Z'],
			['ship', 'seller', 'Sari', '2026-11-07T03:00:00.000Z'],
			['receive', 'pemesan', 'Budi', '2026-11-08T03:00:00.000Z'],
			['ship', 'seller', 'Sari', '2026-11-09T03:00:00.000Z'],
			['receive', 'pemesan', 'Wati', '2026-11-10T03:00:00.000Z'],
			['invoice', 'seller', 'Sari', '2026-11-10T03:00:00.000Z'],
			['pay', 'keuangan', 'Rudi', '2026-11-20T03:00:00.000Z']
		]);
		expect(paid.history[0]).toMatchObject({ by: budi, note: 'Untuk rapat akhir tahun' });
		expect(paid.updatedAt).toBe('2026-11-20T03:00:00.000Z');
		expect(paid.version).toBeGreaterThan(invoiced.version);

		// The request, in the seller's space, named after the organisation.
		expect(paid).toMatchObject({ id: PROCUREMENT, spaceId: SPACE, organisation: KAI });
		expect(paid.lines.map((line) => [line.name, line.unit, line.qty, line.price])).toEqual([
			['Kopi bubuk 200 g', 'bungkus', 100, 2000],
			['Gula pasir 1 kg', 'kg', 50, 15_000],
			['Nasi kotak', 'kotak', 20, 25_000]
		]);
		// 100 × 2.000 + 50 × 15.000 + 20 × 25.000 = 1.450.000
		expect(paid.quotation).toMatchObject({ total: 1_450_000, validUntil: '2026-11-10', by: sari });
		expect(paid.purchaseRequest).toMatchObject({ tempoDays: 30, by: budi });
		expect(paid.order).toEqual({
			number: 'SP/PTKAI/2026/00042',
			issuedOn: '2026-11-05',
			tempoDays: 30,
			deliveryAddress: 'Stasiun Tugu, Jl. Mangkubumi, Yogyakarta',
			subtotal: 1_450_000,
			taxRates: SP.taxRates,
			approvedBy: dewi
		});
		expect(paid.deliveries.map((item) => [item.method, item.courier, item.tracking])).toEqual([
			['courier', 'JNE', 'JNE0012345678'],
			['own', null, null]
		]);
		expect(paid.deliveries.map((item) => item.receipt?.number)).toEqual([
			'BAST/PTKAI/2026/00007',
			'BAST/PTKAI/2026/00008'
		]);
		expect(paid.deliveries[0].receipt).toMatchObject({
			receivedOn: '2026-11-08',
			receiverName: 'Budi',
			receiverPosition: 'Staf Umum',
			items: [
				{ lineId: KOPI_LINE, qty: 95 },
				{ lineId: GULA_LINE, qty: 30 }
			]
		});
		expect(paid.invoices).toEqual([
			{
				id: I1,
				number: 'TGH/WARUNGBU/2026/00001',
				issuedOn: '2026-11-10',
				// 10 November + 30 days
				dueDate: '2026-12-10',
				items: [
					{ lineId: KOPI_LINE, qty: 100, price: 2000 },
					{ lineId: GULA_LINE, qty: 50, price: 15_000 },
					{ lineId: NASI_LINE, qty: 20, price: 25_000 }
				],
				// PPN 11 % of 1.450.000 = 159.500; PPh 1,5 % = 21.750; paid 1.609.500 − 21.750
				amounts: { subtotal: 1_450_000, ppn: 159_500, total: 1_609_500, pph: 21_750, payable: 1_587_750 },
				paid: { reference: 'TRF-BRI-7781', date: '2026-11-20', at: '2026-11-20T03:00:00.000Z', by: rudi }
			}
		]);
	});

	it('never changes the record it was given', () => {
		const before = firstDeliveryReceived();
		const copy = structuredClone(before);
		secondDeliveryShipped(before);
		expect(before).toEqual(copy);
	});

	it('stays open until the last invoice is paid, then completes', () => {
		const rest = invoicing(
			secondDeliveryReceived(firstInvoiced()),
			I2,
			[
				[KOPI_LINE, 5],
				[GULA_LINE, 20],
				[NASI_LINE, 20]
			],
			'2026-11-11'
		);
		const second = must(pay(rest, payment(I2), at('keuangan', '2026-11-20')));
		expect(second.status).toBe('accepted');
		const first = must(pay(second, payment(I1, '2026-11-21'), at('keuangan', '2026-11-21')));
		expect(first.status).toBe('completed');
	});

	it('does not complete while something received is not invoiced, or a shortfall is not shipped', () => {
		// The first BAST fell 5 coffee short, and nothing of delivery 2 was shipped: paying the one invoice
		// leaves the order open.
		const paid = must(pay(firstInvoiced(), payment(I1), at('keuangan', '2026-11-20')));
		expect(paid.status).toBe('accepted');
		// Everything arrived, but only part of it was invoiced.
		const partly = invoicing(secondDeliveryReceived(), I1, [[KOPI_LINE, 100]], '2026-11-10');
		expect(must(pay(partly, payment(I1), at('keuangan', '2026-11-20'))).status).toBe('accepted');
	});

	it('lets the penyetuju return a request, and the pemesan change the tempo and send it again', () => {
		const returned = must(
			decide(
				submitted(),
				{ decision: 'revise', note: 'Tempo 60 hari saja' },
				at('penyetuju', '2026-11-05'),
				null
			)
		);
		expect(returned.status).toBe('revision');
		expect(returned.history.at(-1)).toMatchObject({ step: 'revise', by: dewi, note: 'Tempo 60 hari saja' });
		const again = must(resubmit(returned, { tempoDays: 60 }, at('pemesan', '2026-11-06')));
		expect(again.status).toBe('submitted');
		expect(again.purchaseRequest).toMatchObject({ tempoDays: 60 });
		const approved = must(decide(again, { decision: 'approve' }, at('penyetuju', '2026-11-07'), SP));
		expect(approved.order).toMatchObject({ tempoDays: 60, issuedOn: '2026-11-07' });
		// Sent again without a change: the tempo asked for before stands.
		expect(must(resubmit(returned, {}, at('pemesan', '2026-11-06'))).purchaseRequest?.tempoDays).toBe(30);
	});

	it('records why the seller declined, for the buyer to read', () => {
		const reason = 'Stok gula sedang kosong';
		const declined = must(
			decline(requested(), 'decline', { id: PROCUREMENT, reason }, at('seller', '2026-11-03'))
		);
		expect(declined).toMatchObject({ status: 'declined', declineReason: reason });
		expect(declined.history.at(-1)).toMatchObject({ step: 'decline', party: 'seller', note: reason });
		const orderDeclined = must(
			decline(ordered(), 'declineOrder', { id: PROCUREMENT, reason }, at('seller', '2026-11-06'))
		);
		expect(orderDeclined).toMatchObject({ status: 'order_declined', declineReason: reason });
	});

	it('lets the pemesan cancel before the Surat Pesanan, with the note kept', () => {
		const cancelled = must(cancel(quoted(), 'Anggaran dipindah', at('pemesan', '2026-11-04')));
		expect(cancelled.status).toBe('cancelled');
		expect(cancelled.history.at(-1)).toMatchObject({ step: 'cancel', note: 'Anggaran dipindah' });
	});

	it('prices a Tagihan as quoted and taxes it with the rates of its Surat Pesanan', () => {
		// The first BAST: 95 × 2.000 + 30 × 15.000 = 190.000 + 450.000 = 640.000.
		expect(firstInvoiced().invoices[0]).toMatchObject({
			issuedOn: '2026-11-09',
			dueDate: '2026-12-09',
			// PPN 11 % = 70.400; PPh 1,5 % = 9.600; 640.000 + 70.400 − 9.600 = 700.800
			amounts: { subtotal: 640_000, ppn: 70_400, total: 710_400, pph: 9_600, payable: 700_800 }
		});
		// Not PKP: no PPN; PPh 1,5 % still withheld: 640.000 − 9.600 = 630.400.
		expect(firstInvoiced({ pkp: false, number: null }).invoices[0]).toMatchObject({
			number: null,
			amounts: { subtotal: 640_000, ppn: 0, total: 640_000, pph: 9_600, payable: 630_400 }
		});
		// Rates in force when the SP was issued (PPN 12 %, PPh 2 %): 76.800 and 12.800; 640.000 + 76.800 − 12.800.
		const issuedAt = firstInvoiced(pkp, { ppnBasisPoints: 1200, pphBasisPoints: 200 });
		expect(issuedAt.invoices[0].amounts).toEqual({
			subtotal: 640_000,
			ppn: 76_800,
			total: 716_800,
			pph: 12_800,
			payable: 704_000
		});
	});

	it('opens a shortfall to ship again, and counts a line left out of a BAST as not arrived', () => {
		const onlyCoffee = must(
			receive(
				secondDeliveryShipped(),
				{
					deliveryId: D2,
					receivedOn: '2026-11-10',
					items: [{ lineId: KOPI_LINE, qty: 5 }],
					receiverName: 'Wati',
					receiverPosition: 'Kepala Gudang'
				},
				at('pemesan', '2026-11-10'),
				'BAST/PTKAI/2026/00008'
			)
		);
		expect(onlyCoffee.deliveries[1].receipt?.items).toEqual([
			{ lineId: KOPI_LINE, qty: 5 },
			{ lineId: GULA_LINE, qty: 0 },
			{ lineId: NASI_LINE, qty: 0 }
		]);
		expect(lineProgress(onlyCoffee).map((p) => p.toShip)).toEqual([0, 20, 20]);
	});
});

describe('requesters and approving one’s own request', () => {
	const byWati = () => must(submit(quoted(), { tempoDays: 30 }, at('pemesan', '2026-11-04', wati)));

	it('names whoever asked for the quotation and whoever sent the purchase request', () => {
		expect(requesters(requested())).toEqual([budi.id]);
		expect(requesters(byWati()).sort()).toEqual([budi.id, wati.id].sort());
	});

	it.each([
		['the pemesan who asked for the quotation', submitted, budi, 'approve'],
		['the pemesan who sent the purchase request', byWati, wati, 'approve'],
		['the requester, rejecting', submitted, budi, 'reject'],
		['the requester, returning it', byWati, wati, 'revise']
	] as const)('refuses %s', (_name, stage, person, decision) => {
		expect(
			decide(stage(), { decision, note: 'Sudah saya cek' }, at('penyetuju', '2026-11-05', person), SP)
		).toEqual({ error: 'forbidden', message: 'procurement.err_own_request' });
	});

	it('still refuses the first sender after a colleague sent the request again', () => {
		// Wati sent it, Dewi returned it, Budi sent it again: Wati asked for it all the same.
		const returned = must(
			decide(byWati(), { decision: 'revise', note: 'Perbaiki tempo' }, at('penyetuju', '2026-11-05'), null)
		);
		const again = must(resubmit(returned, { tempoDays: 60 }, at('pemesan', '2026-11-06', budi)));
		expect(decide(again, { decision: 'approve' }, at('penyetuju', '2026-11-07', wati), SP)).toEqual({
			error: 'forbidden',
			message: 'procurement.err_own_request'
		});
		expect(must(decide(again, { decision: 'approve' }, at('penyetuju', '2026-11-07'), SP)).status).toBe(
			'ordered'
		);
	});
});
