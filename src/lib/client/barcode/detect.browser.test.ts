import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit } from '$lib/domain/barcode';
import { barcodeDetector, readBarcode } from './detect';

const L = [
	'0001101',
	'0011001',
	'0010011',
	'0111101',
	'0100011',
	'0110001',
	'0101111',
	'0111011',
	'0110111',
	'0001011'
];
const R = L.map((code) => [...code].map((bit) => (bit === '1' ? '0' : '1')).join(''));
const G = R.map((code) => [...code].reverse().join(''));
/** Which of the left six digits use the G code, by the first digit (which is not drawn itself). */
const PARITY = [
	'LLLLLL',
	'LLGLGG',
	'LLGGLG',
	'LLGGGL',
	'LGLLGG',
	'LGGLLG',
	'LGGGLL',
	'LGLGLG',
	'LGLGGL',
	'LGGLGL'
];

/** An EAN-13 barcode drawn as a printer would: black bars on white, with its quiet zones. */
function drawEan13(digits: string, moduleWidth = 3, height = 120): HTMLCanvasElement {
	const first = Number(digits[0]);
	let bits = '101';
	for (let i = 1; i <= 6; i++) bits += (PARITY[first][i - 1] === 'L' ? L : G)[Number(digits[i])];
	bits += '01010';
	for (let i = 7; i <= 12; i++) bits += R[Number(digits[i])];
	bits += '101';
	const quiet = 12;
	const canvas = document.createElement('canvas');
	canvas.width = (bits.length + 2 * quiet) * moduleWidth;
	canvas.height = height + 40;
	const context = canvas.getContext('2d')!;
	context.fillStyle = '#fff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	context.fillStyle = '#000';
	[...bits].forEach((bit, index) => {
		if (bit === '1') context.fillRect((quiet + index) * moduleWidth, 20, moduleWidth, height);
	});
	return canvas;
}

describe('scanning a barcode through the ZXing polyfill', () => {
	it('reads an EAN-13 drawn on a canvas, with the .wasm from the app itself', async () => {
		const code = '8992761111113';
		expect(hasValidCheckDigit(code)).toBe(true);
		const { wasmUrl } = await import('./polyfill');
		// The policy allows only the app's own origin: the polyfill's default CDN would be refused.
		expect(new URL(wasmUrl, location.href).origin).toBe(location.origin);
		const wasm = await fetch(wasmUrl);
		expect(wasm.ok).toBe(true);
		expect([...new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);

		const detector = await barcodeDetector(true);
		expect(await readBarcode(detector, drawEan13(code))).toBe(code);
	});

	it('reads nothing in a picture without a barcode', async () => {
		const blank = document.createElement('canvas');
		blank.width = 300;
		blank.height = 200;
		const context = blank.getContext('2d')!;
		context.fillStyle = '#fff';
		context.fillRect(0, 0, 300, 200);
		expect(await readBarcode(await barcodeDetector(true), blank)).toBeNull();
	});
});
