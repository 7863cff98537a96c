/**
 * The monthly profit report as a PDF, made on the phone with pdf-lib (no signal needed). Loaded only when
 * the person taps "Unduh PDF" (a dynamic import), so pdf-lib never weighs on the app's first screen.
 */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

export interface ReportPdfInput {
	title: string;
	shopName: string;
	/** The table: what each line is, and its amount already written as rupiah. */
	rows: { label: string; amount: number; text: string; strong?: boolean }[];
	/** Bars of the chart (sales, cost, expenses, profit), with their amounts. */
	bars: { label: string; amount: number }[];
	notes: string[];
	footer: string;
}

/**
 * The standard PDF fonts write only Windows-1252 (WinAnsi) characters; a shop name in another script,
 * or an emoji, would make pdf-lib throw. Those characters become "?" rather than losing the report.
 */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function winAnsi(text: string): string {
	return [...text]
		.map((char) => {
			const code = char.codePointAt(0)!;
			return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(char)
				? char
				: '?';
		})
		.join('');
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const teal = rgb(0.06, 0.46, 0.43);
const red = rgb(0.73, 0.11, 0.11);
const grey = rgb(0.34, 0.33, 0.31);

/** The report's PDF bytes (they start with `%PDF`). */
export async function reportPdf(input: ReportPdfInput): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(winAnsi(input.title));
	pdf.setProducer('Lapak');
	const regular = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	const page = pdf.addPage(A4);
	const width = A4[0] - 2 * MARGIN;
	let y = A4[1] - MARGIN;

	const write = (
		text: string,
		options: { size?: number; font?: typeof regular; x?: number; color?: ReturnType<typeof rgb> } = {}
	) => {
		page.drawText(winAnsi(text), {
			x: options.x ?? MARGIN,
			y,
			size: options.size ?? 11,
			font: options.font ?? regular,
			color: options.color ?? rgb(0.11, 0.1, 0.09)
		});
	};

	write(input.title, { size: 18, font: bold });
	y -= 22;
	write(input.shopName, { size: 12, color: grey });
	y -= 32;

	// The chart: one bar per figure from a zero line, a loss drawn to its left in red.
	const lowest = Math.min(0, ...input.bars.map((bar) => bar.amount));
	const highest = Math.max(1, ...input.bars.map((bar) => bar.amount));
	const span = highest - lowest || 1;
	const chartLeft = MARGIN + 150;
	const chartWidth = width - 150;
	const zero = chartLeft + ((0 - lowest) / span) * chartWidth;
	for (const bar of input.bars) {
		write(bar.label, { size: 10 });
		const end = chartLeft + ((bar.amount - lowest) / span) * chartWidth;
		const length = Math.abs(end - zero);
		if (length > 0) {
			page.drawRectangle({
				x: Math.min(end, zero),
				y: y - 3,
				width: Math.max(length, 1),
				height: 12,
				color: bar.amount < 0 ? red : teal
			});
		}
		y -= 20;
	}
	page.drawLine({
		start: { x: zero, y: y + 14 },
		end: { x: zero, y: y + 20 * input.bars.length + 12 },
		thickness: 0.5,
		color: grey
	});
	y -= 16;

	// The table: label on the left, amount on the right.
	for (const row of input.rows) {
		const font = row.strong ? bold : regular;
		write(row.label, { font });
		const text = winAnsi(row.text);
		write(text, {
			font,
			x: MARGIN + width - font.widthOfTextAtSize(text, 11),
			color: row.amount < 0 ? red : undefined
		});
		y -= 6;
		page.drawLine({
			start: { x: MARGIN, y },
			end: { x: MARGIN + width, y },
			thickness: 0.5,
			color: rgb(0.84, 0.83, 0.82)
		});
		y -= 16;
	}

	y -= 8;
	for (const note of input.notes) {
		for (const line of wrap(winAnsi(note), regular, 10, width)) {
			write(line, { size: 10, color: grey });
			y -= 14;
		}
		y -= 4;
	}
	y = MARGIN;
	write(input.footer, { size: 9, color: grey });
	return pdf.save();
}

/** Breaks text into lines that fit `width` at `size`. */
function wrap(
	text: string,
	font: { widthOfTextAtSize(text: string, size: number): number },
	size: number,
	width: number
): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const next = line ? `${line} ${word}` : word;
		if (font.widthOfTextAtSize(next, size) > width && line) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line) lines.push(line);
	return lines;
}
