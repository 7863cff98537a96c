import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { playwright } from '@vitest/browser-playwright';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { FIRST_SCREEN_SECTIONS, SERVER_SECTIONS } from './src/lib/i18n/sections.js';

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

type ManifestChunk = {
	file: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
};

/**
 * The built files only the pages drawn on the server load (the portal, the shop pages, the receipt page:
 * every route outside src/routes/app, none of them with `csr`): the phone's service worker has no use
 * for them, nor for the whole message file their scripts carry. Known from Vite's manifest of the client
 * build: what the entry reaches without passing through such a page's node.
 */
function serverPagesOnly(): Set<string> {
	const manifest: Record<string, ManifestChunk> = JSON.parse(
		readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')
	);
	const serverPageNode = (key: string) => {
		if (!/client-optimized\/nodes\/\d+\.js$/.test(key) || !existsSync(key)) return false;
		const source = readFileSync(key, 'utf8');
		return /src\/routes\//.test(source) && !/src\/routes\/app\//.test(source);
	};
	const reached = new Set<string>();
	const queue = Object.keys(manifest).filter((key) => manifest[key].isEntry);
	while (queue.length) {
		const key = queue.pop()!;
		if (reached.has(key) || !manifest[key] || serverPageNode(key)) continue;
		reached.add(key);
		queue.push(...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? []));
	}
	const files = (keys: string[]) => keys.flatMap((key) => [manifest[key].file, ...(manifest[key].css ?? [])]);
	const needed = new Set(files([...reached]));
	const unused = files(Object.keys(manifest).filter((key) => !reached.has(key)));
	return new Set(unused.filter((file) => !needed.has(file)).map((file) => `client/${file}`));
}

/**
 * The precache entries, their addresses as @vite-pwa/sveltekit's own transform makes them (which it uses
 * only when none is given): `client/x` → `x`, `prerendered/pages/app/masuk.html` → `app/masuk`.
 */
const precacheEntries = async <E extends { url: string }>(entries: E[]) => {
	const serverOnly = serverPagesOnly();
	return {
		manifest: entries
			.filter(
				(entry) =>
					entry.url !== 'prerendered/fallback.html' && !serverOnly.has(entry.url) && !notPrecached(entry.url)
			)
			.map((entry) => {
				let url = entry.url.replace(/^client\/|^prerendered\/(?:dependencies|pages)\//, '');
				if (url.endsWith('.html')) url = url === 'index.html' ? '/' : url.replace(/(?:\/index)?\.html$/, '');
				return { ...entry, url };
			})
	};
};

/**
 * The phone's words, made from id.json / en.json themselves at build time (src/lib/i18n/sections.js):
 * `…/id.json?first-screen` holds only the first screens' sections, the few a first visit loads;
 * `…/id.json?phone` every other section but the server's own, so a section someone adds reaches the
 * phone with no list to update. Each is a module of its own, apart from the whole file (which the pages
 * drawn on the server use), so a first visit carries none of the rest.
 */
function phoneMessages(): Plugin {
	const parts: Record<string, (section: string) => boolean> = {
		'first-screen': (section) => FIRST_SCREEN_SECTIONS.includes(section),
		phone: (section) => !FIRST_SCREEN_SECTIONS.includes(section) && !SERVER_SECTIONS.includes(section)
	};
	return {
		name: 'lapak:phone-messages',
		enforce: 'pre',
		load(id) {
			const [file, query] = id.split('?');
			const keep = Object.hasOwn(parts, query ?? '') ? parts[query] : undefined;
			if (!keep || !file.endsWith('.json')) return;
			this.addWatchFile(file);
			const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
			const part = Object.fromEntries(Object.entries(messages).filter(([section]) => keep(section)));
			// As an object in code, which the minifier writes shorter than JSON (the precache has 1 MB).
			const code = `export default ${JSON.stringify(part)};`;
			// The English words (few phones use them) are kept by the worker once fetched, not precached.
			const english = query === 'phone' && path.basename(file) === 'en.json';
			return english ? `${code}\nexport const RUNTIME_CACHED = 'lapak:runtime-cached';` : code;
		}
	};
}

export default defineConfig({
	plugins: [
		phoneMessages(),
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
