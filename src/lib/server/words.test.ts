import { describe, expect, it } from 'vitest';
import { say } from './words';

describe('the server wording', () => {
	it.each([
		['err.financing_incomplete', { items: 'Foto KTP, NPWP' }, 'Belum lengkap: Foto KTP, NPWP'],
		['err.out_of_stock', { name: 'Kopi', stock: 2 }, 'Stok Kopi tinggal 2'],
		['err.out_of_stock', {}, 'Stok {{name}} tinggal {{stock}}'],
		['err.forbidden', {}, 'Anda tidak punya izin untuk ini'],
		['err.no_such_key', {}, 'err.no_such_key']
	])('says %s with %o as %s', (key, params, text) => {
		expect(say(key, params)).toBe(text);
	});
});
