import { sayIndonesian } from '$lib/i18n/messages';

/**
 * The server's Indonesian wording of a message key with its `{{placeholders}}` filled in (the phone shows
 * its own language through i18next; this is what the API and the portal say). Unknown keys come back as
 * they are, as `indonesian` does.
 */
export function say(key: string, params: Record<string, string | number> = {}): string {
	return sayIndonesian(key, params);
}
