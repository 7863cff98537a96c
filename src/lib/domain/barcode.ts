import * as z from 'zod/mini';
import { isCleanText } from './text';

/** Longest barcode text kept: a QR code on a product carries a short link or code, not a page. */
export const MAX_BARCODE_LENGTH = 128;

/** The lengths of the retail barcodes whose last digit is a check digit: EAN-8, UPC-A, EAN-13. */
const RETAIL_LENGTHS = [8, 12, 13];

/**
 * Whether a retail barcode's check digit is right (GS1: the digits from the right, weighted 3, 1, 3 …,
 * with the check digit make a multiple of ten). Works for EAN-8, UPC-A and EAN-13 alike.
 */
export function hasValidCheckDigit(digits: string): boolean {
	if (!/^\d+$/.test(digits) || digits.length < 2) return false;
	let sum = 0;
	for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = weight === 3 ? 1 : 3) {
		sum += Number(digits[i]) * weight;
	}
	return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * The rule of a product's barcode: all digits of an EAN-8, UPC-A or EAN-13 length must have the right
 * check digit (a digit read or typed wrong is caught here); anything else (a QR code's text, Code 128, a
 * shop's own code) is kept as it is, up to MAX_BARCODE_LENGTH, without control characters.
 * Returns the i18n key of what is wrong, or null.
 */
export function barcodeProblem(code: string): string | null {
	if (code.length > MAX_BARCODE_LENGTH) return 'err.barcode_too_long';
	if (!isCleanText(code)) return 'err.barcode_invalid';
	if (!checkDigitHolds(code)) return 'err.barcode_check_digit';
	return null;
}

/** False only for all-digit text of a retail length whose check digit is wrong. */
function checkDigitHolds(code: string): boolean {
	return !(/^\d+$/.test(code) && RETAIL_LENGTHS.includes(code.length)) || hasValidCheckDigit(code);
}

/** A product's barcode as `product.put` takes it (trimmed; '' or null for none). */
export const productBarcode = z.nullable(
	z.string({ error: 'err.barcode_invalid' }).check(
		z.trim(),
		z.maxLength(MAX_BARCODE_LENGTH, 'err.barcode_too_long'),
		z.refine((code) => isCleanText(code), 'err.barcode_invalid'),
		z.refine(checkDigitHolds, 'err.barcode_check_digit')
	)
);
