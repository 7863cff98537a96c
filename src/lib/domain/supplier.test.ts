import { describe, expect, it } from 'vitest';
import { schemaMessages, supplier, SPACE } from './procurement.fixtures';
import {
	applySupplierPut,
	bankAccount,
	digitsOf,
	missingLegalData,
	nitkuError,
	normalizeNpwp,
	quoteRefusal,
	supplierPutArgs,
	type SupplierProfile
} from './supplier';

describe('normalizeNpwp', () => {
	it.each([
		['16 digits', '0123456789012345', '0123456789012345'],
		['a person’s NPWP, their NIK', '3201234567890001', '3201234567890001'],
		['16 digits in groups', '3201 2345 6789 0001', '3201234567890001'],
		['16 digits with dots', '3201.2345.6789.0001', '3201234567890001'],
		// The old form XX.XXX.XXX.X-XXX.XXX: 15 digits, a 0 in front makes the new one
		['the old 15 digits', '012345678901234', '0012345678901234'],
		['the old form with dots and dash', '01.234.567.8-901.000', '0012345678901000'],
		['the old form with spaces', ' 01 234 567 8 901 000 ', '0012345678901000'],
		['the old form with slashes', '01/234/567/8-901/000', '0012345678901000']
	])('reads %s', (_name, input, npwp) => {
		expect(normalizeNpwp(input)).toBe(npwp);
	});

	it.each([
		['sixteen zeros', '0000000000000000'],
		['sixteen ones', '1111111111111111'],
		['the old "NPWP nol"', '00.000.000.0-000.000'],
		['fifteen nines', '999999999999999'],
		['14 digits', '01234567890123'],
		['17 digits', '01234567890123456'],
		['22 digits (a NITKU)', '0123456789012345000000'],
		['nothing', ''],
		['letters', 'NPWP 01.234.567.8-901.000'],
		['a comma for a dot', '01,234,567,8-901,000']
	])('refuses %s', (_name, input) => {
		expect(normalizeNpwp(input)).toBeNull();
	});
});

describe('nitkuError', () => {
	const npwp = '0123456789012345';
	it.each([
		['the head office', '0123456789012345000000', npwp, null],
		['a branch', '0123456789012345000123', npwp, null],
		['no NPWP yet to check against', '9999999999999999000000', null, null],
		['21 digits', '012345678901234500000', npwp, 'supplier.err_nitku_format'],
		['23 digits', '01234567890123450000000', npwp, 'supplier.err_nitku_format'],
		['a letter in it', '0123456789012345A00000', npwp, 'supplier.err_nitku_format'],
		['another business’s NPWP', '0123456789012399000000', npwp, 'supplier.err_nitku_npwp']
	])('%s', (_name, nitku, against, error) => {
		expect(nitkuError(nitku, against)).toBe(error);
	});
});

const base = { spaceId: SPACE, version: 7, updatedAt: '2026-11-02T03:00:00.000Z' };

/** A `supplier.put` as the server applies it: parsed by the shared schema, then applied. */
function put(existing: SupplierProfile | undefined, args: Record<string, unknown>) {
	return applySupplierPut(existing, supplierPutArgs.parse(args), base);
}

describe('applySupplierPut', () => {
	it('makes the profile on its first put, the rest still empty', () => {
		expect(put(undefined, { acceptsInstitutional: true, npwp: '01.234.567.8-901.000' })).toEqual({
			id: SPACE,
			spaceId: SPACE,
			acceptsInstitutional: true,
			legalName: null,
			nib: null,
			npwp: '0012345678901000',
			nitku: null,
			pkp: false,
			bank: null,
			size: null,
			address: null,
			version: 7,
			createdAt: base.updatedAt,
			updatedAt: base.updatedAt
		});
	});

	it('stores a NITKU written with separators as its 22 digits', () => {
		const made = put(undefined, { npwp: '0123456789012345', nitku: '0123.4567.8901.2345-000000' });
		expect(made).toMatchObject({ npwp: '0123456789012345', nitku: '0123456789012345000000' });
	});

	it('takes a NITKU made from the old 15-digit NPWP with its leading 0', () => {
		expect(put(undefined, { npwp: '01.234.567.8-901.000', nitku: '0012345678901000000000' })).toMatchObject({
			nitku: '0012345678901000000000'
		});
	});

	it.each([
		[
			'a NITKU of another NPWP, both new',
			undefined,
			{ npwp: '0123456789012345', nitku: '0999999999999999000000' },
			'supplier.err_nitku_npwp'
		],
		[
			'a new NITKU that does not start with the NPWP',
			supplier(),
			{ nitku: '0123456789019999000000' },
			'supplier.err_nitku_npwp'
		],
		[
			'a new NPWP that the NITKU does not start with',
			supplier(),
			{ npwp: '0123456789019999' },
			'supplier.err_nitku_npwp'
		],
		[
			'a NITKU that is not 22 digits',
			supplier(),
			{ nitku: '01234567890123450000' },
			'supplier.err_nitku_format'
		],
		['a NITKU in letters', supplier(), { nitku: 'NITKU-KANTOR-PUSAT' }, 'supplier.err_nitku_format']
	])('refuses %s', (_name, existing, args, error) => {
		expect(put(existing, args)).toEqual({ error });
	});

	it('takes a new NPWP and its NITKU changed together, and keeps every field not given', () => {
		const changed = put(supplier(), { npwp: '0123456789019999', nitku: '0123456789019999000001' });
		expect(changed).toEqual({
			...supplier(),
			npwp: '0123456789019999',
			nitku: '0123456789019999000001',
			version: 7,
			updatedAt: base.updatedAt
		});
	});

	it('clears a NITKU written empty, and the NPWP with null', () => {
		expect(put(supplier(), { nitku: '' })).toMatchObject({ nitku: null, npwp: '0123456789012345' });
		// With no NPWP left, the NITKU has nothing to be checked against until one is given.
		expect(put(supplier(), { npwp: null })).toMatchObject({ npwp: null, nitku: '0123456789012345000000' });
	});
});

