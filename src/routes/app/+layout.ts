// The seller app is drawn in the browser from IndexedDB; the server only hands out one static shell
// (prerendered, and precached by the service worker), so every screen opens with no network.
export const ssr = false;
export const prerender = true;
