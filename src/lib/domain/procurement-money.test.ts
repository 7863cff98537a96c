import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ORDER_TOTAL } from './order';
import {
	addDays,
	advanceFee,
	advanceMonths,
	codeFromSlug,
	daysBetween,
	daysLate,
	DEFAULT_ADVANCE_TERMS,
	DEFAULT_TAX_RATES,
	DOCUMENT_PREFIXES,
	documentNumber,
	formatRate,
	invoiceAmounts,
	isDocumentCode,
	maxAdvance,
	parseDocumentNumber,
	sequenceScope,
	type NumberedDocument
} from './procurement-money';

const rates = DEFAULT_TAX_RATES;

describe('invoiceAmounts', () => {
	it.each([
		{
			// 10 × 25.000 + 4 × 12.500 = 300.000; PPN 11 % = 33.000; PPh 1,5 % = 4.500;
			// total 333.000; paid 333.000 − 4.500 = 328.500
			name: 'a PKP seller',
			lines: [
				{ qty: 10, price: 25_000 },
				{ qty: 4, price: 12_500 }
			],
			pkp: true,
			amounts: { subtotal: 300_000, ppn: 33_000, total: 333_000, pph: 4_500, payable: 328_500 }
		},
		{
			// The same goods from a seller who is not PKP: no PPN; PPh 4.500 still withheld; 300.000 − 4.500
			name: 'a seller who is not PKP',
			lines: [
				{ qty: 10, price: 25_000 },
				{ qty: 4, price: 12_500 }
			],
			pkp: false,
			amounts: { subtotal: 300_000, ppn: 0, total: 300_000, pph: 4_500, payable: 295_500 }
		},
		{
			// 12.345 × 11 % = 1.357,95 → 1.357; 12.345 × 1,5 % = 185,175 → 185;
			// total 12.345 + 1.357 = 13.702; paid 13.702 − 185 = 13.517
			name: 'taxes rounded down to the rupiah',
			lines: [{ qty: 1, price: 12_345 }],
			pkp: true,
			amounts: { subtotal: 12_345, ppn: 1_357, total: 13_702, pph: 185, payable: 13_517 }
		},
		{
			// 99 × 11 % = 10,89 → 10; 99 × 1,5 % = 1,485 → 1; total 109; paid 108
			name: 'a small amount',
			lines: [{ qty: 3, price: 33 }],
			pkp: true,
			amounts: { subtotal: 99, ppn: 10, total: 109, pph: 1, payable: 108 }
		},
		{
			// 66 × 1,5 % = 0,99 → 0: below one rupiah nothing is withheld
			name: 'a PPh under a rupiah',
			lines: [{ qty: 1, price: 66 }],
			pkp: false,
			amounts: { subtotal: 66, ppn: 0, total: 66, pph: 0, payable: 66 }
		},
		{
			name: 'nothing',
			lines: [],
			pkp: true,
			amounts: { subtotal: 0, ppn: 0, total: 0, pph: 0, payable: 0 }
		},
		{
			// 100.000 × 9.999.999.999 + 99.999 × 1 = 999.999.999.999.999 (one rupiah under the ceiling);
			// PPN 999.999.999.999.999 × 1.100 / 10.000 = 109.999.999.999.999,89 → 109.999.999.999.999;
			// PPh × 150 / 10.000 = 14.999.999.999.999,985 → 14.999.999.999.999;
			// total 1.109.999.999.999.998; paid 1.109.999.999.999.998 − 14.999.999.999.999 = 1.094.999.999.999.999
			name: 'a subtotal at the ceiling, exact to the rupiah',
			lines: [
				{ qty: 100_000, price: 9_999_999_999 },
				{ qty: 99_999, price: 1 }
			],
			pkp: true,
			amounts: {
				subtotal: 999_999_999_999_999,
				ppn: 109_999_999_999_999,
				total: 1_109_999_999_999_998,
				pph: 14_999_999_999_999,
				payable: 1_094_999_999_999_999
			}
		}
	])('$name', ({ lines, pkp, amounts }) => {
		expect(invoiceAmounts(lines, pkp, rates)).toEqual(amounts);
	});

	it('keeps every amount of the largest invoice a safe integer', () => {
		const amounts = invoiceAmounts([{ qty: 1, price: MAX_ORDER_TOTAL }], true, rates);
		// 10^15 × 11 % = 1,1 × 10^14; total 1,11 × 10^15; PPh 1,5 × 10^13
		expect(amounts).toEqual({
			subtotal: 1_000_000_000_000_000,
			ppn: 110_000_000_000_000,
			total: 1_110_000_000_000_000,
			pph: 15_000_000_000_000,
			payable: 1_095_000_000_000_000
		});
		expect(Object.values(amounts).every(Number.isSafeInteger)).toBe(true);
	});

	it('takes its rates from configuration', () => {
		// PPN 12 % of 300.000 = 36.000; no PPh (a buyer that withholds none): paid 336.000
		expect(
			invoiceAmounts([{ qty: 3, price: 100_000 }], true, { ppnBasisPoints: 1200, pphBasisPoints: 0 })
		).toEqual({ subtotal: 300_000, ppn: 36_000, total: 336_000, pph: 0, payable: 336_000 });
	});

	it('never lets PPN and PPh stray from the subtotal by a rupiah or more', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: MAX_ORDER_TOTAL }), (subtotal) => {
				const { ppn, pph, payable } = invoiceAmounts([{ qty: 1, price: subtotal }], true, rates);
				// ppn = ⌊subtotal × 11/100⌋ and pph = ⌊subtotal × 3/200⌋, checked in BigInt, without a fraction
				const [s, n, h] = [BigInt(subtotal), BigInt(ppn), BigInt(pph)];
				return (
					n * 100n <= s * 11n &&
					s * 11n < (n + 1n) * 100n &&
					h * 200n <= s * 3n &&
					s * 3n < (h + 1n) * 200n &&
					payable === subtotal + ppn - pph
				);
			})
		);
	});
});

