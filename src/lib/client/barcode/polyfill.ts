// The ZXing (WebAssembly) BarcodeDetector for browsers without their own (Firefox, Safari, desktop
// Chromium on Linux): loaded only when a scan starts. Its .wasm (1 MB) is the app's own file, built into
// _app/immutable by Vite: the Content-Security-Policy lets nothing load from elsewhere (the package's
// default is a CDN), and scanning keeps working where jsDelivr is slow or blocked. It is not precached
// (the service worker's budget is 1 MB); the worker keeps it once fetched (service-worker.ts), so a phone
// that has scanned once with a signal scans offline too.
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
	overrides: {
		locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path)
	}
});

export { BarcodeDetector, wasmUrl };

/** Marks this module's chunk as kept by the service worker once fetched, not precached (vite.config.ts). */
export const RUNTIME_CACHED = 'lapak:runtime-cached';
