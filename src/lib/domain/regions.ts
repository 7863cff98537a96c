import { normalizeText } from './text';

// Indonesia's administrative regions (Kemendagri codes), from the bundled list in static/regions/ (made by
// scripts/make-regions.js from idn-area-data, ODbL). Pure: parsing the compact files, searching them as a
// person types, and walking a code up to its parents. The phone's loading lives in $lib/client/regions.ts.

/** The data the files in static/regions/ were made from; the service worker names its village cache by it. */
export const REGIONS_VERSION = 'idn-area-data@4.0.1';

/** Provinces, regencies and districts in one file, precached by the service worker. */
export const REGIONS_URL = '/regions/regions.json';

/** Where one regency's villages are: fetched when needed, kept by the service worker once fetched. */
export function villagesUrl(regencyCode: string): string {
	return `/regions/villages/${regencyCode}.json`;
}

export const REGION_LEVELS = ['province', 'regency', 'district', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface Region {
	/** Kemendagri's code: `11`, `11.01`, `11.01.01`, `11.01.01.2001`. */
	code: string;
	/** The official name: `Aceh`, `Kabupaten Aceh Selatan`, `Bakongan`, `Keude Bakongan`. */
	name: string;
	level: RegionLevel;
	/** The code of the region it lies in; null for a province. */
	parentCode: string | null;
}

/**
 * `static/regions/regions.json`: each province `[code, name, regencies]`, each regency
 * `[code relative to the province, name, districts]`, each district `"{code relative to the regency} {name}"`.
 */
export interface RegionsFile {
	version: string;
	license: string;
	provinces: [code: string, name: string, regencies: [code: string, name: string, districts: string[]][]][];
}

/** `static/regions/villages/{regencyCode}.json`: each district `[relative code, ["{relative code} {name}", …]]`. */
export interface VillagesFile {
	version: string;
	regency: string;
	districts: [code: string, villages: string[]][];
}

/** The regions list the phone holds from the first install: every province, regency and district. */
export interface RegionTree {
	version: string;
	provinces: Region[];
	regencies: Region[];
	districts: Region[];
	/** Every region above by its code. */
	byCode: ReadonlyMap<string, Region>;
}

const CODE_PATTERNS: [RegExp, RegionLevel][] = [
	[/^\d{2}$/, 'province'],
	[/^\d{2}\.\d{2}$/, 'regency'],
	[/^\d{2}\.\d{2}\.\d{2}$/, 'district'],
	[/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'village']
];

/** The level a code names (`11.01` → `regency`), or null for something that is no region code. */
export function regionLevel(code: string): RegionLevel | null {
	for (const [pattern, level] of CODE_PATTERNS) if (pattern.test(code)) return level;
	return null;
}

/** The code of the region a code lies in: `11.01.01` → `11.01`; null for a province (or no code). */
export function parentRegionCode(code: string): string | null {
	const level = regionLevel(code);
	return level && level !== 'province' ? code.slice(0, code.lastIndexOf('.')) : null;
}

export interface RegionPath {
	provinceCode: string | null;
	regencyCode: string | null;
	districtCode: string | null;
	villageCode: string | null;
}

/**
 * A code and every code above it: `11.01.01.2001` → province `11`, regency `11.01`, district `11.01.01`,
 * village `11.01.01.2001`; the levels below the code's own are null, and all are null for no region code.
 */
export function regionPath(code: string): RegionPath {
	const depth = regionLevel(code) ? REGION_LEVELS.indexOf(regionLevel(code)!) : -1;
	const parts = code.split('.');
	const at = (level: number) => (depth >= level ? parts.slice(0, level + 1).join('.') : null);
	return { provinceCode: at(0), regencyCode: at(1), districtCode: at(2), villageCode: at(3) };
}

/** Splits `"01 Bakongan"` into its relative code and name. */
function splitEntry(entry: unknown, where: string): [string, string] {
	const space = typeof entry === 'string' ? entry.indexOf(' ') : -1;
	if (space < 1) throw new Error(`regions: bad entry ${JSON.stringify(entry)} in ${where}`);
	return [(entry as string).slice(0, space), (entry as string).slice(space + 1)];
}

function checkedArray(value: unknown, where: string): unknown[] {
	if (!Array.isArray(value)) throw new Error(`regions: expected a list in ${where}`);
	return value;
}

/** Reads `regions.json` (as parsed JSON) into regions with full codes; throws when its shape is wrong. */
export function parseRegionTree(file: unknown): RegionTree {
	const data = file as Partial<RegionsFile> | null;
	const provinces: Region[] = [];
	const regencies: Region[] = [];
	const districts: Region[] = [];
	const byCode = new Map<string, Region>();
	const add = (list: Region[], region: Region) => {
		if (regionLevel(region.code) !== region.level || byCode.has(region.code))
			throw new Error(`regions: bad or repeated code ${region.code}`);
		list.push(region);
		byCode.set(region.code, region);
	};
	for (const province of checkedArray(data?.provinces, 'provinces')) {
		const [code, name, children] = checkedArray(province, 'a province') as [string, string, unknown];
		add(provinces, { code, name, level: 'province', parentCode: null });
		for (const regency of checkedArray(children, code)) {
			const [tail, regencyName, names] = checkedArray(regency, code) as [string, string, unknown];
			const regencyCode = `${code}.${tail}`;
			add(regencies, { code: regencyCode, name: regencyName, level: 'regency', parentCode: code });
			for (const entry of checkedArray(names, regencyCode)) {
				const [districtTail, districtName] = splitEntry(entry, regencyCode);
				add(districts, {
					code: `${regencyCode}.${districtTail}`,
					name: districtName,
					level: 'district',
					parentCode: regencyCode
				});
			}
		}
	}
	return { version: String(data?.version ?? ''), provinces, regencies, districts, byCode };
}

/**
 * Reads one regency's village file (as parsed JSON) into villages with full codes; throws when its shape is
 * wrong or when it is the file of another regency than `regencyCode` (if given).
 */
export function parseVillages(file: unknown, regencyCode?: string): Region[] {
	const data = file as Partial<VillagesFile> | null;
	const regency = data?.regency;
	if (typeof regency !== 'string' || regionLevel(regency) !== 'regency')
		throw new Error('regions: a village file without its regency');
	if (regencyCode !== undefined && regency !== regencyCode)
		throw new Error(`regions: villages of ${regency}, not of ${regencyCode}`);
	const villages: Region[] = [];
	for (const district of checkedArray(data?.districts, regency)) {
		const [tail, names] = checkedArray(district, regency) as [string, unknown];
		const districtCode = `${regency}.${tail}`;
		for (const entry of checkedArray(names, districtCode)) {
			const [villageTail, name] = splitEntry(entry, districtCode);
			const code = `${districtCode}.${villageTail}`;
			if (regionLevel(code) !== 'village') throw new Error(`regions: bad village code ${code}`);
			villages.push({ code, name, level: 'village', parentCode: districtCode });
		}
	}
	return villages;
}

// Names and labels

const SHORT_PREFIXES: [RegExp, string][] = [
	[/^Kabupaten Administrasi /, 'Kab. Adm. '],
	[/^Kabupaten /, 'Kab. '],
	[/^Kota Administrasi /, 'Kota Adm. '],
	[/^Daerah Khusus Ibukota /, 'DKI '],
	[/^Daerah Istimewa /, 'DI ']
];

/**
 * A name as Indonesians write it on an envelope: `Kabupaten Aceh Selatan` → `Kab. Aceh Selatan`,
 * `Daerah Khusus Ibukota Jakarta` → `DKI Jakarta`; other names as they are.
 */
export function shortRegionName(name: string): string {
	for (const [pattern, short] of SHORT_PREFIXES) if (pattern.test(name)) return name.replace(pattern, short);
	return name;
}

/**
 * A region with what it lies in, enough to tell two of the same name apart: `Bakongan, Kab. Aceh Selatan`
 * (district), `Keude Bakongan, Bakongan, Kab. Aceh Selatan` (village), `Kab. Bogor, Jawa Barat` (regency),
 * `DKI Jakarta` (province). Parents missing from `byCode` are left out.
 */
export function regionLabel(region: Region, byCode: ReadonlyMap<string, Region>): string {
	const parts = [
		region.level === 'district' || region.level === 'village' ? region.name : shortRegionName(region.name)
	];
	const regency = regionPath(region.code).regencyCode;
	if (region.level === 'village' && region.parentCode) {
		const district = byCode.get(region.parentCode);
		if (district) parts.push(district.name);
	}
	if (region.level === 'regency' && region.parentCode) {
		const province = byCode.get(region.parentCode);
		if (province) parts.push(shortRegionName(province.name));
	} else if (regency && region.level !== 'regency') {
		const found = byCode.get(regency);
		if (found) parts.push(shortRegionName(found.name));
	}
	return parts.join(', ');
}

// Search

/**
 * The short forms people type for a province or city (`jateng`, `dki`, `ntt`, `jogja`), searched like words
 * of its name. Codes are Kemendagri's, which only change when a region is split.
 */
const ALIASES: Record<string, string> = {
	'11': 'nad',
	'12': 'sumut',
	'13': 'sumbar',
	'16': 'sumsel',
	'19': 'babel',
	'21': 'kepri',
	'31': 'dki',
	'32': 'jabar',
	'33': 'jateng',
	'34': 'diy jogja jogjakarta',
	'34.71': 'jogja jogjakarta',
	'35': 'jatim',
	'52': 'ntb',
	'53': 'ntt',
	'61': 'kalbar',
	'62': 'kalteng',
	'63': 'kalsel',
	'64': 'kaltim',
	'65': 'kaltara',
	'71': 'sulut',
	'72': 'sulteng',
	'73': 'sulsel',
	'74': 'sultra',
	'76': 'sulbar',
	'82': 'malut',
	'92': 'pabar',
	'96': 'pbd'
};

/** Abbreviations in what is typed, read as the word of the official names (for ranking whole-name matches). */
const ABBREVIATIONS: Record<string, string> = {
	kab: 'kabupaten',
	kep: 'kepulauan',
	kepl: 'kepulauan',
	adm: 'administrasi'
};

/** Words that say which level is meant rather than name a place ("Provinsi Jawa Tengah", "Kec. Bakongan"). */
const LEVEL_WORDS = new Set(['provinsi', 'prov', 'kecamatan', 'kec', 'desa', 'kelurahan', 'kel']);

/** How a regency's name starts when it says what kind of regency it is; dropped to get the place's own name. */
const REGENCY_KIND = /^(?:kabupaten|kota)(?: administrasi)? /;

/**
 * Names and typed words made comparable: normalized as every search in Lapak (case, accents, punctuation),
 * but apostrophes and quotes dropped rather than made spaces, so `Ra"as` is found by `raas` and `ra'as`.
 */
function searchText(text: string): string {
	return normalizeText(text.replace(/['"`\u2018\u2019\u02bc]/g, ''));
}

interface Entry {
	region: Region;
	/** The name's words and aliases, each after a space: `" kabupaten bogor"`; a word starts at `" " + typed`. */
	key: string;
	/** The normalized name, and the place's own name without `Kabupaten`/`Kota` (regencies). */
	full: string;
	own: string;
	/** Position in the order shown for an empty query: by the place's own name, then the full name. */
	rank: number;
}

const collator = new Intl.Collator('id', { numeric: true, sensitivity: 'base' });
const indexes = new WeakMap<readonly Region[], Entry[]>();

/** The search keys of a list, made once per list (by its identity) so each keystroke costs only the scan. */
function indexOf(list: readonly Region[]): Entry[] {
	let index = indexes.get(list);
	if (index) return index;
	index = list.map((region) => {
		const full = searchText(region.name);
		const own = region.level === 'regency' ? full.replace(REGENCY_KIND, '') : full;
		const alias = ALIASES[region.code];
		return { region, key: ` ${full}${alias ? ` ${alias}` : ''}`, full, own, rank: 0 };
	});
	const sorted = [...index].sort(
		(a, b) =>
			collator.compare(a.own, b.own) ||
			collator.compare(a.full, b.full) ||
			(a.region.code < b.region.code ? -1 : 1)
	);
	sorted.forEach((entry, rank) => (entry.rank = rank));
	index = sorted;
	indexes.set(list, index);
	return index;
}

export interface RegionSearchOptions {
	/** Only regions of this level. */
	level?: RegionLevel;
	/** Only regions inside this one (at any depth; with `level`, its children at that level). */
	parentCode?: string | null;
	/** At most this many results; 20 unless said. */
	limit?: number;
}

export const DEFAULT_REGION_LIMIT = 20;

/**
 * The regions of `list` whose name matches `query`, best first. Case-, accent- and punctuation-insensitive;
 * every word typed must be the start of a word of the name (`jaya` finds `Kota Jayapura` and `Kabupaten
 * Jayawijaya`, `kab bogor` and `kota bogor` tell the two Bogors apart, `kep seribu` finds `Kabupaten
 * Administrasi Kepulauan Seribu`, `dki jakarta` and `jateng` find their provinces); words that only name a
 * level (`provinsi`, `kec`, `desa`) are ignored. Order: the whole name (with or without `Kabupaten`/`Kota`)
 * typed, then names that start with what was typed, then the others; shorter names first within each. An
 * empty query gives the list (filtered) in alphabetical order. Fast enough for every keystroke: the
 * per-region work is cached for as long as the same `list` array is passed.
 */
export function searchRegions(
	list: readonly Region[],
	query: string,
	options: RegionSearchOptions = {}
): Region[] {
	const limit = options.limit ?? DEFAULT_REGION_LIMIT;
	const inside = options.parentCode ? `${options.parentCode}.` : null;
	const typed = searchText(query).split(' ').filter(Boolean);
	// `kec bakongan` means Bakongan; `kel` alone may be the start of Kelapa Dua.
	const words = typed.some((word) => !LEVEL_WORDS.has(word))
		? typed.filter((word) => !LEVEL_WORDS.has(word))
		: typed;
	// Typed words are prefixes (`kab` matches `Kabupaten`, `kep` matches `Kepahiang`); only the ranking
	// reads abbreviations as their words, so that `kab bogor` is the whole name `Kabupaten Bogor`.
	const needles = words.map((word) => ` ${word}`);
	const phrase = words.map((word) => ABBREVIATIONS[word] ?? word).join(' ');
	const found: { entry: Entry; tier: number }[] = [];
	for (const entry of indexOf(list)) {
		const region = entry.region;
		if (options.level && region.level !== options.level) continue;
		if (inside && !region.code.startsWith(inside)) continue;
		let matches = true;
		for (const needle of needles) {
			if (!entry.key.includes(needle)) {
				matches = false;
				break;
			}
		}
		if (!matches) continue;
		if (!phrase) {
			// Already in alphabetical order: stop as soon as the page is full.
			found.push({ entry, tier: 0 });
			if (found.length >= limit) break;
			continue;
		}
		const tier =
			entry.full === phrase || entry.own === phrase
				? 0
				: entry.full.startsWith(phrase) || entry.own.startsWith(phrase)
					? 1
					: 2;
		found.push({ entry, tier });
	}
	if (phrase) {
		found.sort(
			(a, b) =>
				a.tier - b.tier ||
				a.entry.region.name.length - b.entry.region.name.length ||
				a.entry.rank - b.entry.rank
		);
	}
	return found.slice(0, limit).map(({ entry }) => entry.region);
}

// What a person has chosen

/** A place chosen level by level (the address fields of a seller's profile). */
export interface RegionSelection extends RegionPath {
	/** The village's name: the official one when chosen from the list, or as typed when the list was not at hand. */
	villageName: string | null;
}

export const EMPTY_REGION_SELECTION: RegionSelection = {
	provinceCode: null,
	regencyCode: null,
	districtCode: null,
	villageCode: null,
	villageName: null
};

const CODE_FIELDS = ['provinceCode', 'regencyCode', 'districtCode', 'villageCode'] as const;

/**
 * The selection with `region` chosen at `level` (or that level cleared, with `null`): the levels above follow
 * the region's code, the levels below are cleared, since a district of another regency makes no sense.
 * Choosing again what is already chosen changes nothing.
 */
export function chooseRegion(
	selection: RegionSelection,
	level: RegionLevel,
	region: Region | null
): RegionSelection {
	const depth = REGION_LEVELS.indexOf(level);
	if (region && region.level !== level) throw new Error(`regions: ${region.code} is not a ${level}`);
	if (region && selection[CODE_FIELDS[depth]] === region.code) return selection;
	const path = region ? regionPath(region.code) : null;
	const next: RegionSelection = { ...selection };
	CODE_FIELDS.forEach((field, i) => {
		if (i > depth || (i === depth && !path)) next[field] = null;
		else if (path) next[field] = path[field];
	});
	next.villageName = level === 'village' && region ? region.name : null;
	return next;
}

/** The selection with a village typed by hand (its list not on the phone): a name and no code. */
export function typeVillageName(selection: RegionSelection, name: string): RegionSelection {
	return { ...selection, villageCode: null, villageName: name.trim() || null };
}
