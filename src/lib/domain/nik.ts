/** Province codes (the first two digits of a NIK), including the Papua provinces formed in 2022. */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
	'11': 'Aceh',
	'12': 'Sumatera Utara',
	'13': 'Sumatera Barat',
	'14': 'Riau',
	'15': 'Jambi',
	'16': 'Sumatera Selatan',
	'17': 'Bengkulu',
	'18': 'Lampung',
	'19': 'Kepulauan Bangka Belitung',
	'21': 'Kepulauan Riau',
	'31': 'DKI Jakarta',
	'32': 'Jawa Barat',
	'33': 'Jawa Tengah',
	'34': 'DI Yogyakarta',
	'35': 'Jawa Timur',
	'36': 'Banten',
	'51': 'Bali',
	'52': 'Nusa Tenggara Barat',
	'53': 'Nusa Tenggara Timur',
	'61': 'Kalimantan Barat',
	'62': 'Kalimantan Tengah',
	'63': 'Kalimantan Selatan',
	'64': 'Kalimantan Timur',
	'65': 'Kalimantan Utara',
	'71': 'Sulawesi Utara',
	'72': 'Sulawesi Tengah',
	'73': 'Sulawesi Selatan',
	'74': 'Sulawesi Tenggara',
	'75': 'Gorontalo',
	'76': 'Sulawesi Barat',
	'81': 'Maluku',
	'82': 'Maluku Utara',
	'91': 'Papua',
	'92': 'Papua Barat',
	'93': 'Papua Selatan',
	'94': 'Papua Tengah',
	'95': 'Papua Pegunungan',
	'96': 'Papua Barat Daya'
};

export interface NikFacts {
	provinceCode: string;
	/** `YYYY-MM-DD`. */
	birthDate: string;
	sex: 'female' | 'male';
}

/**
 * Reads a NIK (Nomor Induk Kependudukan): 16 digits; digits 1–2 a province; 7–12 the birth date as
 * DDMMYY, with 40 added to the day for women. Returns what it encodes, or an i18n error key.
 * `today` decides the century of a two-digit year (a birth year is never in the future).
 */
export function readNik(input: string, today = new Date()): NikFacts | { error: string } {
	const nik = input.replace(/[\s.-]/g, '');
	if (!/^\d{16}$/.test(nik)) return { error: 'err.nik_format' };
	const provinceCode = nik.slice(0, 2);
	if (!PROVINCE_CODES[provinceCode]) return { error: 'err.nik_province' };
	let day = Number(nik.slice(6, 8));
	const month = Number(nik.slice(8, 10));
	const shortYear = Number(nik.slice(10, 12));
	const sex = day > 40 ? 'female' : 'male';
	if (day > 40) day -= 40;
	const century = 2000 + shortYear > today.getUTCFullYear() ? 1900 : 2000;
	const year = century + shortYear;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (month < 1 || month > 12 || day < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
		return { error: 'err.nik_birth_date' };
	}
	if (nik.slice(12) === '0000') return { error: 'err.nik_format' };
	return { provinceCode, birthDate: date.toISOString().slice(0, 10), sex };
}

/** `3201234567890001` → `3201********0001`: what lists and logs may show. */
export function maskNik(nik: string): string {
	const digits = nik.replace(/\D/g, '');
	if (digits.length < 8) return '*'.repeat(digits.length);
	return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
}

/** NIB (Nomor Induk Berusaha) from OSS: 13 digits. */
export function isNib(input: string): boolean {
	return /^\d{13}$/.test(input.replace(/[\s.-]/g, ''));
}
