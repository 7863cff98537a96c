import { describe, expect, it } from 'vitest';
import { parseRegionTree } from '$lib/domain/regions';
import { regencyOptions } from './region-options';

const tree = parseRegionTree({
	version: 'test',
	license: 'test',
	provinces: [
		[
			'34',
			'Daerah Istimewa Yogyakarta',
			[
				['04', 'Kabupaten Sleman', []],
				['71', 'Kota Yogyakarta', []]
			]
		],
		['32', 'Jawa Barat', [['01', 'Kabupaten Bogor & <Sekitar>', []]]]
	]
});

describe('regencyOptions', () => {
	it('groups every regency under its province, names short and escaped', () => {
		expect(regencyOptions(tree, null, null)).toBe(
			'<optgroup label="DI Yogyakarta"><option value="34.04">Kab. Sleman</option>' +
				'<option value="34.71">Kota Yogyakarta</option></optgroup>' +
				'<optgroup label="Jawa Barat"><option value="32.01">Kab. Bogor &amp; &lt;Sekitar&gt;</option></optgroup>'
		);
	});

	it('keeps to one province and marks the chosen regency', () => {
		const html = regencyOptions(tree, '34', '34.71');
		expect(html).not.toContain('Jawa Barat');
		expect(html).toContain('<option value="34.71" selected>Kota Yogyakarta</option>');
		expect(html).toContain('<option value="34.04">Kab. Sleman</option>');
		// the kept HTML is not changed by a selection
		expect(regencyOptions(tree, '34', null)).not.toContain('selected');
		expect(regencyOptions(tree, '34', '"><script>')).not.toContain('script');
	});
});
