import { RETURNING_KEY } from './first-paint-script.js';

// The prerendered /app carries the log-in form, painted before any script runs; a phone that remembers an
// account must not see it flash before Beranda. The session itself is in IndexedDB (asynchronous), so the
// layout keeps a synchronous mark beside it, read before the first paint by ./first-paint-script.js.

/** Marks (or unmarks) this phone as one that remembers an account, for the next first paint. */
export function rememberReturning(returning: boolean): void {
	try {
		if (returning) localStorage.setItem(RETURNING_KEY, '1');
		else localStorage.removeItem(RETURNING_KEY);
	} catch {
		// No storage (private mode): the next visit paints the form and the layout replaces it.
	}
}
