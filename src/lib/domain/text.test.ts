import { describe, expect, it } from 'vitest';
import { fillTemplate, hasVisibleCharacter, isCleanText, uncleanTextPath } from './text';
import { personName } from './auth';
import { productName } from './product';

describe('isCleanText', () => {
	it.each([
		['Kopi Kapal Api', true],
		['Baris satu\nbaris dua\r\n\ttab', true],
		['Es teh 🍵', true],
		['Kopi\u0000', false],
		['Kopi\u0007', false],
		['Kopi\u009B', false],
		['Kopi \u202Eipok', false],
		['\u2066Kopi\u2069', false],
		['Kopi \uD800', false],
		['Kopi \uDC00', false]
	])('%j → %s', (text, clean) => {
		expect(isCleanText(text)).toBe(clean);
	});
});

describe('hasVisibleCharacter', () => {
	it.each([
		['Sari', true],
		['7', true],
		['  Bu Rina  ', true],
		['\u200B\u200B', false],
		['\u2060', false],
		['\u3164', false],
		['\u115F\u1160', false],
		['\u00AD\u00AD', false],
		[' \u200D ', false],
		['\uFEFF', false],
		['', false]
	])('%j → %s', (text, visible) => {
		expect(hasVisibleCharacter(text)).toBe(visible);
	});

	it('is what person and product names require', () => {
		expect(personName.safeParse('\u200B').success).toBe(false);
		expect(productName.safeParse('\u3164').success).toBe(false);
		expect(productName.safeParse('Kopi\u0000').success).toBe(false);
		expect(personName.safeParse('Bu Sari').success).toBe(true);
	});
});

describe('uncleanTextPath', () => {
	it('finds the first unclean text anywhere in a value, keys included', () => {
		expect(uncleanTextPath({ a: 'ok', b: [1, 'ok', { c: 'x\u0000' }] })).toEqual(['b', 2, 'c']);
		expect(uncleanTextPath({ ['k\u202E']: 'ok' })).toEqual(['k\u202E']);
		expect(uncleanTextPath({ a: 'ok', n: 5, z: null })).toBeNull();
	});
});

describe('fillTemplate', () => {
	it('fills the placeholders it has and keeps the others', () => {
		expect(fillTemplate('Halo {{name}}, sisa {{ owed }}', { name: 'Rina' })).toBe(
			'Halo Rina, sisa {{ owed }}'
		);
	});
});
