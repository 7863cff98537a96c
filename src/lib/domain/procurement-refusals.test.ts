import { describe, expect, it } from 'vitest';
import type { Party, Procurement } from './procurement';
import {
	accepted,
	at,
	catalog,
	D1,
	D2,
	dewi,
	firstDeliveryReceived,
	firstInvoiced,
	GULA,
	GULA_LINE,
	I1,
	I2,
	KAI,
	KOPI,
	KOPI_LINE,
	must,
	NASI_LINE,
	OLD_STOCK,
	ordered,
	payment,
	pkp,
	PROCUREMENT,
	quoted,
	requested,
	SP,
	SPACE,
	submitted,
	supplier,
	uuid
} from './procurement.fixtures';
import {
	acceptOrder,
	cancel,
	decide,
	decline,
	invoice,
	isRefusal,
	pay,
	quote,
	receive,
	requestQuotation,
	ship,
	submit,
	type StepResult
} from './procurement-steps';

/** What a person is told: the refusal's code and message key, or that the step went through. */
const outcome = (result: StepResult) => (isRefusal(result) ? `${result.error} ${result.message}` : 'taken');
const lineQtys = (items: [string, number][]) => items.map(([lineId, qty]) => ({ lineId, qty }));
const prices = (...items: [string, number][]) => items.map(([lineId, price]) => ({ lineId, price }));

// Each step as a person takes it, with only what the case changes.
const request = (items: { productId?: string; name?: string; unit?: string; qty: number }[], change = {}) =>
	requestQuotation(
		{ id: PROCUREMENT, items, neededBy: '2026-11-20', deliveryAddress: 'Stasiun Tugu', ...change },
		{ ...at('pemesan', '2026-11-02'), spaceId: SPACE, organisation: KAI, catalog, newId: () => uuid(200) }
	);
const quoteArgs = (change: object = {}) => ({
	id: PROCUREMENT,
	prices: prices([KOPI_LINE, 2000], [GULA_LINE, 15_000], [NASI_LINE, 25_000]),
	deliveryDate: '2026-11-15',
	validUntil: '2026-11-10',
	note: null,
	...change
});
const quoting = (change: object = {}, record = requested()) =>
	quote(record, quoteArgs(change), at('seller', '2026-11-03'), supplier());
const shipping = (record: Procurement, items: [string, number][], deliveryId = D2) =>
	ship(
		record,
		{ id: PROCUREMENT, deliveryId, method: 'own', courier: null, tracking: null, items: lineQtys(items) },
		at('seller', '2026-11-07')
	);
const receiving = (record: Procurement, items: [string, number][], change = {}, party: Party = 'pemesan') =>
	receive(
		record,
		{
			deliveryId: D1,
			receivedOn: '2026-11-08',
			items: lineQtys(items),
			receiverName: 'Budi',
			receiverPosition: 'Staf Umum',
			...change
		},
		at(party, '2026-11-08'),
		'BAST/PTKAI/2026/00009'
	);
const invoicing = (record: Procurement, items: [string, number][], invoiceId = I2) =>
	invoice(record, { id: PROCUREMENT, invoiceId, items: lineQtys(items) }, at('seller', '2026-11-09'), pkp);
const paying = (record: Procurement, invoiceId = I1, paidOn = '2026-11-20', party: Party = 'keuangan') =>
	pay(record, payment(invoiceId, paidOn), at(party, '2026-11-20'));

/** Sari declined the Surat Pesanan. */
const orderDeclined = () =>
	must(
		decline(
			ordered(),
			'declineOrder',
			{ id: PROCUREMENT, reason: 'Tidak sanggup' },
			at('seller', '2026-11-06')
		)
	);
/** Delivery 1 on its way: 100 coffee and 30 sugar, no BAST yet. */
const inTransit = () =>
	must(
		shipping(
			accepted(),
			[
				[KOPI_LINE, 100],
				[GULA_LINE, 30]
			],
			D1
		)
	);

/** A record already holding 50 (empty) deliveries and 50 (empty) invoices: the most one may hold. */
const full = (): Procurement => {
	const record = firstInvoiced();
	const fifty = <T>(item: T) =>
		Array.from({ length: 50 }, (_, n) => ({ ...item, id: uuid(600 + n), items: [] }));
	return { ...record, deliveries: fifty(record.deliveries[0]), invoices: fifty(record.invoices[0]) };
};

