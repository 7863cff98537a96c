import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { winAnsi } from '$lib/client/report-pdf';
import type { DocumentView } from '$lib/domain/document-view';
import { fillTemplate } from '$lib/domain/text';
import { qrMatrix } from './qr';

/**
 * A document (Surat Pesanan, BAST, Tagihan) as an A4 PDF, drawn with pdf-lib's standard Helvetica (nothing
 * to embed, every PDF reader has it): the title and the QR of its verification link at the top of every
 * page, both parties, the lines as a table that breaks across pages with its header repeated, the totals,
 * the amount in words, the notes, the signature boxes, and "Halaman 1 dari 2" at the foot of each page.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;
const WIDTH = A4[0] - 2 * MARGIN;
const FOOT = MARGIN + 18;
const QR_SIZE = 72;
const CELL_PAD = 4;
const ink = rgb(0.1, 0.1, 0.1);
const grey = rgb(0.36, 0.36, 0.36);
const rule = rgb(0.8, 0.8, 0.8);

interface Fonts {
	regular: PDFFont;
	bold: PDFFont;
	italic: PDFFont;
}

/** Words broken into lines of at most `width`; a word longer than a line is cut where it must be. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
	// A hair of tolerance: a column as wide as its text, less its padding, comes back a float's rounding short.
	const fits = (value: string) => font.widthOfTextAtSize(value, size) <= width + 0.01;
	const lines: string[] = [];
	for (const paragraph of winAnsi(text).split('\n')) {
		let line = '';
		for (let word of paragraph.split(/\s+/).filter(Boolean)) {
			while (!fits(word)) {
				let cut = word.length - 1;
				while (cut > 1 && !fits(word.slice(0, cut))) cut--;
				if (line) lines.push(line);
				lines.push(word.slice(0, cut));
				line = '';
				word = word.slice(cut);
			}
			const next = line ? `${line} ${word}` : word;
			if (fits(next)) line = next;
			else {
				lines.push(line);
				line = word;
			}
		}
		lines.push(line);
	}
	return lines;
}

class Sheet {
	readonly pages: PDFPage[] = [];
	page!: PDFPage;
	y = 0;

	constructor(
		readonly pdf: PDFDocument,
		readonly fonts: Fonts,
		readonly view: DocumentView,
		readonly qr: ReturnType<typeof qrMatrix>
	) {
		this.newPage();
	}

	newPage(): void {
		this.page = this.pdf.addPage(A4);
		this.pages.push(this.page);
		this.y = A4[1] - MARGIN;
		this.drawQr();
		this.text(this.view.title, { size: 17, font: this.fonts.bold, width: WIDTH - QR_SIZE - 12 });
		this.text(`${this.view.labels.number}: ${this.view.number}`, { size: 11, font: this.fonts.bold });
		this.y -= 2;
		this.text(`${this.view.labels.date}: ${this.view.date}`, { size: 10 });
		this.text(`${this.view.labels.state}: ${this.view.state}`, { size: 10 });
		this.y = Math.min(this.y, A4[1] - MARGIN - QR_SIZE - 14) - 10;
	}

	/** Room for `height` more on this page, or a new page. */
	need(height: number): void {
		if (this.y - height < FOOT) this.newPage();
	}

	/** Wrapped text from `x`, moving down; returns the height it took. */
	text(
		value: string,
		options: { size?: number; font?: PDFFont; x?: number; width?: number; color?: typeof ink } = {}
	): number {
		const size = options.size ?? 10;
		const font = options.font ?? this.fonts.regular;
		const lines = wrapText(value, font, size, options.width ?? WIDTH);
		const leading = size * 1.3;
		for (const line of lines) {
			this.need(leading);
			this.y -= size;
			this.page.drawText(line, {
				x: options.x ?? MARGIN,
				y: this.y,
				size,
				font,
				color: options.color ?? ink
			});
			this.y -= leading - size;
		}
		return lines.length * leading;
	}

	private drawQr(): void {
		const cell = QR_SIZE / this.qr.size;
		const left = A4[0] - MARGIN - QR_SIZE;
		const top = A4[1] - MARGIN;
		for (let row = 0; row < this.qr.size; row++) {
			for (let column = 0; column < this.qr.size; column++) {
				if (!this.qr.dark(row, column)) continue;
				this.page.drawRectangle({
					x: left + column * cell,
					y: top - (row + 1) * cell,
					width: cell,
					height: cell,
					color: rgb(0, 0, 0)
				});
			}
		}
		const caption = wrapText(this.view.labels.verify, this.fonts.regular, 6.5, QR_SIZE + 24);
		caption.forEach((line, index) =>
			this.page.drawText(line, {
				x: left - 12,
				y: top - QR_SIZE - 8 - index * 8,
				size: 6.5,
				font: this.fonts.regular,
				color: grey
			})
		);
	}

	line(): void {
		this.page.drawLine({
			start: { x: MARGIN, y: this.y },
			end: { x: MARGIN + WIDTH, y: this.y },
			thickness: 0.5,
			color: rule
		});
	}
}

/** Side by side blocks (parties, signatures): each drawn from the same top, the tallest moves the page down. */
function columns(sheet: Sheet, count: number, draw: (index: number, x: number, width: number) => void): void {
	const gap = 16;
	const width = (WIDTH - gap * (count - 1)) / count;
	const top = sheet.y;
	let bottom = top;
	for (let index = 0; index < count; index++) {
		sheet.y = top;
		draw(index, MARGIN + index * (width + gap), width);
		bottom = Math.min(bottom, sheet.y);
	}
	sheet.y = bottom;
}

