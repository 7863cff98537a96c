import { describe, expect, it } from 'vitest';
import { isNib, maskNik, readNik } from './nik';

const today = new Date('2026-11-28T00:00:00Z');

describe('readNik', () => {
	it.each([
		// province 32 (Jawa Barat), born 17 Aug 1985, a man
		['3201011708850001', { provinceCode: '32', birthDate: '1985-08-17', sex: 'male' }],
		// the same date for a woman: day + 40
		['3201015708850002', { provinceCode: '32', birthDate: '1985-08-17', sex: 'female' }],
		// 1 January 2001, a woman in Bali
		['5171014101010003', { provinceCode: '51', birthDate: '2001-01-01', sex: 'female' }],
		// spaces and dots as people type them
		['3201 0117 0885 0001', { provinceCode: '32', birthDate: '1985-08-17', sex: 'male' }],
		// Papua Pegunungan, a province from 2022
		['9501012902000004', { provinceCode: '95', birthDate: '2000-02-29', sex: 'male' }]
	])('%s → %o', (nik, facts) => {
		expect(readNik(nik, today)).toEqual(facts);
	});

	it.each([
		['320101170885000', 'err.nik_format'],
		['32010117088500011', 'err.nik_format'],
		['32010117088500a1', 'err.nik_format'],
		['0001011708850001', 'err.nik_province'],
		['2001011708850001', 'err.nik_province'],
		['3201013208850001', 'err.nik_birth_date'], // day 32
		['3201017208850001', 'err.nik_birth_date'], // day 72 (a woman's 32)
		['3201011713850001', 'err.nik_birth_date'], // month 13
		['3201013002850001', 'err.nik_birth_date'], // 30 February
		['3201012902010001', 'err.nik_birth_date'], // 29 February 2001
		['3201011708850000', 'err.nik_format'] // serial 0000
	])('%s → %s', (nik, error) => {
		expect(readNik(nik, today)).toEqual({ error });
	});

	it('puts a two-digit year in the past', () => {
		expect(readNik('3201011708260001', today)).toMatchObject({ birthDate: '2026-08-17' });
		expect(readNik('3201011708270001', today)).toMatchObject({ birthDate: '1927-08-17' });
	});
});

describe('maskNik and isNib', () => {
	it('shows only the first and last four digits', () => {
		expect(maskNik('3201011708850001')).toBe('3201********0001');
	});

	it.each([
		['1234567890123', true],
		['1234 5678 90123', true],
		['123456789012', false],
		['12345678901234', false],
		['12345678901a3', false]
	])('NIB %s → %s', (nib, valid) => {
		expect(isNib(nib)).toBe(valid);
	});
});
