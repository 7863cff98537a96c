import { describe, expect, it } from 'vitest';
import { barcodeProblem, hasValidCheckDigit, MAX_BARCODE_LENGTH, productBarcode } from './barcode';

describe('hasValidCheckDigit', () => {
	it.each([
		['8992761111113', true], // EAN-13 of an Indonesian product (prefix 899)
		['8992761111112', false],
		['4006381333931', true],
		['96385074', true], // EAN-8
		['96385075', false],
		['036000291452', true], // UPC-A
		['036000291453', false],
		['12a4', false],
		['', false]
	])('%s → %s', (digits, valid) => {
		expect(hasValidCheckDigit(digits)).toBe(valid);
	});
});

describe('barcodeProblem', () => {
	it.each([
		['8992761111113', null],
		['8992761111112', 'err.barcode_check_digit'],
		['96385075', 'err.barcode_check_digit'],
		['036000291453', 'err.barcode_check_digit'],
		// Digits of another length are some other symbology (ITF-14, Code 128): kept as typed.
		['12345', null],
		['10012345678902', null],
		// A QR code's text, or the shop's own code.
		['https://contoh.id/p/12', null],
		['KOPI-01', null],
		['x'.repeat(MAX_BARCODE_LENGTH), null],
		['x'.repeat(MAX_BARCODE_LENGTH + 1), 'err.barcode_too_long'],
		['abc\u0000', 'err.barcode_invalid'],
		['abc\u202e', 'err.barcode_invalid']
	])('%j → %s', (code, problem) => {
		expect(barcodeProblem(code)).toBe(problem);
	});
});

describe('productBarcode (the schema product.put uses)', () => {
	it('trims and keeps a valid code, and takes null for none', () => {
		expect(productBarcode.parse(' 8992761111113 ')).toBe('8992761111113');
		expect(productBarcode.parse(null)).toBeNull();
	});

	it.each([
		['8992761111112', 'err.barcode_check_digit'],
		['y'.repeat(MAX_BARCODE_LENGTH + 1), 'err.barcode_too_long'],
		['a\u0007b', 'err.barcode_invalid']
	])('refuses %j with %s', (code, message) => {
		const result = productBarcode.safeParse(code);
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
	});
});
