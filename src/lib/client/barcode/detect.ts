/** What a scan looks for: the retail codes on packs, and QR codes. */
export const SCAN_FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'qr_code'] as const;

/** The part of the Barcode Detection API a scan uses, whichever implementation gives it. */
export interface Detector {
	detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

interface DetectorClass {
	new (options: { formats: string[] }): Detector;
	getSupportedFormats(): Promise<readonly string[]>;
}

let detector: Promise<Detector> | null = null;

/**
 * The browser's own `BarcodeDetector` when it has one that reads EAN-13 (Chromium on Android), else the
 * ZXing polyfill, loaded now. `forcePolyfill` is for the test of the polyfill path.
 */
export function barcodeDetector(forcePolyfill = false): Promise<Detector> {
	if (forcePolyfill) return polyfillDetector();
	detector ??= (async () => {
		const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
		if (native) {
			try {
				const supported = await native.getSupportedFormats();
				const formats = SCAN_FORMATS.filter((format) => supported.includes(format));
				if (formats.includes('ean_13')) return new native({ formats });
			} catch {
				// a detector that cannot tell what it reads: use the polyfill
			}
		}
		return polyfillDetector();
	})().catch((error) => {
		detector = null;
		throw error;
	});
	return detector;
}

async function polyfillDetector(): Promise<Detector> {
	// The whole module, its RUNTIME_CACHED marker included (a destructured import would drop it).
	const polyfill = await import('./polyfill');
	return new polyfill.BarcodeDetector({ formats: [...SCAN_FORMATS] });
}

/** The first code read in a picture (a video frame, a photo), trimmed; null when none is read. */
export async function readBarcode(detector: Detector, source: ImageBitmapSource): Promise<string | null> {
	const found = await detector.detect(source);
	const value = found.find((code) => code.rawValue.trim())?.rawValue.trim();
	return value ?? null;
}