describe('formatRate', () => {
	it.each([
		[1100, '11'],
		[150, '1,5'],
		[1125, '11,25'],
		[0, '0']
	])('%d basis points → %s %', (basisPoints, text) => {
		expect(formatRate(basisPoints)).toBe(text);
	});
});

describe('addDays and daysBetween', () => {
	it.each([
		['2026-11-28', 30, '2026-12-28'],
		['2026-11-28', 0, '2026-11-28'],
		// January has 31 days, February 2026 28: 31 Jan + 1 = 1 Feb, + 29 = 1 Mar, + 30 = 2 Mar
		['2026-01-31', 1, '2026-02-01'],
		['2026-01-31', 30, '2026-03-02'],
		['2026-11-15', 60, '2027-01-14'],
		// Year end: 20 Dec + 11 = 31 Dec, + 14 = 3 Jan
		['2026-12-20', 14, '2027-01-03'],
		['2026-12-31', 1, '2027-01-01'],
		// 28 Nov + 2 (30 Nov) + 31 (31 Dec) + 31 (31 Jan) + 26 = 26 Feb 2027
		['2026-11-28', 90, '2027-02-26'],
		// Leap day: 2028 is a leap year, 2027 is not
		['2028-02-28', 1, '2028-02-29'],
		['2028-02-29', 1, '2028-03-01'],
		['2027-02-28', 1, '2027-03-01'],
		['2028-01-30', 30, '2028-02-29'],
		['2028-02-29', 365, '2029-02-28'],
		['2028-02-29', 366, '2029-03-01'],
		// Backwards across month ends
		['2026-03-01', -1, '2026-02-28'],
		['2028-03-01', -1, '2028-02-29'],
		['2027-01-01', -1, '2026-12-31']
	])('%s + %d days → %s', (day, days, expected) => {
		expect(addDays(day, days)).toBe(expected);
		expect(daysBetween(day, expected)).toBe(days);
		expect(daysBetween(expected, day)).toBe(0 - days);
	});

	it.each([
		['2027-02-01', '2027-03-01', 28],
		['2028-02-01', '2028-03-01', 29],
		['2028-01-01', '2029-01-01', 366],
		['2027-01-01', '2028-01-01', 365],
		['2024-02-29', '2028-02-29', 1461]
	])('%s → %s is %d days', (from, to, days) => {
		expect(daysBetween(from, to)).toBe(days);
	});

	it('comes back to the day it started from, whatever the span', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('2000-01-01T00:00:00Z'),
					max: new Date('2099-12-31T00:00:00Z'),
					noInvalidDate: true
				}),
				fc.integer({ min: -3650, max: 3650 }),
				(date, days) => {
					const day = date.toISOString().slice(0, 10);
					const later = addDays(day, days);
					return (
						/^\d{4}-\d{2}-\d{2}$/.test(later) &&
						daysBetween(day, later) === days &&
						addDays(later, -days) === day
					);
				}
			)
		);
	});
});

