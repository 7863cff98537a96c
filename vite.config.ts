import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { playwright } from '@vitest/browser-playwright';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether a built file is left out of the precache: the chunks of modules that export the marker
 * `RUNTIME_CACHED` (the barcode scanner's ZXing polyfill, the receipt printer's ESC/POS encoder), loaded
 * only when a seller scans or prints. The precache budget is 1 MB; the worker keeps them once fetched
 * (service-worker.ts). SvelteKit names chunks by hash alone (and builds the client with a config of its
 * own), so a chunk is known by what is in it.
 */
function notPrecached(url: string): boolean {
	if (!url.endsWith('.js') || !url.startsWith('client/_app/immutable/')) return false;
	return readFileSync(path.join('.svelte-kit/output', url), 'utf8').includes('lapak:runtime-cached');
}

/**
 * The precache entries, their addresses as @vite-pwa/sveltekit's own transform makes them (which it uses
 * only when none is given): `client/x` → `x`, `prerendered/pages/app/masuk.html` → `app/masuk`.
 */
const precacheEntries = async <E extends { url: string }>(entries: E[]) => ({
	manifest: entries
		.filter((entry) => entry.url !== 'prerendered/fallback.html' && !notPrecached(entry.url))
		.map((entry) => {
			let url = entry.url.replace(/^client\/|^prerendered\/(?:dependencies|pages)\//, '');
			if (url.endsWith('.html')) url = url === 'index.html' ? '/' : url.replace(/(?:\/index)?\.html$/, '');
			return { ...entry, url };
		})
});

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			registerType: 'prompt',
			injectRegister: false,
			manifestFilename: 'manifest.webmanifest',
			manifest: {
				name: 'Lapak',
				short_name: 'Lapak',
				description: 'Catat produk, pesanan, dan ajukan pembiayaan usaha — tetap jalan tanpa sinyal.',
				lang: 'id',
				start_url: '/app',
				scope: '/',
				display: 'standalone',
				orientation: 'portrait',
				theme_color: '#0f766e',
				background_color: '#ffffff',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			injectManifest: {
				// The provinces, regencies and districts (130 KB, 46 KB gzip) come with the app so a facilitator
				// can pick them offline from the first install; the villages (2.7 MB) are fetched per regency.
				manifestTransforms: [precacheEntries],
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,webmanifest}',
					'client/regions/regions.json',
					'prerendered/**/*.{html,json}'
				],
				// A big library loaded only behind a button (pdf-lib for the report's PDF, 520 KB) is left out
				// of the install: the worker keeps it at first use instead (see service-worker.ts).
				maximumFileSizeToCacheInBytes: 300 * 1024
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					exclude: ['src/**/*.browser.test.ts'],
					environment: 'node'
				}
			},
			{
				// Code that needs a real canvas or other browser APIs runs in Chromium.
				extends: true,
				test: {
					name: 'browser',
					include: ['src/**/*.browser.test.ts'],
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({
							launchOptions: {
								executablePath: existsSync(chromiumPath) ? chromiumPath : undefined,
								args: [
									...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
									'--disable-background-networking',
									'--disable-component-update',
									'--disable-sync',
									'--no-first-run'
								]
							}
						}),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
