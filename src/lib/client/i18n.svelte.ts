import i18next, { type TOptions } from 'i18next';
// Only the sections the phone shows: the shop pages and the portal are drawn on the server, so their words
// (`shop`, `portal`) stay out of the phone's first screen. Vite keeps just these named parts of the file.
import {
	app,
	auth,
	catalog,
	device,
	err,
	expense,
	facilitator,
	financing,
	home,
	mutation,
	nav,
	orders,
	products,
	region,
	reject,
	report,
	seller,
	settings,
	sync,
	syncbar,
	update,
	// The nota (receipt) and barcode words; `nota` is the receipt page's, of which the phone uses two.
	receipt,
	barcode,
	nota,
	// Institutions' orders: the seller's screens, and the refusals of their steps (shown offline too).
	instansi,
	procurement,
	supplier,
	advance
} from '$lib/i18n/id.json';

const id = {
	app,
	auth,
	catalog,
	device,
	err,
	expense,
	facilitator,
	financing,
	home,
	mutation,
	nav,
	orders,
	products,
	region,
	reject,
	report,
	seller,
	settings,
	sync,
	syncbar,
	update,
	receipt,
	barcode,
	nota,
	instansi,
	procurement,
	supplier,
	advance
};

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

const state = $state({ language: 'id' as Language });

void i18next.init({
	lng: 'id',
	fallbackLng: 'id',
	resources: { id: { translation: id } },
	interpolation: { escapeValue: false },
	initAsync: false
});

/**
 * English is loaded only when someone uses it, so Indonesian readers (nearly everyone) don't download it
 * on the first screen. An English reader sees Indonesian for the moment it takes to load.
 */
async function load(language: Language): Promise<void> {
	if (i18next.hasResourceBundle(language, 'translation')) return;
	const { default: messages } = await import('$lib/i18n/en.json');
	i18next.addResourceBundle(language, 'translation', messages);
}

if (typeof localStorage !== 'undefined' && savedLanguage() === 'en') void setLanguage('en');

/** Translates a key of id.json / en.json; re-renders when the language changes. */
export function t(key: string, options?: TOptions): string {
	void state.language;
	return i18next.t(key, options);
}

export function language(): Language {
	return state.language as Language;
}

/** Switches the language and remembers it on this phone. */
export async function setLanguage(next: Language): Promise<void> {
	await load(next);
	await i18next.changeLanguage(next);
	state.language = next;
	document.documentElement.lang = next;
	try {
		localStorage.setItem(STORAGE_KEY, next);
	} catch {
		// Private mode without storage: the choice lasts for this visit only.
	}
}
