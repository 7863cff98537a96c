import type { OrderStatus, PaymentStatus } from '$lib/domain/order';
import id from '$lib/i18n/id.json';

type Tree = { [key: string]: string | Tree };

/**
 * The shop pages' words, in Bahasa Indonesia (buyers come from a WhatsApp link; the pages carry no
 * language switch and no i18n library, so they ship no JavaScript). `{{name}}` takes `params.name`.
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
	let node: string | Tree | undefined = id as Tree;
	for (const part of key.split('.')) {
		if (typeof node !== 'object') return key;
		node = node[part];
	}
	if (typeof node !== 'string') return key;
	return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

export function statusWord(status: OrderStatus): string {
	return t(`shop.status_${status}`);
}

export function paymentWord(status: PaymentStatus): string {
	return t(`shop.payment_${status}`);
}

/** `https://wa.me/628…?text=…`: opens a chat with the seller in WhatsApp, the message written already. */
export function whatsappLink(phone: string, text: string): string {
	return `https://wa.me/${phone.replace(/^\+/, '')}?text=${encodeURIComponent(text)}`;
}