describe('supplierPutArgs', () => {
	const check = schemaMessages(supplierPutArgs);
	it.each([
		['an NIB', { nib: '9120001234567' }, null],
		['an NIB in groups', { nib: '9120 0012 34567' }, null],
		['an NIB of 12 digits', { nib: '912000123456' }, ['err.nib_format']],
		['an NIB of 14 digits', { nib: '91200012345678' }, ['err.nib_format']],
		['an NIB with a letter', { nib: '912000123456X' }, ['err.nib_format']],
		['an NPWP that is not one', { npwp: '1234' }, ['supplier.err_npwp_format']],
		['an NPWP of one digit repeated', { npwp: '1111111111111111' }, ['supplier.err_npwp_format']],
		['a size the law does not name', { size: 'besar' }, ['supplier.err_size']]
	])('%s', (_name, args, expected) => {
		expect(check(args)).toEqual(expected);
	});

	it('stores the NIB as its 13 digits', () => {
		expect(supplierPutArgs.parse({ nib: '9120 0012 34567' }).nib).toBe('9120001234567');
	});
});

describe('bankAccount', () => {
	const account = { bank: 'BRI', accountNumber: '0123 0100 0123 456', holder: 'Sari Wulandari' };
	const check = schemaMessages(bankAccount);
	it.each([
		['an account with spaces', {}, null],
		['5 digits', { accountNumber: '12345' }, null],
		['20 digits', { accountNumber: '1'.repeat(20) }, null],
		['digits with dashes and dots', { accountNumber: '123-456.789' }, null],
		['4 digits', { accountNumber: '1234' }, ['supplier.err_account_number']],
		['21 digits', { accountNumber: '1'.repeat(21) }, ['supplier.err_account_number']],
		['letters', { accountNumber: 'BRI 12345678' }, ['supplier.err_account_number']],
		['no number', { accountNumber: undefined }, ['supplier.err_account_number']],
		['a bank of one letter', { bank: 'B' }, ['supplier.err_bank']],
		['no bank', { bank: '  ' }, ['supplier.err_bank']],
		['a bank name too long', { bank: 'B'.repeat(61) }, ['err.text_too_long']],
		['no holder', { holder: '' }, ['err.person_name_required']],
		['a holder that shows nothing', { holder: '\u200B\u2060' }, ['err.person_name_required']],
		['a holder with a bidi override', { holder: '\u202ESari' }, ['err.text_invalid_chars']],
		['a holder too long', { holder: 'S'.repeat(81) }, ['err.text_too_long']]
	])('%s', (_name, change, expected) => {
		expect(check({ ...account, ...change })).toEqual(expected);
	});

	it('keeps the account number as its digits and the names trimmed', () => {
		expect(bankAccount.parse({ bank: ' BSI ', accountNumber: '7123-4567-89', holder: ' Sari ' })).toEqual({
			bank: 'BSI',
			accountNumber: '7123456789',
			holder: 'Sari'
		});
		expect(digitsOf('01.234.567.8-901.000')).toBe('012345678901000');
	});
});

describe('missingLegalData and quoteRefusal', () => {
	it.each([
		['no profile', null, ['nib', 'npwp', 'nitku', 'bank'], 'procurement.err_not_supplier'],
		['a complete profile', supplier(), [], null],
		[
			'complete, institutional orders off',
			supplier({ acceptsInstitutional: false }),
			[],
			'procurement.err_not_supplier'
		],
		[
			'no NIB and no bank',
			supplier({ nib: null, bank: null }),
			['nib', 'bank'],
			'procurement.err_legal_data'
		],
		['no NITKU', supplier({ nitku: null }), ['nitku'], 'procurement.err_legal_data'],
		['an empty NPWP', supplier({ npwp: '' }), ['npwp'], 'procurement.err_legal_data'],
		// Not PKP is a choice, not missing data: such a seller quotes without PPN.
		['not PKP', supplier({ pkp: false }), [], null]
	])('%s', (_name, profile, missing, refusal) => {
		expect(missingLegalData(profile)).toEqual(missing);
		expect(quoteRefusal(profile)).toBe(refusal);
	});
});
