import { describe, expect, it } from 'vitest';
import { reportPdf, winAnsi } from './report-pdf';

describe('winAnsi', () => {
	it.each([
		['Warung Bu Sari', 'Warung Bu Sari'],
		['Kopi – “enak” Rp5.000', 'Kopi – “enak” Rp5.000'],
		['Café Ñ', 'Café Ñ'],
		['Toko 🍜 Mie', 'Toko ? Mie'],
		['ร้าน', '????']
	])('%s → %s', (text, want) => {
		expect(winAnsi(text)).toBe(want);
	});
});

describe('reportPdf', () => {
	it('makes a PDF, a loss and a shop name in another script included', async () => {
		const bytes = await reportPdf({
			title: 'Laporan laba November 2026',
			shopName: 'Warung 🍜 Sari',
			rows: [
				{ label: 'Penjualan (1 pesanan)', amount: 5000, text: 'Rp5.000' },
				{ label: 'Laba', amount: -18000, text: '-Rp18.000', strong: true }
			],
			bars: [
				{ label: 'Penjualan', amount: 5000 },
				{ label: 'Rugi', amount: -18000 }
			],
			notes: ['Belanja stok tidak dikurangi dari laba: '.repeat(6)],
			footer: 'Dibuat 3 Des 2026 dengan Lapak'
		});
		expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		expect(bytes.length).toBeGreaterThan(1000);
	});
});
