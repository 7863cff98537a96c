import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	chooseRegion,
	EMPTY_REGION_SELECTION,
	parentRegionCode,
	parseRegionTree,
	parseVillages,
	REGIONS_URL,
	REGIONS_VERSION,
	regionLabel,
	regionLevel,
	regionPath,
	searchRegions,
	shortRegionName,
	typeVillageName,
	villagesUrl,
	type Region
} from './regions';

// Every test reads the committed files the phone loads, so a regenerated list is checked as it ships.
const STATIC = 'static';
const readJson = (url: string): unknown => JSON.parse(readFileSync(join(STATIC, url), 'utf8'));
const tree = parseRegionTree(readJson(REGIONS_URL));
const allRegions = [...tree.provinces, ...tree.regencies, ...tree.districts];
const names = (regions: Region[]) => regions.map((region) => region.name);
const code = (name: string, list: Region[] = allRegions) => {
	const found = list.filter((region) => region.name === name);
	if (found.length !== 1) throw new Error(`${found.length} regions named ${name}`);
	return found[0].code;
};

describe('the bundled list', () => {
	it.each([
		['province', tree.provinces, 38],
		['regency', tree.regencies, 514],
		['district', tree.districts, 7285]
	] as const)('has every %s (%i)', (level, list, count) => {
		expect(list).toHaveLength(count);
		expect(list.every((region) => region.level === level && regionLevel(region.code) === level)).toBe(true);
		expect(list.every((region) => region.parentCode === parentRegionCode(region.code))).toBe(true);
		expect(list.every((region) => !region.parentCode || tree.byCode.has(region.parentCode))).toBe(true);
	});

	it('is the version the service worker names its village cache by', () => {
		const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies['idn-area-data'];
		expect(tree.version).toBe(REGIONS_VERSION);
		expect(REGIONS_VERSION).toBe(`idn-area-data@${pinned}`);
	});

	it('has one village file per regency, 83,762 villages in all', () => {
		const files = readdirSync(join(STATIC, 'regions', 'villages')).sort();
		expect(files).toEqual(tree.regencies.map((regency) => `${regency.code}.json`).sort());
		let count = 0;
		for (const regency of tree.regencies) {
			const villages = parseVillages(readJson(villagesUrl(regency.code)), regency.code);
			expect(
				villages.every((village) => tree.byCode.get(village.parentCode!)?.parentCode === regency.code)
			).toBe(true);
			count += villages.length;
		}
		expect(count).toBe(83762);
	});

	it('parses a village file', () => {
		const villages = parseVillages(readJson(villagesUrl('11.01')), '11.01');
		expect(villages[0]).toEqual({
			code: '11.01.01.2001',
			name: 'Keude Bakongan',
			level: 'village',
			parentCode: '11.01.01'
		});
		expect(() => parseVillages(readJson(villagesUrl('11.01')), '11.02')).toThrow(/not of 11.02/);
	});

	it.each([
		[{ provinces: [['11', 'Aceh', [['01', 'Kab', ['Bakongan']]]]] }, /bad entry/],
		[
			{
				provinces: [
					['11', 'Aceh', []],
					['11', 'Aceh', []]
				]
			},
			/repeated code 11/
		],
		[{ provinces: 'no' }, /expected a list/],
		[null, /expected a list/]
	])('refuses a file of the wrong shape (%j)', (file, error) => {
		expect(() => parseRegionTree(file)).toThrow(error);
	});
});

/**
 * The package's CSV rows: `code,name` (provinces) or `code,parent_code,name`, the name quoted when it holds
 * a comma or a quote. Enough for these files, whose codes never need quoting.
 */
function csvRows(file: string): { code: string; parent: string | null; name: string }[] {
	const dir = join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data');
	const lines = readFileSync(join(dir, file), 'utf8').trim().split(/\r?\n/).slice(1);
	const row = file === 'provinces.csv' ? /^([^,]+),()(.*)$/ : /^([^,]+),([^,]+),(.*)$/;
	return lines.map((line) => {
		const [, code, parent, raw] = row.exec(line)!;
		const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
		return { code, parent: parent || null, name: name.trim() };
	});
}

