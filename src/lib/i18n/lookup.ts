export type MessageTree = { [key: string]: string | MessageTree };

/** A dotted key (`err.price_negative`) looked up in a tree of messages; the key itself when it is missing. */
export function lookupMessage(tree: MessageTree, key: string): string {
	let node: string | MessageTree | undefined = tree;
	for (const part of key.split('.')) {
		if (typeof node !== 'object') return key;
		node = node[part];
	}
	return typeof node === 'string' ? node : key;
}
