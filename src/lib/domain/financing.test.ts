import { describe, expect, it } from 'vitest';
import { sayIndonesian } from '$lib/i18n/messages';
import {
	checkEligibility,
	eligibilityRefusal,
	financingFields,
	installment,
	isEligible,
	mergeFields,
	productForAmount,
	salesRecord,
	salesThisMonth,
	type FinancingFields,
	type Lender
} from './financing';

const today = '2026-11-28';
const BANK = '0192f0c4-0000-7000-8000-00000000b001';
const complete: FinancingFields = {
	product: 'mikro',
	lenderId: BANK,
	amount: 25_000_000,
	purpose: 'modal_kerja',
	tenorMonths: 24,
	fullName: 'Sari Wulandari',
	nik: '3201015708850002',
	birthDate: '1985-08-17',
	maritalStatus: 'married',
	address: 'Jl. Melati 3, Bogor',
	businessName: 'Warung Bu Sari',
	businessType: 'Warung sembako',
	businessStartedAt: '2020-03',
	nib: '1234567890123',
	monthlyRevenue: 9_000_000,
	employees: 1,
	ktpPhoto: 'a'.repeat(64),
	businessPhoto: 'b'.repeat(64)
};

const failing = (fields: FinancingFields) =>
	checkEligibility(fields, today)
		.filter((check) => !check.ok)
		.map((check) => check.problem);

describe('checkEligibility', () => {
	it('passes a complete application', () => {
		expect(failing(complete)).toEqual([]);
		expect(isEligible(checkEligibility(complete, today))).toBe(true);
	});

	it.each([
		['a business younger than 6 months', { businessStartedAt: '2026-07' }, ['financing.business_too_new']],
		['a business of exactly 6 months', { businessStartedAt: '2026-05' }, []],
		[
			'a 20-year-old, single',
			{ nik: '3201011708060001', birthDate: '2006-08-17', maritalStatus: 'single' },
			['financing.too_young']
		],
		[
			'a 20-year-old, married',
			{ nik: '3201011708060001', birthDate: '2006-08-17', maritalStatus: 'married' },
			[]
		],
		[
			'an amount above KUR Mikro',
			{ amount: 150_000_000, npwp: '123456789012345' },
			['financing.amount_outside']
		],
		['an amount below KUR Mikro', { amount: 5_000_000 }, ['financing.amount_outside']],
		['a working-capital tenor of 48 months', { tenorMonths: 48 }, ['financing.tenor_too_long']],
		['an investment tenor of 48 months', { purpose: 'investasi' as const, tenorMonths: 48 }, []],
		['no KTP photo', { ktpPhoto: null }, ['financing.missing']],
		['neither NIB nor SKU letter', { nib: null }, ['financing.license_missing']],
		['an SKU letter instead of an NIB', { nib: null, skuLetter: '470/12/Ds.Sukamaju/2025' }, []],
		['above Rp50 juta without NPWP', { amount: 60_000_000 }, ['financing.missing']],
		['above Rp50 juta with NPWP', { amount: 60_000_000, npwp: '123456789012345' }, []],
		['a NIK whose birth date differs', { birthDate: '1985-08-18' }, ['err.nik_birth_mismatch']],
		['a NIK of no province', { nik: '0001015708850002' }, ['err.nik_province']]
	])('%s', (_case, change, problems) => {
		expect(failing({ ...complete, ...(change as FinancingFields) })).toEqual(problems);
	});

	it.each([
		['no lender', undefined, { lenderId: null }, ['financing.missing']],
		['a lender the list does not have', [], {}, ['financing.lender_unknown']],
		['a lender offering the product', [{ id: BANK, name: 'Bank Desa', products: ['mikro'] }], {}, []],
		[
			'a lender not offering the product',
			[{ id: BANK, name: 'Koperasi Maju', products: ['super_mikro'] }],
			{},
			['financing.lender_product']
		]
	] as const)('%s', (_case, lenders, change, problems) => {
		const checks = checkEligibility({ ...complete, ...change }, today, lenders as Lender[] | undefined);
		expect(checks.filter((check) => !check.ok).map((check) => check.problem)).toEqual(problems);
	});

	it('names the lender and the product a lender does not offer, in the refusal', () => {
		const lenders: Lender[] = [{ id: BANK, name: 'Koperasi Maju', products: ['super_mikro'] }];
		expect(eligibilityRefusal(checkEligibility(complete, today, lenders), sayIndonesian)).toBe(
			'Belum memenuhi syarat: Pemberi pembiayaan: Koperasi Maju tidak melayani KUR Mikro. ' +
				'Pilih pemberi pembiayaan lain.'
		);
	});

	it('lists every missing field of an empty form', () => {
		expect(failing({}).length).toBeGreaterThan(10);
	});
});

