import type { Receipt, ReceiptWords } from '$lib/domain/receipt';
import { printOverBluetooth, type ChosenPrinter } from './bluetooth';
import { receiptBytes } from './escpos';

export { forgetPrinter, hasWebBluetooth, rememberedPrinter, type ChosenPrinter } from './bluetooth';

/**
 * Prints a receipt on the seller's Bluetooth thermal printer (chosen once, then remembered). Needs no
 * signal: the bytes are made on the phone. This module (with the 109 KB encoder) is on no screen's
 * critical path and not precached: the order page fetches it while idle when there is a signal, and the
 * service worker keeps it, so printing then works offline; before that, the system print dialog does.
 */
export function printReceipt(receipt: Receipt, t: ReceiptWords, choose = false): Promise<ChosenPrinter> {
	return printOverBluetooth(receiptBytes(receipt, t), choose);
}

/** Marks this module's chunk as kept by the service worker once fetched, not precached (vite.config.ts). */
export const RUNTIME_CACHED = 'lapak:runtime-cached';
