import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { RETURNING_SCRIPT } from './src/routes/app/first-paint-script.js';

/** The policy allows the one inline script of the /app layout's <head> (its first paint) by its hash. */
const firstPaintScriptHash = /** @type {const} */ (
	`sha256-${createHash('sha256').update(RETURNING_SCRIPT).digest('base64')}`
);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// The service worker is built by @vite-pwa/sveltekit (injectManifest) and registered
		// by workbox-window in $lib/client/pwa.ts, so SvelteKit must not register it itself.
		serviceWorker: { register: false },
		// Absolute asset paths: the service worker answers every /app/… address (/app/produk/123 too) with
		// the one prerendered shell (/app/buka), whose scripts must then not resolve relative to that address.
		paths: { relative: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// wasm-unsafe-eval: the barcode scanner's ZXing WebAssembly (compiled from the app's own .wasm file)
				'script-src': ['self', 'wasm-unsafe-eval', firstPaintScriptHash],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'blob:', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
