// The words of the first screens (Masuk, Daftar), taken from id.json itself: only these sections come with
// a first visit; i18next and the rest of the words load once the seller is logged in or touches the form
// (src/lib/client/i18n.svelte.ts).
import firstScreenWords from './id.json?first-screen';
import { lookupMessage, type MessageTree } from './lookup';

/** The first screens' sections (FIRST_SCREEN_SECTIONS of ./sections.js) in Indonesian. */
export const firstScreenIndonesian: MessageTree = firstScreenWords;

export type TranslateOptions = { count?: number } & Record<string, unknown>;

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * What i18next would answer for `key` in `words`, for the first screens' needs: the plural form for
 * `count` (`key_one`, `key_other`, as i18next names them) before the plain key, `{{placeholders}}` filled
 * in, and the key itself when it is missing.
 */
export function translateFirstScreen(
	words: MessageTree,
	language: string,
	key: string,
	options: TranslateOptions = {}
): string {
	const { count } = options;
	if (typeof count === 'number') {
		let rules = pluralRules.get(language);
		if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
		const plural = `${key}_${rules.select(count)}`;
		const found = lookupMessage(words, plural);
		if (found !== plural) return fill(found, options);
	}
	return fill(lookupMessage(words, key), options);
}

/**
 * i18next's `{{name}}` interpolation. Not `fillTemplate` of $lib/domain/text: that module brings zod, which
 * the first screens do without.
 */
function fill(template: string, options: TranslateOptions): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
		const value = options[name];
		return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
	});
}
