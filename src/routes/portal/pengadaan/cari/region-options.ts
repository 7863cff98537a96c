import { shortRegionName, type RegionTree } from '$lib/domain/regions';

/**
 * The `<option>`s of a regency select, grouped by province: 514 regencies, the same HTML for every search
 * (but for the one selected), so it is made once per province scope and kept. Drawn by Svelte, the two
 * selects of the search page cost more than the search itself.
 */
const made = new Map<string, string>();

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The regencies of `provinceCode` (all of them when null), `selected` (a code) marked so. */
export function regencyOptions(
	tree: RegionTree,
	provinceCode: string | null,
	selected: string | null
): string {
	const scope = provinceCode ?? '';
	let html = made.get(scope);
	if (html === undefined) {
		html = tree.provinces
			.filter((province) => !provinceCode || province.code === provinceCode)
			.map((province) => {
				const options = tree.regencies
					.filter((regency) => regency.parentCode === province.code)
					.map(
						(regency) => `<option value="${regency.code}">${escape(shortRegionName(regency.name))}</option>`
					)
					.join('');
				return `<optgroup label="${escape(shortRegionName(province.name))}">${options}</optgroup>`;
			})
			.join('');
		made.set(scope, html);
	}
	// codes are digits and dots (regionLevel checked them): nothing to escape, nothing to mistake
	return selected && /^[\d.]+$/.test(selected)
		? html.replace(`<option value="${selected}">`, `<option value="${selected}" selected>`)
		: html;
}