describe('the bundled list agrees with idn-area-data', () => {
	it.each([
		['provinces.csv', tree.provinces],
		['regencies.csv', tree.regencies],
		['districts.csv', tree.districts]
	])('%s: every row, same code, parent and name', (file, list) => {
		const rows = csvRows(file);
		const ours = new Map(list.map((region) => [region.code, region]));
		expect(ours.size).toBe(rows.length);
		for (const row of rows) {
			expect(ours.get(row.code), row.code).toMatchObject({ name: row.name, parentCode: row.parent });
		}
	});

	it('villages.csv: every row, in the file of its regency', () => {
		const rows = csvRows('villages.csv');
		const ours = new Map<string, Region>();
		for (const regency of tree.regencies) {
			for (const village of parseVillages(readJson(villagesUrl(regency.code))))
				ours.set(village.code, village);
		}
		expect(ours.size).toBe(rows.length);
		for (const row of rows) {
			const village = ours.get(row.code);
			if (village?.name !== row.name || village.parentCode !== row.parent) {
				expect(village, row.code).toMatchObject({ name: row.name, parentCode: row.parent });
			}
		}
		expect(ours.get('35.29.22.2001')?.parentCode).toBe('35.29.22');
	});
});

describe('codes', () => {
	it.each([
		[
			'11',
			'province',
			null,
			{ provinceCode: '11', regencyCode: null, districtCode: null, villageCode: null }
		],
		[
			'11.01',
			'regency',
			'11',
			{ provinceCode: '11', regencyCode: '11.01', districtCode: null, villageCode: null }
		],
		[
			'11.01.01',
			'district',
			'11.01',
			{ provinceCode: '11', regencyCode: '11.01', districtCode: '11.01.01', villageCode: null }
		],
		[
			'11.01.01.2001',
			'village',
			'11.01.01',
			{ provinceCode: '11', regencyCode: '11.01', districtCode: '11.01.01', villageCode: '11.01.01.2001' }
		],
		['1', null, null, { provinceCode: null, regencyCode: null, districtCode: null, villageCode: null }],
		['11.1', null, null, { provinceCode: null, regencyCode: null, districtCode: null, villageCode: null }]
	])('%s is a %s in %s', (value, level, parent, path) => {
		expect(regionLevel(value)).toBe(level);
		expect(parentRegionCode(value)).toBe(parent);
		expect(regionPath(value)).toEqual(path);
	});
});

describe('names and labels', () => {
	it.each([
		['Kabupaten Aceh Selatan', 'Kab. Aceh Selatan'],
		['Kabupaten Administrasi Kepulauan Seribu', 'Kab. Adm. Kepulauan Seribu'],
		['Kota Administrasi Jakarta Pusat', 'Kota Adm. Jakarta Pusat'],
		['Kota Bandung', 'Kota Bandung'],
		['Daerah Khusus Ibukota Jakarta', 'DKI Jakarta'],
		['Daerah Istimewa Yogyakarta', 'DI Yogyakarta'],
		['Kota Bahagia', 'Kota Bahagia']
	])('%s is written %s', (name, short) => {
		expect(shortRegionName(name)).toBe(short);
	});

	const villages = parseVillages(readJson(villagesUrl('11.01')));
	it.each([
		['11', 'Aceh'],
		['11.01', 'Kab. Aceh Selatan, Aceh'],
		['11.01.01', 'Bakongan, Kab. Aceh Selatan'],
		['11.01.01.2001', 'Keude Bakongan, Bakongan, Kab. Aceh Selatan'],
		['31.71', 'Kota Adm. Jakarta Pusat, DKI Jakarta']
	])('%s is labelled %s', (regionCode, label) => {
		const region = tree.byCode.get(regionCode) ?? villages.find((village) => village.code === regionCode)!;
		expect(regionLabel(region, tree.byCode)).toBe(label);
	});
});

