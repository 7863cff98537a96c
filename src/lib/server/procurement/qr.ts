import QRCode from 'qrcode';

/**
 * The QR code of a document's verification link, drawn two ways from one encoding: as SVG markup for the
 * printable pages, and as a matrix of dark modules for the PDF (pdf-lib draws it as rectangles, no image
 * to embed). Level M: a creased or smudged print still scans.
 */

const OPTIONS = { errorCorrectionLevel: 'M' } as const;

export interface QrMatrix {
	/** Modules per side. */
	size: number;
	/** Whether the module in `row`, `column` is dark. */
	dark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
	const { modules } = QRCode.create(text, OPTIONS);
	return { size: modules.size, dark: (row, column) => !!modules.get(row, column) };
}

/**
 * The QR as an `<svg>` (hidden from screen readers: the page says in words what it is for), with a quiet
 * zone of two modules, black on white for any printer.
 */
export async function qrSvg(text: string): Promise<string> {
	const svg = await QRCode.toString(text, { ...OPTIONS, type: 'svg', margin: 2 });
	return svg.trim().replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}
