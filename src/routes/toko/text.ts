import type { OrderStatus, PaymentStatus } from '$lib/domain/order';
import { waLink } from '$lib/domain/phone';
import { sayIndonesian } from '$lib/i18n/messages';

/**
 * The shop pages' words, in Bahasa Indonesia (buyers come from a WhatsApp link; the pages carry no
 * language switch and no i18n library, so they ship no JavaScript). `{{name}}` takes `params.name`.
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
	return sayIndonesian(key, params);
}

export function statusWord(status: OrderStatus): string {
	return t(`shop.status_${status}`);
}

export function paymentWord(status: PaymentStatus): string {
	return t(`shop.payment_${status}`);
}

/** `https://wa.me/628…?text=…`: opens a chat with the seller in WhatsApp, the message written already. */
export function whatsappLink(phone: string, text: string): string {
	return waLink(phone, text);
}
