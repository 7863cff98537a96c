import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { indonesianWords } from '$lib/client/i18n-engine';
import en from './en.json';
import phoneEnglish from './en.json?phone';
import { firstScreenEnglish } from './first-screen-en';
import { firstScreenIndonesian, translateFirstScreen } from './first-screen';
import id from './id.json';
import type { MessageTree } from './lookup';
import { FIRST_SCREEN_SECTIONS, SERVER_SECTIONS } from './sections.js';

const withoutServerSections = (messages: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(messages).filter(([section]) => !SERVER_SECTIONS.includes(section)));

/** Dotted keys of a message tree. */
function keys(tree: MessageTree, prefix = ''): string[] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]
	);
}

/** A plural form's key (`x_other`) as code names it (`x`). */
const singular = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** The keys of id.json a source file names in quotes (`t('auth.pin')`, `label: 'auth.pin'`), plurals folded. */
function namedKeys(source: string): string[] {
	const known = new Set(keys(id as MessageTree).map(singular));
	return [...source.matchAll(/'([a-z_]+\.[a-z_.]+)'/g)]
		.map((match) => match[1])
		.filter((key) => known.has(key));
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
	});
}

describe('the words the phone gets', () => {
	it('have every word the phone’s code names', () => {
		const phoneKeys = new Set(keys(indonesianWords).map(singular));
		const files = ['src/routes/app', 'src/lib/client', 'src/lib/components', 'src/lib/domain'].flatMap(
			sourceFiles
		);
		// A component drawn on the server (the portal's) takes its words from $lib/i18n/messages instead.
		const phoneFiles = files.filter(
			(file) => !readFileSync(file, 'utf8').includes("from '$lib/i18n/messages'")
		);
		const missing = phoneFiles.flatMap((file) =>
			namedKeys(readFileSync(file, 'utf8'))
				.filter((key) => !phoneKeys.has(key))
				.map((key) => `${file}: ${key}`)
		);
		expect(missing).toEqual([]);
	});

	it('are all of id.json but the sections drawn only on the server, new sections included', () => {
		expect(indonesianWords).toEqual(withoutServerSections(id));
		const serverSections = Object.keys(id).filter((section) => SERVER_SECTIONS.includes(section));
		expect(Object.keys(indonesianWords).length).toBe(Object.keys(id).length - serverSections.length);
	});

	it('are all of en.json but the server sections, in English', () => {
		expect({ ...phoneEnglish, ...firstScreenEnglish }).toEqual(withoutServerSections(en));
	});

	it('come without the first screens’ sections after the first load, so nothing is sent twice', () => {
		for (const section of FIRST_SCREEN_SECTIONS) expect(phoneEnglish).not.toHaveProperty(section);
		expect(Object.keys(firstScreenIndonesian).sort()).toEqual([...FIRST_SCREEN_SECTIONS].sort());
		expect(Object.keys(firstScreenEnglish).sort()).toEqual([...FIRST_SCREEN_SECTIONS].sort());
	});
});

describe('the first screens’ words', () => {
	const i18n = i18next.createInstance();
	void i18n.init({
		lng: 'id',
		resources: { id: { translation: id }, en: { translation: en } },
		interpolation: { escapeValue: false },
		initAsync: false
	});
	const cases = (['id', 'en'] as const).flatMap((language) =>
		keys(language === 'id' ? firstScreenIndonesian : firstScreenEnglish).flatMap((key) => {
			return [{}, { count: 1 }, { count: 3 }].map((options) => ({ language, key: singular(key), options }));
		})
	);

	it.each(cases)('$language $key $options reads as i18next reads it', ({ language, key, options }) => {
		const words = language === 'id' ? firstScreenIndonesian : firstScreenEnglish;
		const expected = i18n.t(key, { ...options, lng: language });
		expect(translateFirstScreen(words, language, key, options)).toBe(expected);
		expect(expected).not.toBe(key);
	});

	it('fills in placeholders and answers the key itself for a word it does not have', () => {
		const words = { a: { hello: 'Halo {{name}}, {{count}} pesan', box_other: '{{count}} kotak' } };
		expect(translateFirstScreen(words, 'id', 'a.hello', { name: 'Sari', count: 2 })).toBe(
			'Halo Sari, 2 pesan'
		);
		expect(translateFirstScreen(words, 'id', 'a.box', { count: 4 })).toBe('4 kotak');
		expect(translateFirstScreen(words, 'id', 'products.title')).toBe('products.title');
	});

	// The first screens draw before the rest of the words arrive: every key they name must be in them.
	it.each([
		'src/routes/app/masuk/+page.svelte',
		'src/routes/app/daftar/+page.svelte',
		'src/routes/app/+layout.svelte',
		'src/lib/components/TextField.svelte',
		'src/lib/client/auth-problem.ts'
	])('%s names only words of the first screens', (file) => {
		const named = namedKeys(readFileSync(file, 'utf8'));
		const firstScreenKeys = new Set(keys(firstScreenIndonesian).map(singular));
		expect(named.filter((key) => !firstScreenKeys.has(key))).toEqual([]);
	});
});
