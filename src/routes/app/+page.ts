// /app is prerendered with its first paint drawn on the server (the layout's log-in form, or "opening"
// for a phone that remembers an account), then hydrated: a first visit sees the form before any script
// runs. Every other /app/… address opens offline from the client-rendered /app/buka shell instead
// (service-worker.ts), as a hydrated page can only take over the address it was drawn for.
export const ssr = true;
