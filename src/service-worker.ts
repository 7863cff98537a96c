/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { REGIONS_VERSION } from './lib/domain/regions';

declare let self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The app shell, its scripts, styles and icons (injected at build time by @vite-pwa/sveltekit).
// Nothing under /api is precached, and API calls go to the network — with one exception below.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The prerendered screens (/app, /app/masuk, …) open from the precache above. Every other /app/… address
// (/app/produk/123) opens from the client-rendered shell at /app/buka, with no network; the router then
// draws the page from IndexedDB. Not /app itself: it is drawn on the server (its first paint) and hydrated,
// which only works at the address it was drawn for.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/app/buka'), { allowlist: [/^\/app(\/|$)/] }));

// Product photos are named by the SHA-256 of their bytes, so a stored copy can never be stale: keep the
// ones seen (a photo taken on another phone, say) for the catalog offline. Only successful answers are kept.
registerRoute(
	({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/api/photos/'),
	new CacheFirst({
		cacheName: 'lapak-photos',
		plugins: [
			new CacheableResponsePlugin({ statuses: [200] }),
			new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 90 * 24 * 60 * 60, purgeOnQuotaError: true })
		]
	})
);

// Built files left out of the precache (vite.config.ts: pdf-lib behind "Unduh PDF", the barcode polyfill and
// its .wasm, the receipt printer's encoder), kept once fetched so the PDF, scanning and printing then work
// offline. Their names carry their content's hash, so a kept copy is never stale.
registerRoute(
	({ url, request }) =>
		request.method === 'GET' &&
		url.origin === self.location.origin &&
		url.pathname.startsWith('/_app/immutable/'),
	new CacheFirst({
		cacheName: 'lapak-lazy',
		plugins: [
			new CacheableResponsePlugin({ statuses: [200] }),
			new ExpirationPlugin({ maxEntries: 30, purgeOnQuotaError: true })
		]
	})
);

// The villages of a regency, fetched when a facilitator picks the regency (or prepares a province for a
// trip), are kept so the village list opens in a place with no signal. The province/regency/district list
// itself is precached. Village codes must agree with that precached list, so the cache is named by the
// data's version and a new version's worker drops the old lists (it activates only once the person taps
// "Muat ulang", i.e. while online, so the lists can be fetched again).
const villagesCache = `lapak-villages-${REGIONS_VERSION}`;
registerRoute(
	({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/regions/villages/'),
	new CacheFirst({
		cacheName: villagesCache,
		plugins: [
			new CacheableResponsePlugin({ statuses: [200] }),
			// 514 regencies: room for all of them, and nothing expires by age within one version.
			new ExpirationPlugin({ maxEntries: 600, purgeOnQuotaError: true })
		]
	})
);
self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter((name) => name.startsWith('lapak-villages-') && name !== villagesCache)
						.map((name) => caches.delete(name))
				)
			)
	);
});

// A new version waits until the person taps "Muat ulang" (workbox-window sends SKIP_WAITING), so a
// half-filled form is never reloaded under their fingers.
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes over the open page at once, so the lazily loaded screens of a session that
// started online still open after the signal drops.
clientsClaim();
