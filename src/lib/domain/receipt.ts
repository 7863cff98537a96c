import { formatRupiah } from './money';
import { formatDateTime } from './dates';
import { amountOwed, type Order } from './order';

/**
 * A sale's nota (receipt): the one picture of it that the WhatsApp text, the printed slip and the public
 * receipt page `/nota/<token>` are all drawn from, so the three never disagree. It holds only what the
 * seller put on the sale and the shop's name: no buyer phone, no address, no note.
 */
export interface Receipt {
	shopName: string;
	number: string;
	/** When the sale was made (ISO-8601), shown as `3 Des 2026, 10.05` in Western Indonesian Time. */
	at: string;
	buyerName: string;
	lines: { name: string; qty: number; unit: string | null; price: number; amount: number }[];
	total: number;
	paid: number;
	/** What is still owed ("sisa bon"); 0 for a cancelled sale. */
	owed: number;
	cancelled: boolean;
}

/**
 * A new receipt token: 128 random bits, base64url. It is the link's only secret. A phone offline cannot
 * sign anything with the server's key, so the phone makes this unguessable token with the sale; the
 * server serves the page only once the sale has synced (see routes/nota).
 */
export function newReceiptToken(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The receipt of an order, for a shop of that name. */
export function receiptOf(
	order: Pick<Order, 'number' | 'createdAt' | 'buyer' | 'items' | 'total' | 'paid' | 'status'>,
	shopName: string
): Receipt {
	return {
		shopName,
		number: order.number,
		at: order.createdAt,
		buyerName: order.buyer.name,
		lines: order.items.map((item) => ({
			name: item.name,
			qty: item.qty,
			unit: item.unit,
			price: item.price,
			amount: item.price * item.qty
		})),
		total: order.total,
		paid: order.paid,
		owed: amountOwed(order),
		cancelled: order.status === 'cancelled'
	};
}

/** `2 pcs × Rp2.000` (or `2 × Rp2.000` without a unit). */
export function receiptQty(line: Receipt['lines'][number]): string {
	return `${line.qty}${line.unit ? ` ${line.unit}` : ''} × ${formatRupiah(line.price)}`;
}

/** Words of the receipt, by i18n key (`receipt.*` in id.json), given by the caller: the domain has no i18n. */
export type ReceiptWords = (key: string, params?: Record<string, string | number>) => string;

/**
 * The receipt as a WhatsApp message (WhatsApp's *bold*), with the receipt page's address when the sale
 * has one; plain lines a buyer reads on any phone.
 */
export function receiptMessage(receipt: Receipt, url: string | null, t: ReceiptWords): string {
	const lines = [
		`*${receipt.shopName}*`,
		t('receipt.title', { number: receipt.number, date: formatDateTime(receipt.at) }),
		...(receipt.cancelled ? [t('receipt.cancelled')] : []),
		''
	];
	for (const line of receipt.lines) {
		lines.push(`${line.name}`, `  ${receiptQty(line)} = ${formatRupiah(line.amount)}`);
	}
	lines.push(
		'',
		`*${t('receipt.total')}: ${formatRupiah(receipt.total)}*`,
		`${t('receipt.paid')}: ${formatRupiah(receipt.paid)}`
	);
	if (receipt.owed > 0) lines.push(`${t('receipt.owed')}: ${formatRupiah(receipt.owed)}`);
	if (url) lines.push('', t('receipt.see_online'), url);
	lines.push('', t('receipt.thanks'));
	return lines.join('\n');
}

/** The receipt page's address on this server: `https://…/nota/<token>`. */
export function receiptPath(token: string): string {
	return `/nota/${token}`;
}