describe('searchRegions', () => {
	it.each([
		// [query, options, names expected among the first results]
		['Aceh', { level: 'province' }, ['Aceh']],
		['DKI Jakarta', {}, ['Daerah Khusus Ibukota Jakarta']],
		['dki', { level: 'province' }, ['Daerah Khusus Ibukota Jakarta']],
		['jateng', {}, ['Jawa Tengah']],
		['jogja', {}, ['Kota Yogyakarta', 'Daerah Istimewa Yogyakarta']],
		['Papua Selatan', { level: 'province' }, ['Papua Selatan']],
		['papua tengah', { level: 'province' }, ['Papua Tengah']],
		['Papua Pegunungan', { level: 'province' }, ['Papua Pegunungan']],
		['papua barat daya', { level: 'province' }, ['Papua Barat Daya']],
		['Kota Bandung', {}, ['Kota Bandung']],
		['Kabupaten Bandung', {}, ['Kabupaten Bandung']],
		['kab bandung', { level: 'regency' }, ['Kabupaten Bandung', 'Kabupaten Bandung Barat']],
		['kab. bogor', { level: 'regency' }, ['Kabupaten Bogor']],
		['kota bogor', { level: 'regency' }, ['Kota Bogor']],
		['bogor', { level: 'regency' }, ['Kota Bogor', 'Kabupaten Bogor']],
		['kep seribu', {}, ['Kabupaten Administrasi Kepulauan Seribu']],
		['Kep. Riau', { level: 'province' }, ['Kepulauan Riau']],
		['jakarta sel', {}, ['Kota Administrasi Jakarta Selatan']],
		['Provinsi Jawa Timur', {}, ['Jawa Timur']],
		['kec bakongan', { level: 'district' }, ['Bakongan', 'Bakongan Timur']]
	] as const)('%s finds %j', (query, options, expected) => {
		const found = names(searchRegions(allRegions, query, options));
		expect(found.slice(0, expected.length)).toEqual(expected);
	});

	it('finds a word anywhere in the name, only at the start of a word', () => {
		const found = names(searchRegions(tree.regencies, 'jaya', { limit: 100 }));
		expect(found).toEqual(
			expect.arrayContaining(['Kota Jayapura', 'Kabupaten Jayapura', 'Kabupaten Jayawijaya'])
		);
		expect(found).toContain('Kabupaten Puncak Jaya');
		// "Surabaya" has "baya" inside a word, not at its start.
		expect(names(searchRegions(tree.regencies, 'baya', { limit: 100 }))).not.toContain('Kota Surabaya');
	});

	it('tells the two Bogors apart and finds both for "bogor"', () => {
		expect(names(searchRegions(tree.regencies, 'kab bogor'))).toEqual(['Kabupaten Bogor']);
		expect(names(searchRegions(tree.regencies, 'kota bogor'))).toEqual(['Kota Bogor']);
		expect(names(searchRegions(tree.regencies, 'bogor'))).toEqual(['Kota Bogor', 'Kabupaten Bogor']);
	});

	it.each(['BANDA ACEH', 'bánda acéh', '  Banda   Aceh ', 'banda-aceh', 'Bãnda'])(
		'ignores case, accents and punctuation: %s',
		(query) => {
			expect(names(searchRegions(tree.regencies, query))[0]).toBe('Kota Banda Aceh');
		}
	);

	it.each(['raas', "ra'as", 'Ra’as', 'RA"AS'])('reads apostrophes as nothing: %s finds Ra"as', (query) => {
		expect(names(searchRegions(tree.districts, query))).toContain('Ra"as');
	});

	it('ranks the whole name first, then names starting with it, then shorter names', () => {
		const found = names(searchRegions(tree.provinces, 'papua'));
		expect(found).toEqual([
			'Papua',
			'Papua Barat',
			'Papua Tengah',
			'Papua Selatan',
			'Papua Barat Daya',
			'Papua Pegunungan'
		]);
		// No province is called just "Barat": every match has the word, the shorter names first, then A–Z.
		expect(names(searchRegions(tree.provinces, 'barat'))).toEqual([
			'Jawa Barat',
			'Papua Barat',
			'Sulawesi Barat',
			'Sumatera Barat',
			'Kalimantan Barat',
			'Papua Barat Daya',
			'Nusa Tenggara Barat'
		]);
	});

	it('stops at the limit, 20 unless said', () => {
		expect(searchRegions(tree.districts, 'a')).toHaveLength(20);
		expect(searchRegions(tree.districts, 'a', { limit: 5 })).toHaveLength(5);
		expect(searchRegions(tree.districts, 'kota', { limit: 1000 }).length).toBeGreaterThan(20);
	});

	it('gives the list in alphabetical order for an empty query', () => {
		const aceh = searchRegions(tree.regencies, ' ', { parentCode: '11', limit: 100 });
		expect(aceh).toHaveLength(23);
		// Ordered by the place's own name: Kabupaten Aceh Barat … Kota Banda Aceh, Kabupaten Bener Meriah …
		expect(names(aceh).slice(0, 2)).toEqual(['Kabupaten Aceh Barat', 'Kabupaten Aceh Barat Daya']);
		expect(names(aceh).indexOf('Kota Banda Aceh')).toBeLessThan(
			names(aceh).indexOf('Kabupaten Bener Meriah')
		);
		expect(searchRegions(tree.provinces, '')).toHaveLength(20);
	});

	it('finds nothing for words no name starts with', () => {
		expect(searchRegions(allRegions, 'zzz')).toEqual([]);
		expect(searchRegions(allRegions, 'kota zzz')).toEqual([]);
	});

	it('searches only inside a parent', () => {
		const magelang = code('Kabupaten Magelang');
		const districts = searchRegions(tree.districts, 'mun', { parentCode: magelang });
		expect(districts.length).toBeGreaterThan(0);
		expect(districts.every((district) => district.parentCode === magelang)).toBe(true);
		expect(names(districts)).toContain('Muntilan');
		// Every district of a regency for an empty query; none of another regency.
		const all = searchRegions(tree.districts, '', { parentCode: magelang, limit: 100 });
		expect(all.length).toBe(tree.districts.filter((district) => district.parentCode === magelang).length);
		// Inside a province at any depth: its regencies and districts.
		const inAceh = searchRegions(allRegions, 'aceh', { parentCode: '11', limit: 100 });
		expect(inAceh.every((region) => region.code.startsWith('11.'))).toBe(true);
		expect(inAceh.some((region) => region.level === 'district')).toBe(true);
		expect(names(searchRegions(tree.regencies, 'bogor', { parentCode: '33' }))).toEqual([]);
	});

	it('searches the villages of a district', () => {
		const villages = parseVillages(readJson(villagesUrl('11.01')));
		expect(names(searchRegions(villages, 'ujong', { parentCode: '11.01.01' }))).toEqual([
			'Ujong Mangki',
			'Ujong Padang'
		]);
	});

	it('searches all 7,285 districts well within 10 ms a keystroke', () => {
		const queries = ['b', 'ba', 'bak', 'bako', 'bakon', 'kota', 'kota b', 'sumber', 'x', 'tanjung ba'];
		for (const query of queries) searchRegions(tree.districts, query);
		const rounds = 30;
		const started = performance.now();
		for (let i = 0; i < rounds; i++) for (const query of queries) searchRegions(tree.districts, query);
		const perCall = (performance.now() - started) / (rounds * queries.length);
		console.log(`searchRegions over ${tree.districts.length} districts: ${perCall.toFixed(3)} ms a call`);
		expect(perCall).toBeLessThan(10);
	});
});

