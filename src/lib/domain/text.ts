import * as z from 'zod/mini';

/**
 * Lower case, accents and punctuation removed, runs of spaces made one: "Kopi  Sachet (Kapal-Api)"
 * → "kopi sachet kapal api", "Café" → "cafe". The one way every search in Lapak compares what was typed
 * with a name (products, buyers, regions).
 */
export function normalizeText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * A message with its `{{name}}` placeholders filled from `params`; a placeholder with no value stays as
 * it is, so a missing one shows in the text instead of vanishing.
 */
export function fillTemplate(template: string, params: Record<string, string | number> = {}): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}

/**
 * What no text a person types may hold: the C0 and C1 control characters (NUL among them) but tab, newline
 * and carriage return, and the bidi embeddings, overrides and isolates that make text read other than it
 * is stored (a right-to-left override). Lone surrogates (half an emoji) are checked apart.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole purpose
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True for text that holds none of the characters above: safe to store, show and search on both sides. */
export function isCleanText(text: string): boolean {
	return !FORBIDDEN.test(text) && !LONE_SURROGATE.test(text);
}

/**
 * Characters that show nothing: spaces, the format characters (zero-width space and joiners, word joiner,
 * soft hyphen, bidi marks, BOM), variation selectors and the Hangul fillers.
 */
// The class lists combining marks (the grapheme joiner, variation selectors) on purpose, one by one.
const INVISIBLE =
	// eslint-disable-next-line no-misleading-character-class
	/[\p{White_Space}\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]/gu;

/** True when a name shows at least one letter or digit once the invisible characters are taken out. */
export function hasVisibleCharacter(text: string): boolean {
	return /[\p{L}\p{N}]/u.test(text.replace(INVISIBLE, ''));
}

/** The check every name field carries: something a person can read, and no forbidden character. */
export function nameChecks(requiredMessage: string) {
	return [
		z.refine<string>((text) => hasVisibleCharacter(text), requiredMessage),
		z.refine<string>((text) => isCleanText(text), 'err.text_invalid_chars')
	] as const;
}

/**
 * The path of the first text anywhere in a value (a push's arguments, a request body, a form) that is not
 * clean, or null: the one check that covers every text field, whichever schema reads it after.
 */
export function uncleanTextPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | null {
	if (typeof value === 'string') return isCleanText(value) ? null : path;
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const found = uncleanTextPath(value[index], [...path, index]);
			if (found) return found;
		}
		return null;
	}
	if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			const found = isCleanText(key) ? uncleanTextPath(item, [...path, key]) : [...path, key];
			if (found) return found;
		}
	}
	return null;
}