describe('installment (annuity, bunga efektif)', () => {
	// Figures worked out by hand: P·r / (1 − (1 + r)^−n), r = yearly / 12.
	it.each([
		[10_000_000, 12, 6, 860_664, 10_327_968],
		[50_000_000, 36, 6, 1_521_097, 54_759_492],
		[5_000_000, 6, 6, 847_977, 5_087_862],
		[200_000_000, 60, 6, 3_866_560, 231_993_600],
		[1_000_000, 1, 6, 1_005_000, 1_005_000],
		[12_000_000, 12, 0, 1_000_000, 12_000_000]
	])('Rp%d over %d months at %d%% → %d a month, %d in all', (amount, months, rate, monthly, total) => {
		expect(installment(amount, months, rate)).toEqual({ monthly, total, interest: total - amount });
	});
});

describe('mergeFields', () => {
	it('keeps both phones’ fields when they filled different parts', () => {
		const base: FinancingFields = { fullName: 'Sari', amount: 5_000_000 };
		const sellerPhone: FinancingFields = { amount: 8_000_000, purpose: 'modal_kerja' };
		const facilitatorPhone: FinancingFields = { businessName: 'Warung Bu Sari', nib: '1234567890123' };
		const merged = mergeFields(mergeFields(base, sellerPhone), facilitatorPhone);
		expect(merged).toEqual({
			fullName: 'Sari',
			amount: 8_000_000,
			purpose: 'modal_kerja',
			businessName: 'Warung Bu Sari',
			nib: '1234567890123'
		});
		// in the other order, the same result
		expect(mergeFields(mergeFields(base, facilitatorPhone), sellerPhone)).toEqual(merged);
	});

	it('lets a later patch of the same field win and null clear it', () => {
		expect(mergeFields({ amount: 1, address: 'x' }, { amount: 2, address: null })).toEqual({
			amount: 2,
			address: null
		});
	});

	it.each([
		[{ nik: '123' }, 'err.nik_format'],
		[{ amount: 1.5 }, 'err.amount_whole'],
		[{ businessStartedAt: '2020-13' }, 'err.month_invalid'],
		[{ tenorMonths: 61 }, 'err.tenor_too_long'],
		[{ nib: '12345' }, 'err.nib_format']
	])('refuses %o', (fields, message) => {
		expect(financingFields.safeParse(fields).error?.issues[0]?.message).toBe(message);
	});
});

describe('productForAmount', () => {
	it.each([
		[10_000_000, 'super_mikro'],
		[10_000_001, 'mikro'],
		[100_000_000, 'mikro'],
		[100_000_001, 'kecil'],
		[500_000_001, null]
	])('%d → %s', (amount, product) => {
		expect(productForAmount(amount)).toBe(product);
	});
});

describe('salesThisMonth', () => {
	// 48 sales today leave the six whole months empty; the month so far shows them.
	const sales = Array.from({ length: 48 }, (_, index) => ({
		createdAt: `2026-11-28T0${index % 10}:00:00Z`,
		total: 6_000,
		status: 'completed'
	}));

	it.each([
		['48 sales today', sales, { month: '2026-11', revenue: 288_000, orders: 48 }],
		[
			'the first morning in Jakarta counts, the last night of last month does not, nor a cancelled one',
			[
				{ createdAt: '2026-10-31T18:00:00Z', total: 10_000, status: 'new' },
				{ createdAt: '2026-10-31T16:59:00Z', total: 20_000, status: 'completed' },
				{ createdAt: '2026-11-02T03:00:00Z', total: 30_000, status: 'cancelled' }
			],
			{ month: '2026-11', revenue: 10_000, orders: 1 }
		],
		['nothing yet', [], { month: '2026-11', revenue: 0, orders: 0 }]
	])('%s', (_, orders, expected) => {
		expect(salesThisMonth(orders, today)).toEqual(expected);
	});

	it('is what the six-month record leaves out', () => {
		expect(salesRecord(sales, today).orderCount).toBe(0);
	});
});

describe('salesRecord', () => {
	it('sums the six whole months before today, by Jakarta month, without cancelled orders', () => {
		const record = salesRecord(
			[
				{ createdAt: '2026-10-31T18:00:00Z', total: 10_000, status: 'completed' }, // 1 Nov in Jakarta: this month, left out
				{ createdAt: '2026-10-15T03:00:00Z', total: 20_000, status: 'completed' },
				{ createdAt: '2026-10-16T03:00:00Z', total: 30_000, status: 'new' },
				{ createdAt: '2026-10-17T03:00:00Z', total: 99_000, status: 'cancelled' },
				{ createdAt: '2026-05-01T03:00:00Z', total: 40_000, status: 'completed' },
				{ createdAt: '2026-04-30T03:00:00Z', total: 50_000, status: 'completed' } // seven months back
			],
			today
		);
		expect(record.months.map((m) => m.month)).toEqual([
			'2026-05',
			'2026-06',
			'2026-07',
			'2026-08',
			'2026-09',
			'2026-10'
		]);
		expect(record.months.at(-1)).toEqual({ month: '2026-10', revenue: 50_000, orders: 2 });
		expect(record).toMatchObject({
			totalRevenue: 90_000,
			orderCount: 3,
			averageOrder: 30_000,
			activeMonths: 2
		});
	});
});
