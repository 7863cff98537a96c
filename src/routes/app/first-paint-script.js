// Read by svelte.config.js too (which hashes RETURNING_SCRIPT for the policy), so plain JavaScript.

/** The localStorage mark of a phone that remembers an account (kept by ./first-paint.ts). */
export const RETURNING_KEY = 'lapak.returning';

/**
 * Run in <head> before the first paint of a prerendered /app page: marks <html> `returning` on a phone that
 * remembers an account, so the layout's CSS hides the log-in form drawn on the server. Allowed by its hash.
 */
export const RETURNING_SCRIPT = `try{localStorage.getItem(${JSON.stringify(RETURNING_KEY)})&&document.documentElement.classList.add('returning')}catch(e){}`;

/** RETURNING_SCRIPT as the layout writes it into <head>. */
export const RETURNING_SCRIPT_TAG = `<script>${RETURNING_SCRIPT}</script>`;