describe('choosing regions', () => {
	const bakongan = tree.byCode.get('11.01.01')!;
	const villages = parseVillages(readJson(villagesUrl('11.01')));

	it('fills the levels above from the code and clears the ones below', () => {
		const chosen = chooseRegion(EMPTY_REGION_SELECTION, 'village', villages[0]);
		expect(chosen).toEqual({
			provinceCode: '11',
			regencyCode: '11.01',
			districtCode: '11.01.01',
			villageCode: '11.01.01.2001',
			villageName: 'Keude Bakongan'
		});
		expect(chooseRegion(chosen, 'province', tree.byCode.get('12')!)).toEqual({
			...EMPTY_REGION_SELECTION,
			provinceCode: '12'
		});
		expect(chooseRegion(chosen, 'regency', null)).toEqual({ ...EMPTY_REGION_SELECTION, provinceCode: '11' });
	});

	it('changes nothing when the same region is chosen again', () => {
		const chosen = chooseRegion(EMPTY_REGION_SELECTION, 'village', villages[0]);
		expect(chooseRegion(chosen, 'district', bakongan)).toBe(chosen);
	});

	it('refuses a region of another level', () => {
		expect(() => chooseRegion(EMPTY_REGION_SELECTION, 'regency', bakongan)).toThrow(/not a regency/);
	});

	it('keeps a village typed by hand as a name with no code', () => {
		const district = chooseRegion(EMPTY_REGION_SELECTION, 'district', bakongan);
		expect(typeVillageName(district, '  Desa Baru ')).toEqual({
			...district,
			villageCode: null,
			villageName: 'Desa Baru'
		});
		expect(typeVillageName(district, '   ').villageName).toBeNull();
	});
});
