import { describe, expect, it } from 'vitest';
import { terbilang, terbilangRupiah } from './terbilang';

describe('terbilang', () => {
	// Hand-written as an Indonesian invoice writes them.
	it.each([
		[0, 'nol'],
		[1, 'satu'],
		[10, 'sepuluh'],
		[11, 'sebelas'],
		[12, 'dua belas'],
		[19, 'sembilan belas'],
		[20, 'dua puluh'],
		[25, 'dua puluh lima'],
		[100, 'seratus'],
		[101, 'seratus satu'],
		[111, 'seratus sebelas'],
		[115, 'seratus lima belas'],
		[200, 'dua ratus'],
		[999, 'sembilan ratus sembilan puluh sembilan'],
		[1000, 'seribu'],
		[1001, 'seribu satu'],
		[1500, 'seribu lima ratus'],
		[2000, 'dua ribu'],
		[11_000, 'sebelas ribu'],
		[100_000, 'seratus ribu'],
		[101_000, 'seratus satu ribu'],
		[1_000_000, 'satu juta'],
		[1_001_000, 'satu juta seribu'],
		[2_500_000, 'dua juta lima ratus ribu'],
		[15_750_250, 'lima belas juta tujuh ratus lima puluh ribu dua ratus lima puluh'],
		[1_000_000_000, 'satu miliar'],
		[1_000_000_001, 'satu miliar satu'],
		[
			1_234_567_890,
			'satu miliar dua ratus tiga puluh empat juta lima ratus enam puluh tujuh ribu delapan ratus sembilan puluh'
		],
		[689_850, 'enam ratus delapan puluh sembilan ribu delapan ratus lima puluh'],
		[3_000_000_000_000, 'tiga triliun'],
		[-5000, 'minus lima ribu']
	])('%d → %s', (amount, words) => {
		expect(terbilang(amount)).toBe(words);
	});

	it('writes the largest safe amount without a hole', () => {
		expect(terbilang(Number.MAX_SAFE_INTEGER)).toBe(
			// 9.007.199.254.740.991
			'sembilan kuadriliun tujuh triliun seratus sembilan puluh sembilan miliar dua ratus lima puluh ' +
				'empat juta tujuh ratus empat puluh ribu sembilan ratus sembilan puluh satu'
		);
	});

	it.each([1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('refuses %d', (amount) => {
		expect(() => terbilang(amount)).toThrow(RangeError);
	});

	it('capitalises the rupiah line of a document', () => {
		expect(terbilangRupiah(2_220_000)).toBe('Dua juta dua ratus dua puluh ribu rupiah');
	});
});
