// An institution's order at every stage, made by the real step functions (so every stage is one the rules can
// reach), for the tests of procurement.ts, procurement-steps.ts and invoice-advance.ts; not part of the app.
import { DEFAULT_TAX_RATES } from './procurement-money';
import type { Party, Procurement } from './procurement';
import {
	acceptOrder,
	decide,
	invoice,
	isRefusal,
	quote,
	receive,
	requestQuotation,
	ship,
	submit,
	type CatalogItem,
	type StepContext,
	type StepResult
} from './procurement-steps';
import type { SupplierProfile } from './supplier';

/** A UUIDv7-shaped id whose last digits are `n`: readable in a failing test, valid for the schemas. */
export const uuid = (n: number) => `0192f0c4-0000-7000-8000-${String(n).padStart(12, '0')}`;

export const SPACE = uuid(1);
export const PROCUREMENT = uuid(2);
export const KOPI = uuid(11);
export const GULA = uuid(12);
/** A product the seller took off their shop. */
export const OLD_STOCK = uuid(13);
export const D1 = uuid(31);
export const D2 = uuid(32);
export const I1 = uuid(41);
export const I2 = uuid(42);

export const KAI = { id: uuid(90), name: 'PT Kereta Api Indonesia (Persero)' };

/** Who is who: Sari sells; Budi and Wati order, Dewi approves, Rudi pays (all of PT KAI). */
export const sari = { id: uuid(101), name: 'Sari' };
export const budi = { id: uuid(102), name: 'Budi' };
export const wati = { id: uuid(103), name: 'Wati' };
export const dewi = { id: uuid(104), name: 'Dewi' };
export const rudi = { id: uuid(105), name: 'Rudi' };

export const catalog: ReadonlyMap<string, CatalogItem> = new Map([
	[KOPI, { id: KOPI, name: 'Kopi bubuk 200 g', unit: 'bungkus', active: true }],
	[GULA, { id: GULA, name: 'Gula pasir 1 kg', unit: 'kg', active: true }],
	[OLD_STOCK, { id: OLD_STOCK, name: 'Teh celup', unit: 'kotak', active: false }]
]);

/** The step context of one person on one WIB day (10:00 WIB, 03:00 UTC); the version counts up. */
let version = 0;
export function at(
	party: Party,
	day: string,
	by = { seller: sari, pemesan: budi, penyetuju: dewi, keuangan: rudi }[party]
): StepContext {
	return { party, by, at: `${day}T03:00:00.000Z`, today: day, version: ++version };
}

/** The record a step made; a refusal fails the test that expected a record. */
export function must(result: StepResult): Procurement {
	if (isRefusal(result)) throw new Error(`refused: ${result.error} ${result.message}`);
	return result;
}

/** A seller ready to quote: takes institutional orders, legal data complete, PKP. */
export function supplier(overrides: Partial<SupplierProfile> = {}): SupplierProfile {
	return {
		id: SPACE,
		spaceId: SPACE,
		acceptsInstitutional: true,
		legalName: 'CV Warung Bu Sari',
		nib: '9120001234567',
		npwp: '0123456789012345',
		nitku: '0123456789012345000000',
		pkp: true,
		bank: { bank: 'BRI', accountNumber: '012301000123456', holder: 'Sari Wulandari' },
		size: 'mikro',
		address: null,
		version: 1,
		createdAt: '2026-10-01T03:00:00.000Z',
		updatedAt: '2026-10-01T03:00:00.000Z',
		...overrides
	};
}

/**
 * Budi's request on 2 November: 100 bungkus of coffee, 50 kg of sugar (catalog) and 20 boxed meals (in
 * words), needed by the 20th. Line ids are uuid(21), uuid(22), uuid(23).
 */
export function requested(): Procurement {
	let next = 21;
	return must(
		requestQuotation(
			{
				id: PROCUREMENT,
				items: [
					{ productId: KOPI, qty: 100 },
					{ productId: GULA, qty: 50 },
					{ name: 'Nasi kotak', unit: 'kotak', qty: 20 }
				],
				neededBy: '2026-11-20',
				deliveryAddress: 'Stasiun Tugu, Jl. Mangkubumi, Yogyakarta',
				note: 'Untuk rapat akhir tahun'
			},
			{
				...at('pemesan', '2026-11-02'),
				spaceId: SPACE,
				organisation: KAI,
				catalog,
				newId: () => uuid(next++)
			}
		)
	);
}
export const [KOPI_LINE, GULA_LINE, NASI_LINE] = [uuid(21), uuid(22), uuid(23)];

