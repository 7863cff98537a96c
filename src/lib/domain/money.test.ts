import { describe, expect, it } from 'vitest';
import { formatRupiah, parseRupiah } from './money';

describe('formatRupiah', () => {
	it.each([
		[0, 'Rp0'],
		[500, 'Rp500'],
		[15000, 'Rp15.000'],
		[1250000, 'Rp1.250.000'],
		[-2000, '-Rp2.000']
	])('%d → %s', (amount, expected) => {
		expect(formatRupiah(amount)).toBe(expected);
	});
});

describe('parseRupiah', () => {
	it.each([
		['15000', 15000],
		['15.000', 15000],
		['Rp 15.000', 15000],
		['Rp15.000', 15000],
		['15rb', 15000],
		['2,5rb', 2500],
		['0', 0],
		['1.5', null],
		['15.00', null],
		['-500', null],
		['lima ribu', null],
		['', null]
	])('%s → %s', (input, expected) => {
		expect(parseRupiah(input)).toBe(expected);
	});
});
