import { describe, expect, it } from 'vitest';
import { qtyValue, readRequestForm } from './request-form';

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const base = { id: 'r1', perlu: '2026-12-20', alamat: ' Stasiun Tugu ', catatan: '' };

describe('qtyValue', () => {
	it.each([
		['10', 10],
		[' 1.000 ', 1000],
		['', null],
		['  ', null],
		['2,5', Number.NaN],
		['-3', Number.NaN],
		['sepuluh', Number.NaN]
	])('%j → %s', (value, qty) => {
		expect(qtyValue(value)).toBe(qty);
	});
});

describe('readRequestForm', () => {
	it('takes the catalog products with a quantity and the items written in full', () => {
		const read = readRequestForm(
			form({
				...base,
				jumlah_p1: '100',
				jumlah_p2: '',
				lain_nama_1: 'Kardus',
				lain_satuan_1: 'pcs',
				lain_jumlah_1: '10',
				catatan: ' Kirim pagi '
			}),
			['p1', 'p2']
		);
		expect(read).toEqual({
			ok: true,
			input: {
				id: 'r1',
				items: [
					{ productId: 'p1', qty: 100 },
					{ name: 'Kardus', unit: 'pcs', qty: 10 }
				],
				neededBy: '2026-12-20',
				deliveryAddress: 'Stasiun Tugu',
				note: 'Kirim pagi'
			}
		});
	});

	it.each([
		[{ jumlah_p1: 'dua' }, { jumlah_p1: 'cari.err_qty' }],
		[{ jumlah_p1: '0' }, { jumlah_p1: 'cari.err_qty' }],
		[{ lain_nama_2: 'Kardus' }, { lain_nama_2: 'cari.err_free_item' }],
		[{ lain_nama_1: 'Kardus', lain_satuan_1: 'pcs', lain_jumlah_1: '1,5' }, { lain_jumlah_1: 'cari.err_qty' }]
	])('%j is refused on its field', (fields, errors) => {
		expect(readRequestForm(form({ ...base, ...fields }), ['p1'])).toEqual({ ok: false, errors });
	});

	it('ignores quantities of products that are not the seller’s', () => {
		const read = readRequestForm(form({ ...base, jumlah_p9: '5' }), ['p1']);
		expect(read.ok && read.input.items).toEqual([]);
	});
});