/**
 * Sari's quotation on the 3rd: Rp2.000, Rp15.000 and Rp25.000 a unit, delivered by the 15th, valid to the
 * 10th. Total 100 × 2.000 + 50 × 15.000 + 20 × 25.000 = 200.000 + 750.000 + 500.000 = Rp1.450.000.
 */
export function quoted(): Procurement {
	return must(
		quote(
			requested(),
			{
				id: PROCUREMENT,
				prices: [
					{ lineId: KOPI_LINE, price: 2000 },
					{ lineId: GULA_LINE, price: 15_000 },
					{ lineId: NASI_LINE, price: 25_000 }
				],
				deliveryDate: '2026-11-15',
				validUntil: '2026-11-10',
				note: 'Harga sudah termasuk antar'
			},
			at('seller', '2026-11-03'),
			supplier()
		)
	);
}

/** Budi's purchase request on the 4th, tempo 30 days. */
export function submitted(): Procurement {
	return must(submit(quoted(), { tempoDays: 30, note: null }, at('pemesan', '2026-11-04')));
}

/** Dewi approves on the 5th: Surat Pesanan SP/PTKAI/2026/00042 with the default rates. */
export function ordered(rates = DEFAULT_TAX_RATES): Procurement {
	return must(
		decide(submitted(), { decision: 'approve' }, at('penyetuju', '2026-11-05'), {
			number: 'SP/PTKAI/2026/00042',
			taxRates: rates
		})
	);
}

/** Sari accepts the Surat Pesanan on the 6th. */
export function accepted(rates = DEFAULT_TAX_RATES): Procurement {
	return must(acceptOrder(ordered(rates), { id: PROCUREMENT }, at('seller', '2026-11-06')));
}

/**
 * The first delivery (the 7th, by JNE): all 100 coffee and 30 of the 50 kg of sugar; its BAST (the 8th)
 * counts 95 coffee (5 short) and the 30 kg of sugar.
 */
export function firstDeliveryReceived(rates = DEFAULT_TAX_RATES): Procurement {
	const shipped = must(
		ship(
			accepted(rates),
			{
				id: PROCUREMENT,
				deliveryId: D1,
				method: 'courier',
				courier: 'JNE',
				tracking: 'JNE0012345678',
				items: [
					{ lineId: KOPI_LINE, qty: 100 },
					{ lineId: GULA_LINE, qty: 30 }
				]
			},
			at('seller', '2026-11-07')
		)
	);
	return must(
		receive(
			shipped,
			{
				deliveryId: D1,
				receivedOn: '2026-11-08',
				items: [
					{ lineId: KOPI_LINE, qty: 95 },
					{ lineId: GULA_LINE, qty: 30 }
				],
				receiverName: 'Budi',
				receiverPosition: 'Staf Umum'
			},
			at('pemesan', '2026-11-08'),
			'BAST/PTKAI/2026/00007'
		)
	);
}

/**
 * Sari invoices what the first BAST counted, on the 9th: Tagihan TGH/WARUNGBU/2026/00001 as a PKP seller
 * (or as `seller` says), taxed at the Surat Pesanan's `rates`.
 */
export function firstInvoiced(
	seller: { pkp: boolean; number: string | null } = { pkp: true, number: 'TGH/WARUNGBU/2026/00001' },
	rates = DEFAULT_TAX_RATES
): Procurement {
	return must(
		invoice(
			firstDeliveryReceived(rates),
			{
				id: PROCUREMENT,
				invoiceId: I1,
				items: [
					{ lineId: KOPI_LINE, qty: 95 },
					{ lineId: GULA_LINE, qty: 30 }
				]
			},
			at('seller', '2026-11-09'),
			seller
		)
	);
}

/**
 * The distinct messages a schema answers (an empty name fails two checks with the same message, shown
 * once), or null when it accepts.
 */
export function schemaMessages(schema: {
	safeParse: (value: unknown) => { error?: { issues: { message: string }[] } };
}) {
	return (value: unknown) => {
		const issues = schema.safeParse(value).error?.issues;
		return issues ? [...new Set(issues.map((issue) => issue.message))] : null;
	};
}

/** The Surat Pesanan an approval issues, with the default rates. */
export const SP = { number: 'SP/PTKAI/2026/00042', taxRates: DEFAULT_TAX_RATES };
/** A PKP seller's second Tagihan number. */
export const pkp = { pkp: true, number: 'TGH/WARUNGBU/2026/00002' };
/** Rudi's transfer for an invoice. */
export const payment = (invoiceId: string, paidOn = '2026-11-20') => ({
	invoiceId,
	reference: 'TRF-BRI-7781',
	paidOn
});
