// One page per procurement id cannot be prerendered; the service worker answers it with the /app shell.
export const prerender = false;
