import type { Workbox } from 'workbox-window';

/** Whether a new version of the app is installed and waiting for the person to reload. */
export const pwa = $state({ updateWaiting: false });

let workbox: Workbox | undefined;

/** Registers the service worker (built by @vite-pwa/sveltekit) and watches for a waiting update. */
export async function registerServiceWorker(): Promise<void> {
	if (!('serviceWorker' in navigator) || workbox) return;
	// Loaded after the first screen: nothing on it needs the service worker library.
	const { Workbox } = await import('workbox-window');
	workbox = new Workbox('/service-worker.js', { scope: '/' });
	workbox.addEventListener('waiting', () => (pwa.updateWaiting = true));
	void workbox.register();
}

/** Activates the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
	if (!workbox) return;
	workbox.addEventListener('controlling', () => location.reload());
	workbox.messageSkipWaiting();
}
