import { waLink } from '$lib/domain/phone';

/** A `wa.me` link that opens WhatsApp with the text ready to send to any chat. */
export function whatsAppLink(text: string): string {
	return waLink(null, text);
}

/**
 * Shares a text and link through the phone's own share sheet (Web Share API); where there is none,
 * opens WhatsApp, which is where Indonesian buyers are.
 */
export async function share({
	title,
	text,
	url
}: {
	title: string;
	text: string;
	url: string;
}): Promise<void> {
	if (navigator.share) {
		try {
			await navigator.share({ title, text, url });
			return;
		} catch (error) {
			// The person closed the share sheet: nothing to do.
			if (error instanceof DOMException && error.name === 'AbortError') return;
		}
	}
	window.open(whatsAppLink(`${text}\n${url}`), '_blank', 'noopener');
}

/** The public address of a shop, `https://…/toko/{slug}`. */
export function shopUrl(slug: string): string {
	return new URL(`/toko/${slug}`, location.origin).href;
}
