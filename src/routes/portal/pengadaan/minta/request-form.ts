import type { QuotationRequestInput } from '$lib/domain/procurement';

/** How many rows for items described in words the form offers. */
export const FREE_ITEMS = 3;

export const qtyField = (productId: string) => `jumlah_${productId}`;
export const freeFields = (n: number) =>
	({ name: `lain_nama_${n}`, unit: `lain_satuan_${n}`, qty: `lain_jumlah_${n}` }) as const;

/** `10`, `1.000` (Indonesian thousands) → a whole number; empty → null; anything else → NaN. */
export function qtyValue(value: string): number | null {
	const text = value.trim().replace(/\./g, '');
	if (!text) return null;
	return /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
}

export type RequestForm =
	{ ok: true; input: QuotationRequestInput } | { ok: false; errors: Record<string, string> };

/**
 * The Permintaan penawaran form as the pemesan sent it: a quantity per catalog product (empty: not asked
 * for), up to FREE_ITEMS items in words (all three fields, or none), the needed-by day, the delivery address
 * and a note. What the form cannot read is an error on its field (an i18n key); every other rule (at least
 * one item, the day not past, the address given) is the domain's, through takeBuyerStep.
 */
export function readRequestForm(
	form: { get(name: string): unknown },
	catalogIds: readonly string[]
): RequestForm {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const errors: Record<string, string> = {};
	const items: QuotationRequestInput['items'] = [];
	for (const productId of catalogIds) {
		const qty = qtyValue(text(qtyField(productId)));
		if (qty === null) continue;
		if (Number.isNaN(qty) || qty < 1) errors[qtyField(productId)] = 'cari.err_qty';
		else items.push({ productId, qty });
	}
	for (let n = 1; n <= FREE_ITEMS; n++) {
		const fields = freeFields(n);
		const [name, unit] = [text(fields.name).trim(), text(fields.unit).trim()];
		const qty = qtyValue(text(fields.qty));
		if (!name && !unit && qty === null) continue;
		if (!name || !unit || qty === null) errors[fields.name] = 'cari.err_free_item';
		else if (Number.isNaN(qty) || qty < 1) errors[fields.qty] = 'cari.err_qty';
		else items.push({ name, unit, qty });
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		input: {
			id: text('id'),
			items,
			neededBy: text('perlu'),
			deliveryAddress: text('alamat').trim(),
			note: text('catatan').trim() || null
		}
	};
}
