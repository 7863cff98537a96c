/**
 * Indonesian mobile numbers are written `08…`, `628…` or `+628…` (often with spaces or dashes).
 * Returns the canonical `+628…` form, or `null` when the input is not a plausible mobile number.
 */
export function normalizePhone(input: string): string | null {
	const compact = input.replace(/[\s\-().]/g, '');
	let national: string;
	if (compact.startsWith('+62')) national = compact.slice(3);
	else if (compact.startsWith('62')) national = compact.slice(2);
	else if (compact.startsWith('0')) national = compact.slice(1);
	else return null;
	// Mobile numbers start with 8 and have 9 to 12 digits after the country code.
	if (!/^8\d{8,11}$/.test(national)) return null;
	return `+62${national}`;
}

/** `+6281234567890` → `0812-3456-7890`, how people read a number aloud. */
export function displayPhone(canonical: string): string {
	const local = canonical.startsWith('+62') ? `0${canonical.slice(3)}` : canonical;
	return local.replace(/^(\d{4})(\d{4})(\d+)$/, '$1-$2-$3');
}

/**
 * A `wa.me` link that opens WhatsApp: a chat with `phone` (stored as `+628…`) when given, otherwise the
 * picker of any chat, with `text` written already when given. The one place such links are made.
 */
export function waLink(phone: string | null, text?: string): string {
	const to = phone ? phone.replace(/^\+/, '') : '';
	return text ? `https://wa.me/${to}?text=${encodeURIComponent(text)}` : `https://wa.me/${to}`;
}