describe('a seller without legal data', () => {
	it.each([
		['no supplier profile', null, 'procurement.err_not_supplier'],
		['institutional orders turned off', { acceptsInstitutional: false }, 'procurement.err_not_supplier'],
		['no NIB', { nib: null }, 'procurement.err_legal_data'],
		['no NPWP', { npwp: null }, 'procurement.err_legal_data'],
		['no NITKU', { nitku: null }, 'procurement.err_legal_data'],
		['no bank account', { bank: null }, 'procurement.err_legal_data']
	])('may not quote with %s', (_name, profile, message) => {
		const result = quote(requested(), quoteArgs(), at('seller', '2026-11-03'), profile && supplier(profile));
		expect(outcome(result)).toBe(`invalid ${message}`);
	});
});

describe.each<[string, [string, () => StepResult, string][]]>([
	[
		'the request for quotation',
		[
			[
				'an unknown product',
				() => request([{ productId: uuid(999), qty: 1 }]),
				'not_found procurement.err_product'
			],
			[
				'a product taken off the shop',
				() => request([{ productId: OLD_STOCK, qty: 1 }]),
				'not_found procurement.err_product'
			],
			[
				'an item in words without a unit',
				() => request([{ name: 'Nasi kotak', qty: 1 }]),
				'invalid procurement.err_item_words'
			],
			[
				'an item with neither product nor name',
				() => request([{ unit: 'kotak', qty: 1 }]),
				'invalid procurement.err_item_words'
			],
			[
				'needed by yesterday',
				() => request([{ productId: KOPI, qty: 1 }], { neededBy: '2026-11-01' }),
				'invalid procurement.err_date_past'
			],
			[
				'a request made by the seller',
				() =>
					requestQuotation(
						{
							id: PROCUREMENT,
							items: [{ productId: GULA, qty: 1 }],
							neededBy: '2026-11-20',
							deliveryAddress: 'Tugu'
						},
						{
							...at('seller', '2026-11-02'),
							spaceId: SPACE,
							organisation: KAI,
							catalog,
							newId: () => uuid(200)
						}
					),
				'forbidden procurement.err_not_your_step'
			]
		]
	],
	[
		'the quotation',
		[
			[
				'prices missing a line',
				() => quoting({ prices: prices([KOPI_LINE, 2000], [GULA_LINE, 15_000]) }),
				'invalid procurement.err_prices'
			],
			[
				'one line priced twice',
				() => quoting({ prices: prices([KOPI_LINE, 2000], [KOPI_LINE, 1900], [GULA_LINE, 15_000]) }),
				'invalid procurement.err_prices'
			],
			[
				'a price for a line of another record',
				() => quoting({ prices: prices([KOPI_LINE, 2000], [GULA_LINE, 15_000], [uuid(999), 25_000]) }),
				'invalid procurement.err_prices'
			],
			[
				'an extra price',
				() => quoting({ prices: [...quoteArgs().prices, { lineId: uuid(999), price: 1 }] }),
				'invalid procurement.err_prices'
			],
			[
				'delivery before today',
				() => quoting({ deliveryDate: '2026-11-02' }),
				'invalid procurement.err_date_past'
			],
			[
				'an offer that ended yesterday',
				() => quoting({ validUntil: '2026-11-02' }),
				'invalid procurement.err_date_past'
			],
			[
				'a quotation after declining',
				() =>
					quoting(
						{},
						must(
							decline(
								requested(),
								'decline',
								{ id: PROCUREMENT, reason: 'Habis' },
								at('seller', '2026-11-03')
							)
						)
					),
				'conflict procurement.err_closed'
			],
			['a quotation twice', () => quoting({}, quoted()), 'conflict procurement.err_wrong_step']
		]
	],
	[
		'the purchase request and its approval',
		[
			[
				'a quotation that expired',
				() => submit(quoted(), { tempoDays: 30 }, at('pemesan', '2026-11-11')),
				'conflict procurement.err_quote_expired'
			],
			[
				'a reject without a note',
				() => decide(submitted(), { decision: 'reject' }, at('penyetuju', '2026-11-05'), null),
				'invalid err.note_required'
			],
			[
				'a revise with an empty note',
				() => decide(submitted(), { decision: 'revise', note: '' }, at('penyetuju', '2026-11-05'), null),
				'invalid err.note_required'
			],
			[
				'approving twice',
				() => decide(ordered(), { decision: 'approve' }, at('penyetuju', '2026-11-05'), SP),
				'conflict procurement.err_wrong_step'
			],
			[
				'a pemesan approving',
				() => decide(submitted(), { decision: 'approve' }, at('pemesan', '2026-11-05', dewi), SP),
				'forbidden procurement.err_not_your_step'
			],
			[
				'cancelling once ordered',
				() => cancel(ordered(), null, at('pemesan', '2026-11-06')),
				'conflict procurement.err_wrong_step'
			],
			[
				'the seller cancelling',
				() => cancel(quoted(), null, at('seller', '2026-11-04')),
				'forbidden procurement.err_not_your_step'
			]
		]
	],
	[
		'the Surat Pesanan and shipping',
		[
			[
				'shipping a declined order',
				() => shipping(orderDeclined(), [[KOPI_LINE, 1]]),
				'conflict procurement.err_closed'
			],
			[
				'accepting a Surat Pesanan already declined',
				() => acceptOrder(orderDeclined(), { id: PROCUREMENT }, at('seller', '2026-11-07')),
				'conflict procurement.err_closed'
			],
			[
				'accepting before there is a Surat Pesanan',
				() => acceptOrder(submitted(), { id: PROCUREMENT }, at('seller', '2026-11-05')),
				'conflict procurement.err_wrong_step'
			],
			[
				'shipping before accepting',
				() => shipping(ordered(), [[KOPI_LINE, 1]]),
				'conflict procurement.err_wrong_step'
			],
			[
				'shipping more than ordered',
				() => shipping(accepted(), [[KOPI_LINE, 101]]),
				'invalid procurement.err_ship_too_much'
			],
			[
				'shipping again what is on its way',
				() => shipping(inTransit(), [[KOPI_LINE, 1]]),
				'invalid procurement.err_ship_too_much'
			],
			[
				'shipping more than a BAST left short',
				() => shipping(firstDeliveryReceived(), [[KOPI_LINE, 6]]),
				'invalid procurement.err_ship_too_much'
			],
			[
				'a delivery sent twice',
				() => shipping(inTransit(), [[NASI_LINE, 1]], D1),
				'conflict procurement.err_delivery_exists'
			],
			[
				'a line twice in one delivery',
				() =>
					shipping(accepted(), [
						[NASI_LINE, 1],
						[NASI_LINE, 1]
					]),
				'invalid procurement.err_lines'
			],
			[
				'a line of another record',
				() => shipping(accepted(), [[uuid(999), 1]]),
				'invalid procurement.err_lines'
			],
			['a 51st delivery', () => shipping(full(), [[NASI_LINE, 1]]), 'invalid procurement.err_too_many_steps']
		]
	],
	[
		'the BAST',
		[
			[
				'receiving more than was shipped',
				() => receiving(inTransit(), [[GULA_LINE, 31]]),
				'invalid procurement.err_receive_too_much'
			],
			[
				'receiving a line the delivery did not carry',
				() => receiving(inTransit(), [[NASI_LINE, 1]]),
				'invalid procurement.err_lines'
			],
			[
				'receiving a delivery twice',
				() => receiving(firstDeliveryReceived(), [[KOPI_LINE, 5]]),
				'conflict procurement.err_already_received'
			],
			[
				'receiving an unknown delivery',
				() => receiving(inTransit(), [[KOPI_LINE, 1]], { deliveryId: uuid(999) }),
				'not_found procurement.err_delivery_missing'
			],
			[
				'a BAST dated tomorrow',
				() => receiving(inTransit(), [[KOPI_LINE, 1]], { receivedOn: '2026-11-09' }),
				'invalid procurement.err_date_future'
			],
			[
				'the seller signing the BAST',
				() => receiving(inTransit(), [[KOPI_LINE, 1]], {}, 'seller'),
				'forbidden procurement.err_not_your_step'
			]
		]
	],
	[
		'the Tagihan',
		[
			[
				'invoicing before any BAST',
				() => invoicing(inTransit(), [[KOPI_LINE, 1]]),
				'invalid procurement.err_invoice_too_much'
			],
			[
				'invoicing more than was received',
				() => invoicing(firstDeliveryReceived(), [[KOPI_LINE, 96]]),
				'invalid procurement.err_invoice_too_much'
			],
			[
				'invoicing again what was invoiced',
				() => invoicing(firstInvoiced(), [[GULA_LINE, 1]]),
				'invalid procurement.err_invoice_too_much'
			],
			[
				'the same Tagihan twice',
				() => invoicing(firstInvoiced(), [[GULA_LINE, 1]], I1),
				'conflict procurement.err_invoice_exists'
			],
			[
				'a line twice in one Tagihan',
				() =>
					invoicing(firstDeliveryReceived(), [
						[KOPI_LINE, 1],
						[KOPI_LINE, 1]
					]),
				'invalid procurement.err_lines'
			],
			['a 51st Tagihan', () => invoicing(full(), [[KOPI_LINE, 1]]), 'invalid procurement.err_too_many_steps']
		]
	],
	[
		'the payment',
		[
			['paying twice', () => paying(must(paying(firstInvoiced()))), 'conflict procurement.err_paid_twice'],
			[
				'paying before the invoice date',
				() => paying(firstInvoiced(), I1, '2026-11-08'),
				'invalid procurement.err_paid_before_invoice'
			],
			[
				'a payment dated tomorrow',
				() => paying(firstInvoiced(), I1, '2026-11-21'),
				'invalid procurement.err_date_future'
			],
			[
				'paying an unknown invoice',
				() => paying(firstInvoiced(), uuid(999)),
				'not_found procurement.err_invoice_missing'
			],
			[
				'the pemesan marking it paid',
				() => paying(firstInvoiced(), I1, '2026-11-20', 'pemesan'),
				'forbidden procurement.err_not_your_step'
			]
		]
	]
])('refusals of %s', (_step, cases) => {
	it.each(cases)('%s', (_name, step, expected) => {
		expect(outcome(step())).toBe(expected);
	});
});