function columnWidths(view: DocumentView, fonts: Fonts, size: number): number[] {
	const natural = view.columns.map(
		(column, index) =>
			Math.max(
				fonts.bold.widthOfTextAtSize(winAnsi(column.label), size),
				...view.rows.map((row) => fonts.regular.widthOfTextAtSize(winAnsi(row[index] ?? ''), size))
			) +
			2 * CELL_PAD
	);
	const fixed = natural.reduce((sum, width, index) => (view.columns[index].grow ? sum : sum + width), 0);
	const growing = view.columns.filter((column) => column.grow).length || 1;
	const room = Math.max(80, WIDTH - fixed) / growing;
	return natural.map((width, index) => (view.columns[index].grow ? room : width));
}

function table(sheet: Sheet, view: DocumentView): void {
	const size = 9.5;
	const widths = columnWidths(view, sheet.fonts, size);
	const drawRow = (cells: string[], font: PDFFont, isHeader: boolean) => {
		const wrapped = cells.map((cell, index) => wrapText(cell, font, size, widths[index] - 2 * CELL_PAD));
		const height = Math.max(...wrapped.map((lines) => lines.length)) * size * 1.3 + 2 * CELL_PAD;
		if (sheet.y - height < FOOT) {
			sheet.newPage();
			// A table carried over to a new page starts there with its header again.
			if (!isHeader) drawRow(header, sheet.fonts.bold, true);
		}
		let x = MARGIN;
		wrapped.forEach((lines, index) => {
			lines.forEach((text, row) => {
				const textWidth = font.widthOfTextAtSize(text, size);
				const left =
					view.columns[index].align === 'end' ? x + widths[index] - CELL_PAD - textWidth : x + CELL_PAD;
				sheet.page.drawText(text, {
					x: left,
					y: sheet.y - CELL_PAD - size - row * size * 1.3,
					size,
					font,
					color: ink
				});
			});
			x += widths[index];
		});
		sheet.y -= height;
		sheet.line();
	};
	const header = view.columns.map((column) => column.label);
	drawRow(header, sheet.fonts.bold, true);
	for (const row of view.rows) drawRow(row, sheet.fonts.regular, false);
}

/** The document's PDF bytes (they start with `%PDF`); `verifyUrl` is what its QR code opens. */
export async function documentPdf(view: DocumentView, verifyUrl: string): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(winAnsi(`${view.title} ${view.number}`));
	pdf.setProducer('Lapak');
	pdf.setCreator('Lapak');
	const fonts: Fonts = {
		regular: await pdf.embedFont(StandardFonts.Helvetica),
		bold: await pdf.embedFont(StandardFonts.HelveticaBold),
		italic: await pdf.embedFont(StandardFonts.HelveticaOblique)
	};
	const sheet = new Sheet(pdf, fonts, view, qrMatrix(verifyUrl));

	columns(sheet, view.parties.length, (index, x, width) => {
		const party = view.parties[index];
		sheet.text(party.role, { size: 8.5, x, width, color: grey });
		sheet.text(party.name, { size: 10.5, font: fonts.bold, x, width });
		for (const line of party.lines) sheet.text(line, { size: 9, x, width });
	});
	sheet.y -= 14;

	table(sheet, view);
	sheet.y -= 8;

	for (const total of view.totals) {
		const font = total.strong ? fonts.bold : fonts.regular;
		const size = total.strong ? 11 : 10;
		sheet.need(size * 1.5);
		sheet.y -= size;
		const value = winAnsi(total.value);
		sheet.page.drawText(winAnsi(total.label), {
			x: MARGIN + WIDTH * 0.45,
			y: sheet.y,
			size,
			font,
			color: ink
		});
		sheet.page.drawText(value, {
			x: MARGIN + WIDTH - CELL_PAD - font.widthOfTextAtSize(value, size),
			y: sheet.y,
			size,
			font,
			color: ink
		});
		sheet.y -= size * 0.5;
	}
	sheet.y -= 8;
	sheet.text(`${view.labels.amountInWords}: ${view.amountInWords}`, { size: 10, font: fonts.italic });
	sheet.y -= 10;

	if (view.notes.length) {
		sheet.text(view.labels.notes, { size: 10, font: fonts.bold });
		for (const note of view.notes) sheet.text(`- ${note}`, { size: 9.5 });
		sheet.y -= 10;
	}

	// A signature box is never cut from its name: room for the whole row, or a new page.
	sheet.need(110);
	columns(sheet, Math.max(2, view.signatures.length), (index, x, width) => {
		const signature = view.signatures[index];
		if (!signature) return;
		sheet.text(signature.role, { size: 9.5, x, width });
		sheet.y -= 52;
		sheet.page.drawLine({
			start: { x, y: sheet.y },
			end: { x: x + width * 0.8, y: sheet.y },
			thickness: 0.5,
			color: ink
		});
		sheet.y -= 4;
		sheet.text(signature.name, { size: 10, font: fonts.bold, x, width });
		sheet.text(signature.position, { size: 9, x, width, color: grey });
	});

	const total = sheet.pages.length;
	sheet.pages.forEach((page, index) => {
		const label = winAnsi(fillTemplate(view.labels.page, { page: index + 1, pages: total }));
		page.drawText(label, {
			x: MARGIN + WIDTH - fonts.regular.widthOfTextAtSize(label, 8.5),
			y: MARGIN - 6,
			size: 8.5,
			font: fonts.regular,
			color: grey
		});
		page.drawText(winAnsi(`${view.title} ${view.number}`), {
			x: MARGIN,
			y: MARGIN - 6,
			size: 8.5,
			font: fonts.regular,
			color: grey
		});
	});
	return pdf.save();
}
