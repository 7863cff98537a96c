// One institution's order with all three documents, made by the real step functions, for the tests of
// document-view.ts and the server's PDF and QR; not part of the app.
import type { Procurement } from './procurement';
import { at, KAI, must, supplier, uuid } from './procurement.fixtures';
import {
	acceptOrder,
	decide,
	invoice,
	pay,
	quote,
	receive,
	requestQuotation,
	ship,
	submit
} from './procurement-steps';
import { DEFAULT_TAX_RATES } from './procurement-money';

export { supplier };

export const ORDER = uuid(500);
export const CHIPS_LINE = uuid(501);
export const BOX_LINE = uuid(502);
export const DELIVERY = uuid(510);
export const INVOICE = uuid(520);
export const CHIPS = uuid(530);

/**
 * PT KAI orders 100 bungkus of chips at Rp11.000 and 10 boxes at Rp2.500 (Surat Pesanan SP/PTKAI/2026/00042,
 * approved 5 Nov, tempo 30 days); the seller sends 60 chips and the boxes on the 7th; the BAST of the 8th
 * counts 55 chips and 10 boxes; the Tagihan of the 9th is for those:
 * 55 × 11.000 + 10 × 2.500 = 605.000 + 25.000 = 630.000; PPN 11 % = 69.300; PPh 1,5 % = 9.450;
 * to be paid 630.000 + 69.300 − 9.450 = 689.850, due 9 Nov + 30 = 9 Dec 2026.
 */
export function invoicedOrder(): Procurement {
	let next = 501;
	const asked = must(
		requestQuotation(
			{
				id: ORDER,
				items: [
					{ productId: CHIPS, qty: 100 },
					{ name: 'Kardus kemasan', unit: 'pcs', qty: 10 }
				],
				neededBy: '2026-11-20',
				deliveryAddress: 'Stasiun Tugu, Jl. Mangkubumi, Yogyakarta',
				note: null
			},
			{
				...at('pemesan', '2026-11-02'),
				spaceId: supplier().spaceId,
				organisation: KAI,
				catalog: new Map([
					[CHIPS, { id: CHIPS, name: 'Keripik singkong 250 g', unit: 'bungkus', active: true }]
				]),
				newId: () => uuid(next++)
			}
		)
	);
	const quoted = must(
		quote(
			asked,
			{
				id: ORDER,
				prices: [
					{ lineId: CHIPS_LINE, price: 11_000 },
					{ lineId: BOX_LINE, price: 2_500 }
				],
				deliveryDate: '2026-11-15',
				validUntil: '2026-11-10',
				note: null
			},
			at('seller', '2026-11-03'),
			supplier()
		)
	);
	const submitted = must(submit(quoted, { tempoDays: 30, note: null }, at('pemesan', '2026-11-04')));
	const ordered = must(
		decide(submitted, { decision: 'approve' }, at('penyetuju', '2026-11-05'), {
			number: 'SP/PTKAI/2026/00042',
			taxRates: DEFAULT_TAX_RATES
		})
	);
	const accepted = must(acceptOrder(ordered, { id: ORDER }, at('seller', '2026-11-06')));
	const shipped = must(
		ship(
			accepted,
			{
				id: ORDER,
				deliveryId: DELIVERY,
				method: 'courier',
				courier: 'JNE',
				tracking: 'JNE0012345678',
				items: [
					{ lineId: CHIPS_LINE, qty: 60 },
					{ lineId: BOX_LINE, qty: 10 }
				]
			},
			at('seller', '2026-11-07')
		)
	);
	const received = must(
		receive(
			shipped,
			{
				deliveryId: DELIVERY,
				receivedOn: '2026-11-08',
				items: [
					{ lineId: CHIPS_LINE, qty: 55 },
					{ lineId: BOX_LINE, qty: 10 }
				],
				receiverName: 'Wati',
				receiverPosition: 'Staf Pengadaan'
			},
			at('pemesan', '2026-11-08'),
			'BAST/PTKAI/2026/00007'
		)
	);
	return must(
		invoice(
			received,
			{
				id: ORDER,
				invoiceId: INVOICE,
				items: [
					{ lineId: CHIPS_LINE, qty: 55 },
					{ lineId: BOX_LINE, qty: 10 }
				]
			},
			at('seller', '2026-11-09'),
			{ pkp: true, number: 'TGH/WARUNGBU/2026/00001' }
		)
	);
}

/** The same order after keuangan paid the Tagihan on 28 Nov 2026. */
export function paidOrder(): Procurement {
	return must(
		pay(
			invoicedOrder(),
			{ invoiceId: INVOICE, reference: 'TRF-BRI-7781', paidOn: '2026-11-28' },
			at('keuangan', '2026-11-28')
		)
	);
}
