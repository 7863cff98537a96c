import { describe, expect, it } from 'vitest';
import { qrMatrix, qrSvg } from './qr';

const url = 'https://lapak.example/cek/AQGS8MQAAHAAgAAAAAAFIAqS1e2sRp9hYTvOlVvvw7ts';

describe('QR codes of verification links', () => {
	it('has the three finder squares of a QR code in its corners', () => {
		const qr = qrMatrix(url);
		// A link of this length needs version 3 or more at level M (29+ modules a side).
		expect(qr.size).toBeGreaterThanOrEqual(29);
		const finderAt = (top: number, left: number) => {
			for (let i = 0; i < 7; i++) {
				// the outer ring dark, the ring inside it light, the 3×3 core dark
				expect(qr.dark(top, left + i) && qr.dark(top + 6, left + i)).toBe(true);
				expect(qr.dark(top + i, left) && qr.dark(top + i, left + 6)).toBe(true);
			}
			expect(qr.dark(top + 1, left + 1)).toBe(false);
			expect(qr.dark(top + 3, left + 3)).toBe(true);
		};
		finderAt(0, 0);
		finderAt(0, qr.size - 7);
		finderAt(qr.size - 7, 0);
	});

	it('encodes the link itself: another link, another pattern', () => {
		const one = qrMatrix(url);
		const two = qrMatrix(url.replace('AQ', 'Aw'));
		const cells = (qr: typeof one) =>
			Array.from({ length: qr.size * qr.size }, (_, i) => qr.dark(Math.floor(i / qr.size), i % qr.size));
		expect(cells(one)).not.toEqual(cells(two));
	});

	it('draws the same code as SVG, hidden from screen readers, sized by its viewBox', async () => {
		const svg = await qrSvg(url);
		const size = qrMatrix(url).size + 4; // two modules of quiet zone each side
		expect(svg).toMatch(/^<svg aria-hidden="true" focusable="false" /);
		expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
		expect(svg).toMatch(/<path[^>]+stroke="#000000"/);
	});
});
