import { fillTemplate } from '../domain/text';
import id from './id.json';
import { lookupMessage, type MessageTree } from './lookup';

export { lookupMessage, type MessageTree };

/**
 * Looks up a dotted key (`err.price_negative`) in the Indonesian messages, for the server's error
 * answers. The phone shows its own language through i18next; this is the server's default wording.
 */
export function indonesian(key: string): string {
	return lookupMessage(id as MessageTree, key);
}

/**
 * The Indonesian wording of a key with its `{{placeholders}}` filled in: what the API, the portal and the
 * shop pages say (they are drawn on the server and carry no i18n library).
 */
export function sayIndonesian(key: string, params: Record<string, string | number> = {}): string {
	return fillTemplate(indonesian(key), params);
}
