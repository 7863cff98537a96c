import id from './id.json';

type Tree = { [key: string]: string | Tree };

/**
 * Looks up a dotted key (`err.price_negative`) in the Indonesian messages, for the server's error
 * answers. The phone shows its own language through i18next; this is the server's default wording.
 */
export function indonesian(key: string): string {
	let node: string | Tree | undefined = id as Tree;
	for (const part of key.split('.')) {
		if (typeof node !== 'object') return key;
		node = node[part];
	}
	return typeof node === 'string' ? node : key;
}