describe('daysLate', () => {
	const due = '2026-12-28';
	it.each([
		['unpaid, the day before it is due', null, '2026-12-27', 0],
		['unpaid, on the due date', null, '2026-12-28', 0],
		['unpaid, the day after', null, '2026-12-29', 1],
		['unpaid, across the year end', null, '2027-01-02', 5],
		['unpaid, a month past', null, '2027-01-28', 31],
		['paid early, read much later', '2026-12-20', '2027-06-01', 0],
		['paid on the due date', '2026-12-28', '2027-06-01', 0],
		['paid two days late, counted to the day it was paid', '2026-12-30', '2027-06-01', 2]
	])('%s → %d', (_name, paidOn, today, days) => {
		expect(daysLate({ dueDate: due, paid: paidOn ? { date: paidOn } : null }, today)).toBe(days);
	});
});

describe('advance fee and months', () => {
	it.each([
		['the same day', '2026-11-28', 1],
		['one day', '2026-11-29', 1],
		['30 days', '2026-12-28', 1],
		['31 days: a second month begun', '2026-12-29', 2],
		['60 days', '2027-01-27', 2],
		['61 days', '2027-01-28', 3],
		['90 days', '2027-02-26', 3],
		['a due date already past', '2026-11-01', 1]
	])('%s → %d month(s)', (_name, dueDate, months) => {
		expect(advanceMonths('2026-11-28', dueDate)).toBe(months);
	});

	const terms = DEFAULT_ADVANCE_TERMS;
	it.each([
		// 1.000.000 × 1,5 % × 1 month = 15.000
		['one month', 1_000_000, '2026-12-28', 15_000],
		// 31 days: two months begun, 1.000.000 × 1,5 % × 2 = 30.000
		['a day past a month', 1_000_000, '2026-12-29', 30_000],
		// 90 days: 1.000.000 × 1,5 % × 3 = 45.000
		['tempo 90', 1_000_000, '2027-02-26', 45_000],
		// due already: still one month, 15.000
		['a late invoice', 1_000_000, '2026-11-20', 15_000],
		// 1.234.567 × 1,5 % = 18.518,505 → rounded up to 18.519
		['a fee with a fraction, rounded up', 1_234_567, '2026-12-28', 18_519],
		// 10.000 × 1,5 % = 150 exactly: no rupiah added
		['an exact fee, not rounded', 10_000, '2026-12-28', 150],
		// 1 × 1,5 % = 0,015 → 1: a lender never shows a fee of Rp0
		['a single rupiah', 1, '2026-12-28', 1],
		// 10^15 × 1,5 % × 3 = 4,5 × 10^13, exact
		['the largest amount', 1_000_000_000_000_000, '2027-02-26', 45_000_000_000_000]
	])('%s: Rp%d → fee Rp%d', (_name, amount, dueDate, fee) => {
		expect(advanceFee(amount, '2026-11-28', dueDate, terms)).toBe(fee);
	});

	it('charges the monthly fee the terms give', () => {
		// 2 % a month × 2 months on 500.000 = 20.000
		expect(
			advanceFee(500_000, '2026-11-28', '2027-01-27', {
				maxShareBasisPoints: 9000,
				monthlyFeeBasisPoints: 200
			})
		).toBe(20_000);
	});

	it.each([
		// 328.500 × 80 % = 262.800
		[328_500, terms, 262_800],
		// 12.347 × 80 % = 9.877,6 → 9.877: never more than the share
		[12_347, terms, 9_877],
		// 328.500 × 90 % = 295.650
		[328_500, { maxShareBasisPoints: 9000, monthlyFeeBasisPoints: 150 }, 295_650],
		[0, terms, 0]
	])('maxAdvance(%d) → %d', (payable, advanceTerms, max) => {
		expect(maxAdvance(payable, advanceTerms)).toBe(max);
	});
});

