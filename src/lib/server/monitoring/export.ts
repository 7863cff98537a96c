import ExcelJS from 'exceljs';
import { formatDate } from '$lib/domain/dates';
import { formatRupiah } from '$lib/domain/money';
import { sayIndonesian as t } from '$lib/i18n/messages';
import type { CellValue, ColumnKind, DashboardFilters, Table } from './dashboard';

/**
 * How the monitoring's tables are written: words for the page, a CSV per table, and the monthly workbook.
 * Numbers stay numbers in the CSV and the workbook (a spreadsheet sums them); the page writes them the
 * Indonesian way (Rp15.000, 28 Nov 2026). "< 5" is the same text everywhere.
 */

const monthFormat = new Intl.DateTimeFormat('id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A text cell in words: a business size, a financing event, an unknown region or category. */
function label(key: string, value: string | null): string {
	if (value === null || value === '') return t('pantauan.unknown');
	if (key === 'size') return t(`pantauan.size_${value}`);
	if (key === 'financing') return t(`pantauan.financing_${value}`);
	return value;
}

/** A cell as the page shows it. */
export function cellText(column: { key: string; kind: ColumnKind }, value: CellValue): string {
	if (value === '< 5') return value;
	if (column.kind === 'text') return label(column.key, value as string | null);
	if (value === null) return '–';
	switch (column.kind) {
		case 'month':
			return monthFormat.format(new Date(`${value}-01T00:00:00Z`));
		case 'rupiah':
			return formatRupiah(Number(value));
		case 'days':
			return t('pantauan.days', { days: Number(value) });
		case 'percent':
			return `${value} %`;
		case 'date':
			return formatDate(`${value}T05:00:00Z`);
		default:
			return new Intl.NumberFormat('id-ID').format(Number(value));
	}
}

/** A cell as the CSV and the workbook hold it: a number as a number, words as words. */
export function cellData(column: { key: string; kind: ColumnKind }, value: CellValue): string | number {
	if (value === '< 5') return value;
	if (column.kind === 'text') return label(column.key, value as string | null);
	if (value === null) return '';
	return typeof value === 'number' ? value : String(value);
}

/** The header words of a table's columns. */
export function headers(table: Table): string[] {
	return table.columns.map((column) => t(`pantauan.col_${column.key}`));
}

function csvField(value: string | number): string {
	const text = String(value);
	return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One table as CSV (comma-separated, a header row, CRLF line ends as RFC 4180 has them). */
export function tableCsv(table: Table): string {
	const lines = [headers(table).map(csvField).join(',')];
	for (const row of table.rows) {
		lines.push(row.map((value, i) => csvField(cellData(table.columns[i], value))).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
	rupiah: '"Rp"#,##0',
	count: '#,##0',
	days: '0',
	percent: '0" %"'
};

/** The monthly report: a sheet per table, its filters on top, numbers as numbers. */
export async function reportWorkbook(
	tables: Table[],
	filters: DashboardFilters,
	scope: string
): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Lapak';
	for (const table of tables) {
		const title = t(`pantauan.table_${table.id}`);
		// Sheet names: at most 31 characters, none of : \ / ? * [ ].
		const sheet = book.addWorksheet(title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31));
		sheet.addRow([title]).font = { bold: true };
		sheet.addRow([t('pantauan.report_scope', { scope, from: filters.from, to: filters.to })]);
		sheet.addRow([]);
		const header = sheet.addRow(headers(table));
		header.font = { bold: true };
		for (const row of table.rows) sheet.addRow(row.map((value, i) => cellData(table.columns[i], value)));
		table.columns.forEach((column, i) => {
			const sheetColumn = sheet.getColumn(i + 1);
			sheetColumn.width = column.kind === 'text' ? 32 : 18;
			const format = NUMBER_FORMATS[column.kind];
			if (format) sheetColumn.numFmt = format;
		});
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** A table with its words, as the page draws it: the title, the headers, every cell as text. */
export interface ShownTable extends Table {
	title: string;
	headers: string[];
	text: string[][];
}

export function shownTable(table: Table): ShownTable {
	return {
		...table,
		title: t(`pantauan.table_${table.id}`),
		headers: headers(table),
		text: table.rows.map((row) => row.map((value, i) => cellText(table.columns[i], value)))
	};
}