describe('the edges those refusals leave open', () => {
	it.each<[string, () => StepResult]>([
		[
			'submitting on the last day of the offer',
			() => submit(quoted(), { tempoDays: 30 }, at('pemesan', '2026-11-10'))
		],
		[
			'paying on the invoice’s own day',
			() => pay(firstInvoiced(), payment(I1, '2026-11-09'), at('keuangan', '2026-11-09'))
		],
		[
			'shipping again the 5 coffee a BAST left short',
			() => shipping(firstDeliveryReceived(), [[KOPI_LINE, 5]])
		],
		[
			'invoicing exactly what arrived',
			() =>
				invoicing(firstDeliveryReceived(), [
					[KOPI_LINE, 95],
					[GULA_LINE, 30]
				])
		],
		['a BAST counting none of a line', () => receiving(inTransit(), [[KOPI_LINE, 0]])],
		[
			'a quotation priced at the ceiling of a unit',
			() => quoting({ prices: prices([KOPI_LINE, 1_000_000_000_000], [GULA_LINE, 0], [NASI_LINE, 0]) })
		]
	])('%s', (_name, step) => {
		expect(outcome(step())).toBe('taken');
	});

	it('keeps the catalog’s name and unit for a catalog item, whatever the request wrote', () => {
		expect(
			must(request([{ productId: GULA, name: 'Gula murah', unit: 'karung', qty: 3 }])).lines[0]
		).toMatchObject({
			name: 'Gula pasir 1 kg',
			unit: 'kg',
			price: null
		});
	});

	it('refuses a quotation whose total no sum could hold', () => {
		// 100.000 × Rp1.000.000.000.000 = Rp10^17, above the ceiling of Rp10^15.
		const huge = must(request([{ productId: KOPI, qty: 100_000 }]));
		const result = quoting({ prices: prices([huge.lines[0].id, 1_000_000_000_000]) }, huge);
		expect(outcome(result)).toBe('invalid err.total_too_big');
	});
});