describe('document numbers', () => {
	it.each<[NumberedDocument, string, number, number, string]>([
		['purchase_order', 'PTKAI', 2026, 42, 'SP/PTKAI/2026/00042'],
		['bast', 'PTKAI', 2026, 1, 'BAST/PTKAI/2026/00001'],
		['invoice', 'WARUNGBU', 2026, 99_999, 'TGH/WARUNGBU/2026/99999'],
		['invoice', 'WARUNGBU', 2027, 100_000, 'TGH/WARUNGBU/2027/100000'],
		['purchase_order', 'KEMENKES01', 2026, 1_234_567, 'SP/KEMENKES01/2026/1234567'],
		['bast', 'AB', 2030, Number.MAX_SAFE_INTEGER, `BAST/AB/2030/${Number.MAX_SAFE_INTEGER}`]
	])('%s of %s in %d, number %d → %s', (kind, code, year, sequence, text) => {
		expect(documentNumber(kind, code, year, sequence)).toBe(text);
		expect(parseDocumentNumber(text)).toEqual({ kind, code, year, sequence });
	});

	it.each([
		['a code in small letters', 'ptkai', 2026, 1],
		['a one-letter code', 'P', 2026, 1],
		['a code of 11', 'ABCDEFGHIJK', 2026, 1],
		['a code with a dash', 'PT-KAI', 2026, 1],
		['a code with a slash', 'PT/KAI', 2026, 1],
		['no code', '', 2026, 1],
		['sequence 0', 'PTKAI', 2026, 0],
		['a negative sequence', 'PTKAI', 2026, -1],
		['half a sequence', 'PTKAI', 2026, 1.5],
		['no sequence', 'PTKAI', 2026, Number.NaN],
		['a sequence past a safe integer', 'PTKAI', 2026, Number.MAX_SAFE_INTEGER + 1],
		['a two-digit year', 'PTKAI', 26, 1],
		['a five-digit year', 'PTKAI', 20260, 1]
	])('refuses to write %s', (_name, code, year, sequence) => {
		expect(() => documentNumber('purchase_order', code, year, sequence)).toThrow();
	});

	it.each([
		'',
		'SP/PTKAI/2026/0042',
		'SP/PTKAI/2026/00000',
		'SP/PTKAI/2026/000042',
		'SP/PTKAI/0999/00042',
		'SP/PTKAI/26/00042',
		'sp/ptkai/2026/00042',
		'PO/PTKAI/2026/00042',
		'SP/P/2026/00042',
		'SP/PT KAI/2026/00042',
		'SP/PTKAI/2026/00042 ',
		' SP/PTKAI/2026/00042',
		'SP/PTKAI/2026/00042/1',
		'SP//2026/00042',
		'SP/PTKAI/2026/1e5',
		'SP/PTKAI/2026/99999999999999999999'
	])('reads %j as no number', (text) => {
		expect(parseDocumentNumber(text)).toBeNull();
	});

	it('never gives two documents the same number, and reads each back', () => {
		const kinds = Object.keys(DOCUMENT_PREFIXES) as NumberedDocument[];
		const codes = ['PTKAI', 'PTKAI2', 'KEMENKES', 'WARUNGBU', 'AB'];
		const years = [2026, 2027];
		const seen = new Set<string>();
		let count = 0;
		for (const kind of kinds)
			for (const code of codes)
				for (const year of years)
					for (let sequence = 1; sequence <= 5000; sequence++) {
						const text = documentNumber(kind, code, year, sequence);
						seen.add(text);
						count++;
						const back = parseDocumentNumber(text);
						if (
							back?.kind !== kind ||
							back.code !== code ||
							back.year !== year ||
							back.sequence !== sequence
						) {
							expect.fail(`${text} reads back as ${JSON.stringify(back)}`);
						}
					}
		expect(count).toBe(3 * 5 * 2 * 5000);
		expect(seen.size).toBe(count);
	});

	it('reads back any number it writes', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<NumberedDocument>('purchase_order', 'bast', 'invoice'),
				fc.stringMatching(/^[A-Z0-9]{2,10}$/),
				fc.integer({ min: 1000, max: 9999 }),
				fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
				(kind, code, year, sequence) =>
					JSON.stringify(parseDocumentNumber(documentNumber(kind, code, year, sequence))) ===
					JSON.stringify({ kind, code, year, sequence })
			)
		);
	});

	it('counts each kind and issuer apart', () => {
		expect(sequenceScope('invoice', 'WARUNGBU')).toBe('TGH/WARUNGBU');
		expect(sequenceScope('purchase_order', 'PTKAI')).not.toBe(sequenceScope('bast', 'PTKAI'));
	});
});

describe('codeFromSlug', () => {
	it.each([
		['warung-bu-sari', 'WARUNGBU'],
		['kopi', 'KOPI'],
		['toko-2', 'TOKO2'],
		['bu-ani-123456789', 'BUANI123'],
		['café-ibu', 'CAFIBU'],
		['a', 'AX'],
		['', 'XX'],
		['--', 'XX']
	])('%j → %s', (slug, code) => {
		expect(codeFromSlug(slug)).toBe(code);
		expect(isDocumentCode(code)).toBe(true);
	});

	it('always makes a code a document number takes', () => {
		fc.assert(fc.property(fc.string({ maxLength: 60 }), (slug) => isDocumentCode(codeFromSlug(slug))));
	});
});
