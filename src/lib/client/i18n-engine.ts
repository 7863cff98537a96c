// i18next with every word the phone shows: loaded after the first screens (see i18n.svelte.ts), so a first
// visit does not pay for the library and the catalogue before it can draw Masuk.
import phoneIndonesian from '$lib/i18n/id.json?phone';
import { firstScreenIndonesian } from '$lib/i18n/first-screen';
import i18next, { type i18n, type TOptions } from 'i18next';

export type Engine = {
	t(key: string, options?: TOptions): string;
	/** Makes `language` the one `t` answers in, loading its words first. */
	use(language: 'id' | 'en'): Promise<void>;
};

/** The phone's words in Indonesian: the whole of id.json but the server's own sections. */
export const indonesianWords = { ...phoneIndonesian, ...firstScreenIndonesian };

/**
 * English is loaded only when someone uses it, so Indonesian readers (nearly everyone) don't download it.
 * An English reader sees Indonesian for the moment it takes to load.
 */
async function loadEnglish(instance: i18n): Promise<void> {
	if (instance.hasResourceBundle('en', 'translation')) return;
	// The whole module, its RUNTIME_CACHED marker included (a destructured import would drop it).
	const [phoneEnglish, { firstScreenEnglish }] = await Promise.all([
		import('$lib/i18n/en.json?phone'),
		import('$lib/i18n/first-screen-en')
	]);
	instance.addResourceBundle('en', 'translation', { ...phoneEnglish.default, ...firstScreenEnglish });
}

/** i18next with the phone's Indonesian words; `use('en')` brings the English ones. */
export async function createEngine(): Promise<Engine> {
	const instance = i18next.createInstance();
	await instance.init({
		lng: 'id',
		fallbackLng: 'id',
		resources: { id: { translation: indonesianWords } },
		interpolation: { escapeValue: false },
		initAsync: false
	});
	return {
		t: (key, options) => instance.t(key, options ?? {}),
		async use(next) {
			if (next === 'en') await loadEnglish(instance);
			await instance.changeLanguage(next);
		}
	};
}
