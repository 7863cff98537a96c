import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The hashes of the inline scripts of src/app.html (the first paint's check for a remembered account), so
 * the hash-based policy allows exactly them and no other inline script.
 * @returns {`sha256-${string}`[]}
 */
function appTemplateScriptHashes() {
	const template = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
	return [...template.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
		([, script]) => `sha256-${createHash('sha256').update(script).digest('base64')}`
	);
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The prerendered /app and /app/masuk carry their few styles in the page: their first paint waits
		// for no stylesheet request on a slow network.
		inlineStyleThreshold: 8 * 1024,
		adapter: adapter({ out: 'build', precompress: true }),
		// The service worker is built by @vite-pwa/sveltekit (injectManifest) and registered
		// by workbox-window in $lib/client/pwa.ts, so SvelteKit must not register it itself.
		serviceWorker: { register: false },
		// Absolute asset paths: the service worker answers every /app/… address (/app/produk/123 too) with
		// the one prerendered /app shell, whose scripts must then not resolve relative to that address.
		paths: { relative: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				// wasm-unsafe-eval: the barcode scanner's ZXing WebAssembly (compiled from the app's own .wasm file)
				'script-src': ['self', 'wasm-unsafe-eval', ...appTemplateScriptHashes()],
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
