/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The app shell, its scripts, styles and icons (injected at build time by @vite-pwa/sveltekit).
// Nothing under /api is precached or routed here: API calls always go to the network.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page of the seller app is the same client-rendered shell (prerendered at /app), so any
// /app/… address opens from the cache with no network; the router then draws the page from IndexedDB.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/app'), { allowlist: [/^\/app(\/|$)/] }));

// A new version waits until the person taps "Muat ulang" (workbox-window sends SKIP_WAITING), so a
// half-filled form is never reloaded under their fingers.
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes over the open page at once, so the lazily loaded screens of a session that
// started online still open after the signal drops.
clientsClaim();
