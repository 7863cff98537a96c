// `npm run regions`: turns the CSV files of the pinned devDependency idn-area-data into the compact region
// files the phone loads from static/regions/ (see src/lib/domain/regions.ts for the format). The output is
// committed, so the build and the unit tests never need this step; run it again after bumping the package.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package's own entry needs Node 22 (it parses with papaparse); we only read its data files.
const packageDir = dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const dataDir = join(packageDir, 'data');
const outDir = join(root, 'static', 'regions');
const source = `idn-area-data@${version}`;

/** RFC 4180 CSV: quoted fields may hold commas and doubled quotes ("Ra""as", "Lubuk Pakam I,II"). */
function readCsv(name) {
	const text = readFileSync(join(dataDir, name), 'utf8').replace(/^\uFEFF/, '');
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field || row.length) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...body] = rows.filter((cells) => cells.some(Boolean));
	return body.map((cells) => Object.fromEntries(header.map((key, i) => [key, cells[i].trim()])));
}

/** The last part of a code: `11.01.01` → `01`, the code relative to its parent. */
const tail = (code) => code.slice(code.lastIndexOf('.') + 1);
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function groupBy(rows, key) {
	const groups = new Map();
	for (const row of rows.sort(byCode)) {
		if (!groups.has(row[key])) groups.set(row[key], []);
		groups.get(row[key]).push(row);
	}
	return groups;
}

const provinces = readCsv('provinces.csv').sort(byCode);
const regencies = groupBy(readCsv('regencies.csv'), 'province_code');
const districts = groupBy(readCsv('districts.csv'), 'regency_code');
const villages = groupBy(readCsv('villages.csv'), 'district_code');

// One line per regency keeps the file readable and a regenerated list's diff small.
const treeLines = [];
for (const province of provinces) {
	const children = (regencies.get(province.code) ?? []).map((regency) => {
		const names = (districts.get(regency.code) ?? []).map(
			(district) => `${tail(district.code)} ${district.name}`
		);
		return `   [${JSON.stringify(tail(regency.code))},${JSON.stringify(regency.name)},${JSON.stringify(names)}]`;
	});
	treeLines.push(
		`  [${JSON.stringify(province.code)},${JSON.stringify(province.name)},[\n${children.join(',\n')}\n  ]]`
	);
}
const tree = `{"version":${JSON.stringify(source)},"license":"ODbL-1.0","provinces":[\n${treeLines.join(',\n')}\n]}\n`;

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'villages'), { recursive: true });
writeFileSync(join(outDir, 'regions.json'), tree);

let villageCount = 0;
let regencyFiles = 0;
for (const regencyRows of regencies.values()) {
	for (const regency of regencyRows) {
		const lines = (districts.get(regency.code) ?? []).map((district) => {
			const names = (villages.get(district.code) ?? []).map(
				(village) => `${tail(village.code)} ${village.name}`
			);
			villageCount += names.length;
			return `  [${JSON.stringify(tail(district.code))},${JSON.stringify(names)}]`;
		});
		const file = `{"version":${JSON.stringify(source)},"regency":${JSON.stringify(regency.code)},"districts":[\n${lines.join(',\n')}\n]}\n`;
		writeFileSync(join(outDir, 'villages', `${regency.code}.json`), file);
		regencyFiles++;
	}
}

copyFileSync(join(dataDir, 'LICENSE.md'), join(outDir, 'LICENSE.md'));
writeFileSync(
	join(outDir, 'SOURCE.md'),
	`# Indonesian regions (wilayah)

The files in this folder are a derivative database of the data of the npm package
[\`${source}\`](https://github.com/fityannugroho/idn-area-data) by Fityan Nugroho, based on the regions list of
Indonesia's Ministry of Home Affairs (Kemendagri). The data is made available under the
[Open Database License (ODbL) 1.0](LICENSE.md); these files are made available under the same licence. The only
changes are the layout: codes written relative to their parent, villages split into one file per regency.

Regenerate with \`npm run regions\` (scripts/make-regions.js) after changing the package's version.
`
);

const regencyCount = [...regencies.values()].reduce((sum, rows) => sum + rows.length, 0);
const districtCount = [...districts.values()].reduce((sum, rows) => sum + rows.length, 0);
console.log(
	`regions: ${provinces.length} provinces, ${regencyCount} regencies, ${districtCount} districts, ` +
		`${villageCount} villages in ${regencyFiles} files (from ${source}) → static/regions/`
);
