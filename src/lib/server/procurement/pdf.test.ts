import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { invoiceView, type DocumentView } from '$lib/domain/document-view';
import { INVOICE, invoicedOrder, supplier } from '$lib/domain/document-view.fixtures';
import { sayIndonesian } from '$lib/i18n/messages';
import { documentPdf, wrapText } from './pdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const view = invoiceView(invoicedOrder(), INVOICE, supplier(), {
	say: sayIndonesian,
	sellerName: 'Warung Bu Sari',
	today: '2026-11-20'
})!;
const url = 'https://lapak.example/cek/token';

/** The text of each page, spaces folded (a PDF keeps no spaces between drawn pieces of text). */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
	const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: false });
	return text.map((page) => page.replace(/\s+/g, ' '));
}

describe('a document as a PDF', () => {
	it('holds the number, every amount and the amount in words, on one page', async () => {
		const bytes = await documentPdf(view, url);
		expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		const pages = await pagesOf(bytes);
		expect(pages).toHaveLength(1);
		const [text] = pages;
		for (const expected of [
			'Tagihan',
			'TGH/WARUNGBU/2026/00001',
			'Rp630.000',
			'Rp69.300',
			'-Rp9.450',
			'Rp689.850',
			'Enam ratus delapan puluh sembilan ribu delapan ratus lima puluh rupiah',
			'Keripik singkong 250 g',
			'PT Kereta Api Indonesia (Persero)',
			'Belum dibayar',
			'Halaman 1 dari 1'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('breaks a long list over pages, counting them, every line once', async () => {
		const rows = Array.from({ length: 90 }, (_, i) => [
			String(i + 1),
			`Barang nomor ${i + 1} dengan nama yang cukup panjang untuk dibungkus ke baris berikutnya di kolomnya`,
			'1 pcs',
			'Rp1.000',
			'Rp1.000'
		]);
		const long: DocumentView = { ...view, rows };
		const pages = await pagesOf(await documentPdf(long, url));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		pages.forEach((page, index) => {
			expect(page).toContain(`Halaman ${index + 1} dari ${pages.length}`);
			// the table's header again on every page it runs over
			if (index < pages.length - 1) expect(page).toContain('Harga satuan');
		});
		const all = pages.join(' ');
		for (let i = 1; i <= 90; i++) {
			expect(all.split(`Barang nomor ${i} dengan`).length - 1, `line ${i}`).toBe(1);
		}
	});

	it('writes characters the standard font lacks as "?", never failing the document', async () => {
		const odd: DocumentView = { ...view, parties: [{ role: 'Penjual', name: 'Toko 😀 Ārya', lines: [] }] };
		const [text] = await pagesOf(await documentPdf(odd, url));
		expect(text).toContain('Toko ? ?rya');
	});
});

describe('wrapping text', async () => {
	const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
	it('keeps a text on one line in a column made as wide as it, padding and all', () => {
		for (const label of ['Harga satuan', 'Jumlah harga', 'Dikirim', 'Diterima']) {
			const column = font.widthOfTextAtSize(label, 9.5) + 2 * 4;
			expect(wrapText(label, font, 9.5, column - 2 * 4)).toEqual([label]);
		}
	});
	it.each([
		['short text stays on one line', 'Kardus kemasan', 200, ['Kardus kemasan']],
		['words move to the next line', 'satu dua tiga empat', 45, ['satu dua', 'tiga', 'empat']],
		[
			'a word longer than the line is cut',
			'JNE0012345678901234567890',
			60,
			['JNE0012345', '6789012345', '67890']
		]
	])('%s', (_case, text, width, lines) => {
		const wrapped = wrapText(text, font, 10, width);
		expect(wrapped).toEqual(lines);
		for (const line of wrapped) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(width);
	});
});
