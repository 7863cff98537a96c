import type { Receipt, ReceiptWords } from '$lib/domain/receipt';
import { printOverBluetooth, type ChosenPrinter } from './bluetooth';
import { receiptBytes } from './escpos';

export { forgetPrinter, hasWebBluetooth, rememberedPrinter, type ChosenPrinter } from './bluetooth';

/**
 * Prints a receipt on the seller's Bluetooth thermal printer (chosen once, then remembered). Needs no
 * signal: the bytes are made on the phone. The caller imports this module only when the seller taps
 * "Cetak nota", so neither the encoder nor the Bluetooth code is on any screen's critical path.
 */
export function printReceipt(receipt: Receipt, t: ReceiptWords, choose = false): Promise<ChosenPrinter> {
	return printOverBluetooth(receiptBytes(receipt, t), choose);
}
