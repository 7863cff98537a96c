import type { TOptions } from 'i18next';
import { firstScreenIndonesian, translateFirstScreen } from '$lib/i18n/first-screen';
import type { MessageTree } from '$lib/i18n/lookup';
import type { Engine } from './i18n-engine';

// A first visit draws Masuk or Daftar from the few words of first-screen.ts; i18next and every other word
// (./i18n-engine) load when the seller is logged in, opens another screen, or touches the log-in form, so
// the first screen does not wait for them (DESIGN.md §5: 60 KB of JavaScript before it is idle).

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

const state = $state({ language: 'id' as Language, ready: false });

/** The first screens' words per language; English arrives only for a phone set to English. */
const firstScreen: Record<Language, MessageTree | undefined> = { id: firstScreenIndonesian, en: undefined };
let engine: Engine | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads i18next and every word of the phone (once; a failed load is tried again at the next call). The
 * screens past Masuk and Daftar wait for it (`messagesReady`).
 */
export function loadMessages(): Promise<void> {
	loading ??= (async () => {
		const { createEngine } = await import('./i18n-engine');
		const loaded = await createEngine();
		// The language may change while it loads (a phone set to English starts in Indonesian).
		let language: Language;
		do {
			language = state.language;
			await loaded.use(language);
		} while (language !== state.language);
		engine = loaded;
		state.ready = true;
	})().catch((error: unknown) => {
		loading = undefined;
		throw error;
	});
	return loading;
}

/** Whether every word of the phone is loaded, not only the first screens'. */
export function messagesReady(): boolean {
	return state.ready;
}

/** `load`'s answer once every word is there too (a form's problems are worded from all of them). */
export async function withMessages<T>(load: () => Promise<T>): Promise<T> {
	const [loaded] = await Promise.all([load(), loadMessages()]);
	return loaded;
}

/** Translates a key of id.json / en.json; re-renders when the language changes or all words arrive. */
export function t(key: string, options?: TOptions): string {
	const language = state.language;
	void state.ready;
	if (engine) return engine.t(key, options);
	const words = firstScreen[language] ?? firstScreenIndonesian;
	return translateFirstScreen(words, language, key, options);
}

export function language(): Language {
	return state.language as Language;
}

/** Switches the language and remembers it on this phone. */
export async function setLanguage(next: Language): Promise<void> {
	if (next === 'en' && !firstScreen.en) {
		firstScreen.en = (await import('$lib/i18n/first-screen-en')).firstScreenEnglish;
	}
	if (engine) await engine.use(next);
	state.language = next;
	document.documentElement.lang = next;
	try {
		localStorage.setItem(STORAGE_KEY, next);
	} catch {
		// Private mode without storage: the choice lasts for this visit only.
	}
}

if (typeof localStorage !== 'undefined' && savedLanguage() === 'en') void setLanguage('en');
