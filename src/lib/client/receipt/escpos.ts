import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { formatDateTime } from '$lib/domain/dates';
import { formatRupiah } from '$lib/domain/money';
import { receiptQty, type Receipt, type ReceiptWords } from '$lib/domain/receipt';

/** Characters per line of a 58 mm printer in its normal font (12×24 dots on 384 dots). */
export const RECEIPT_COLUMNS = 32;

/**
 * Text as every cheap 58 mm printer prints it: plain ASCII, sent in code page 437, the one code page they
 * all start in. Indonesian needs no letter outside ASCII and "Rp" is two letters; accents a seller typed
 * ("Café") lose their mark rather than print as "?", and a few signs become their ASCII look-alike.
 */
export function printable(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/×/g, 'x')
		.replace(/[‐-―−]/g, '-')
		.replace(/[‘’‚‛]/g, "'")
		.replace(/[“”„‟]/g, '"')
		.replace(/…/g, '...')
		.replace(/\s/g, ' ')
		.replace(/[^\x20-\x7e]/gu, '?');
}

/**
 * The ESC/POS bytes of a receipt for a 58 mm thermal printer (32 columns): the shop's name, the nota
 * number and date, each item with its quantity and amount, the total, what was paid and the bon left.
 */
export function receiptBytes(receipt: Receipt, t: ReceiptWords): Uint8Array {
	const encoder = new ReceiptPrinterEncoder({
		language: 'esc-pos',
		columns: RECEIPT_COLUMNS,
		// A generic 58 mm printer ("POS-5890", the Chinese Bluetooth ones sold in every marketplace).
		codepageMapping: 'pos-5890',
		feedAfterBlock: false
	});
	const pair = (left: string, right: string) => {
		for (const line of twoColumns(printable(left), printable(right))) encoder.line(line);
	};

	encoder
		.initialize()
		.codepage('cp437')
		.align('center')
		.bold(true)
		.line(printable(receipt.shopName))
		.bold(false)
		.line(printable(t('nota.number', { number: receipt.number })))
		.line(printable(formatDateTime(receipt.at)));
	if (receipt.cancelled)
		encoder
			.bold(true)
			.line(printable(t('receipt.cancelled')))
			.bold(false);
	encoder.align('left').rule({ style: 'single' });
	for (const line of receipt.lines) {
		encoder.line(printable(line.name));
		pair(`  ${receiptQty(line)}`, formatRupiah(line.amount));
	}
	encoder.rule({ style: 'single' }).bold(true);
	pair(t('receipt.total'), formatRupiah(receipt.total));
	encoder.bold(false);
	pair(t('receipt.paid'), formatRupiah(receipt.paid));
	if (receipt.owed > 0) pair(t('receipt.owed'), formatRupiah(receipt.owed));
	encoder
		.newline()
		.align('center')
		.line(printable(t('receipt.thanks')))
		// Paper out past the tear bar: most 58 mm printers have no cutter.
		.newline(4);
	return encoder.encode();
}

/**
 * A label on the left and an amount on the right of one 32-column line; when both do not fit, the label
 * (wrapped by the printer) and then the amount on a line of its own, to the right.
 */
export function twoColumns(left: string, right: string): string[] {
	const room = RECEIPT_COLUMNS - left.length - right.length;
	if (room >= 1) return [left + ' '.repeat(room) + right];
	return [left, right.padStart(RECEIPT_COLUMNS)];
}
