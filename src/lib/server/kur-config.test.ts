import { describe, expect, it } from 'vitest';
import { kurRates } from './kur-config';

describe('KUR rates from the environment', () => {
	it.each([
		[undefined, { super_mikro: 6, mikro: 6, kecil: 6 }],
		['', { super_mikro: 6, mikro: 6, kecil: 6 }],
		['{"mikro":7}', { super_mikro: 6, mikro: 7, kecil: 6 }],
		['{"super_mikro":3,"mikro":6.5,"kecil":0}', { super_mikro: 3, mikro: 6.5, kecil: 0 }]
	])('reads %s as %o', (source, rates) => {
		expect(kurRates(source)).toEqual(rates);
	});

	it.each([
		['not json', /not JSON/],
		['{"mikro":"6"}', /yearly percentage/],
		['{"mikro":-1}', /yearly percentage/],
		['{"mikro":101}', /yearly percentage/],
		['{"ultra":6}', /only super_mikro/],
		['[6,6,6]', /only super_mikro/]
	])('refuses %s', (source, message) => {
		expect(() => kurRates(source)).toThrow(message);
	});
});
