import { PROVINCE_CODES } from '$lib/domain/nik';
import regionsFile from '../../../../static/regions/regions.json';

/** Regency names by code (`34.04` → `Kabupaten Sleman`), from the bundled Kemendagri list. */
const regencies = new Map<string, string>();
for (const [province, , list] of (
	regionsFile as unknown as { provinces: [string, string, [string, string][]][] }
).provinces) {
	for (const [code, name] of list ?? []) regencies.set(`${province}.${code}`, name);
}

/** A province's name, or null for no or an unknown code. */
export function provinceName(code: string | null): string | null {
	return code ? (PROVINCE_CODES[code] ?? null) : null;
}

/** A regency's name, or null. */
export function regencyName(code: string | null): string | null {
	return code ? (regencies.get(code) ?? null) : null;
}

/** Every province, by name, for the filter. */
export function provinces(): { code: string; name: string }[] {
	return Object.entries(PROVINCE_CODES)
		.map(([code, name]) => ({ code, name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'id'));
}
