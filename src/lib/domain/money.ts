/** Money is always a whole number of rupiah. */
export type Rupiah = number;

const rupiahFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `15000` → `Rp15.000` (no space, dot as thousands separator, as Indonesian shops write it). */
export function formatRupiah(amount: Rupiah): string {
	const sign = amount < 0 ? '-' : '';
	return `${sign}Rp${rupiahFormat.format(Math.abs(amount))}`;
}

/**
 * Reads what a person types into a price field: `15000`, `15.000`, `Rp 15.000`, `15rb`.
 * Returns `null` for anything that is not a whole, non-negative amount.
 */
export function parseRupiah(input: string): Rupiah | null {
	const text = input
		.trim()
		.toLowerCase()
		.replace(/^rp\.?\s*/, '');
	const thousands = /^(\d+(?:[.,]\d+)?)\s*(rb|ribu|k)$/.exec(text);
	if (thousands) {
		const value = Math.round(Number(thousands[1].replace(',', '.')) * 1000);
		return Number.isSafeInteger(value) ? value : null;
	}
	if (!/^\d{1,3}(\.\d{3})+$|^\d+$/.test(text)) return null;
	const value = Number(text.replace(/\./g, ''));
	return Number.isSafeInteger(value) ? value : null;
}
