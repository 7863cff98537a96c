import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';

type Tree = { [key: string]: string | Tree };

/** Dotted keys of a message tree, with i18next's plural suffixes folded into the base key. */
function keys(tree: Tree, prefix = ''): Set<string> {
	const found = new Set<string>();
	for (const [key, value] of Object.entries(tree)) {
		const path = `${prefix}${key}`;
		if (typeof value === 'object') for (const inner of keys(value, `${path}.`)) found.add(inner);
		else found.add(path.replace(/_(zero|one|two|few|many|other)$/, ''));
	}
	return found;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
	});
}

describe('translations', () => {
	const idKeys = keys(id as Tree);
	const enKeys = keys(en as Tree);

	it('has every Indonesian key in English', () => {
		expect([...idKeys].filter((key) => !enKeys.has(key))).toEqual([]);
	});

	it('has every English key in Indonesian', () => {
		expect([...enKeys].filter((key) => !idKeys.has(key))).toEqual([]);
	});

	it('has every key the code asks for', () => {
		const used = new Set<string>();
		for (const file of sourceFiles('src')) {
			const text = readFileSync(file, 'utf8');
			for (const match of text.matchAll(/\bt\(\s*'([a-z_]+\.[a-z_.]+)'/g)) used.add(match[1]);
			for (const match of text.matchAll(
				/'((?:err|procurement|supplier|advance)\.err_[a-z_]+|err\.[a-z_]+)'/g
			))
				used.add(match[1]);
		}
		expect(used.size).toBeGreaterThan(20);
		expect([...used].filter((key) => !idKeys.has(key) || !enKeys.has(key))).toEqual([]);
	});
});
