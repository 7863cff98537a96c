import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { receiptOf } from '$lib/domain/receipt';
import { sayIndonesian } from '$lib/i18n/messages';
import { printable, receiptBytes, twoColumns } from './escpos';

const golden = fileURLToPath(new URL('../../../../tests/fixtures/receipt-58mm.bin', import.meta.url));

/** A fixed sale: two catalog items, a free-text one, a part payment (so a bon is left). */
const receipt = receiptOf(
	{
		number: 'KP-12',
		createdAt: '2026-12-03T03:05:00.000Z',
		buyer: { name: 'Bu Tini', phone: '+6285711112222' },
		items: [
			{
				productId: '0190a0b0-0000-7000-8000-000000000001',
				name: 'Kopi Kapal Api',
				unit: 'sachet',
				price: 2500,
				qty: 4
			},
			{
				productId: '0190a0b0-0000-7000-8000-000000000002',
				name: 'Beras Pandan Wangi 5 kg',
				unit: 'karung',
				price: 72000,
				qty: 1
			},
			{ productId: null, name: 'Ongkos kirim – antar', unit: null, price: 5000, qty: 1 }
		],
		total: 87000,
		paid: 50000,
		status: 'completed'
	},
	'Warung Bu Sari'
);

describe('receiptBytes', () => {
	it('makes exactly the bytes of the golden receipt', () => {
		const bytes = receiptBytes(receipt, sayIndonesian);
		// UPDATE_GOLDEN=1 writes the file anew; look at the printout (or its text below) before committing it.
		if (process.env.UPDATE_GOLDEN) writeFileSync(golden, bytes);
		expect(Buffer.from(bytes).equals(readFileSync(golden))).toBe(true);
	});

	it('says what the seller and buyer need to read, within 32 columns', () => {
		const bytes = receiptBytes(receipt, sayIndonesian);
		// The printable text of the ESC/POS stream, one printed line per line.
		const text = Buffer.from(bytes)
			.toString('latin1')
			// ESC/POS commands are control bytes: that is what this takes out.
			// eslint-disable-next-line no-control-regex
			.replace(/\x1b[@]|\x1bt.|\x1bE.|\x1ba.|\x1d!.|\x1b!./gs, '')
			.split(/\r?\n/)
			// eslint-disable-next-line no-control-regex
			.map((line) => line.replace(/[\x00-\x1f]/g, ''));
		for (const line of text) expect(line.length).toBeLessThanOrEqual(32);
		const all = text.join('\n');
		for (const expected of [
			'Warung Bu Sari',
			'Nota KP-12',
			'3 Des 2026, 10.05',
			'Kopi Kapal Api',
			'4 sachet x Rp2.500',
			'Rp10.000',
			'Ongkos kirim - antar',
			'Rp87.000',
			'Dibayar',
			'Rp50.000',
			'Sisa bon',
			'Rp37.000',
			'Terima kasih'
		]) {
			expect(all).toContain(expected);
		}
		// Nothing personal besides what a nota carries.
		expect(all).not.toContain('2222');
	});

	it('starts by resetting the printer and choosing code page 437', () => {
		const bytes = Buffer.from(receiptBytes(receipt, sayIndonesian));
		expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @
		const codepage = bytes.indexOf(Buffer.from([0x1b, 0x74, 0x00])); // ESC t 0
		expect(codepage).toBeGreaterThan(0);
		expect(codepage).toBeLessThan(bytes.indexOf(Buffer.from('Warung')));
	});
});

describe('twoColumns', () => {
	it('puts the amount at the right edge, or below when the line is full', () => {
		expect(twoColumns('Dibayar', 'Rp50.000')).toEqual([`Dibayar${' '.repeat(17)}Rp50.000`]);
		expect(twoColumns('  100 karung x Rp1.250.000', 'Rp125.000.000')).toEqual([
			'  100 karung x Rp1.250.000',
			'Rp125.000.000'.padStart(32)
		]);
	});
});

describe('printable', () => {
	it.each([
		['Kopi Susu', 'Kopi Susu'],
		['Café Ñoño', 'Cafe Nono'],
		['2 × Rp1.000', '2 x Rp1.000'],
		['“Enak” – katanya…', '"Enak" - katanya...'],
		['Teh 🍵', 'Teh ?']
	])('%j → %j', (text, expected) => {
		expect(printable(text)).toBe(expected);
	});
});
