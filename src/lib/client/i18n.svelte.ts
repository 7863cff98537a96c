import i18next, { type TOptions } from 'i18next';
import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';

export const LANGUAGES = [
	{ code: 'id', label: 'Bahasa Indonesia' },
	{ code: 'en', label: 'English' }
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'lapak.lang';

function savedLanguage(): Language {
	try {
		return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
	} catch {
		return 'id';
	}
}

const state = $state({ language: typeof localStorage === 'undefined' ? 'id' : savedLanguage() });

void i18next.init({
	lng: state.language,
	fallbackLng: 'id',
	resources: { id: { translation: id }, en: { translation: en } },
	interpolation: { escapeValue: false },
	initAsync: false
});

/** Translates a key of id.json / en.json; re-renders when the language changes. */
export function t(key: string, options?: TOptions): string {
	void state.language;
	return i18next.t(key, options);
}

export function language(): Language {
	return state.language as Language;
}

/** Switches the language and remembers it on this phone. */
export function setLanguage(next: Language): void {
	state.language = next;
	void i18next.changeLanguage(next);
	document.documentElement.lang = next;
	try {
		localStorage.setItem(STORAGE_KEY, next);
	} catch {
		// Private mode without storage: the choice lasts for this visit only.
	}
}
