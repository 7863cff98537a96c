// The client-rendered shell the service worker answers every /app/… address with offline
// (service-worker.ts); the router then draws the address's own screen from IndexedDB.
export const ssr = false;
