import type { Account, LoginReason } from '$lib/domain/auth';
import { loadMessages } from './i18n.svelte';
import type { SyncState } from './sync/engine';

// This module is on the first screen's critical path, so it imports no Dexie and no sync engine: those
// live in ./runtime, loaded once there is (or may be) an account on this phone (see `loadRuntime`).

/** The IndexedDB database of ./sync/db (named here so the first screen can look for it without Dexie). */
const DATABASE_NAME = 'lapak';

/**
 * What the status bar shows: the engine's state, whether the phone thinks it is online, and, when the PIN
 * is needed again (`problem: 'session_expired'`), why (the device credential's refusal).
 */
export const syncState: SyncState & { online: boolean; loginReason: LoginReason } = $state({
	syncing: false,
	problem: null,
	upload: null,
	online: typeof navigator === 'undefined' ? true : navigator.onLine,
	loginReason: 'unknown'
});

/** The logged-in account as the phone remembers it (it works offline), and the business in use. */
export const session: { ready: boolean; account: Account | null; spaceId: string | null } = $state({
	ready: false,
	account: null,
	spaceId: null
});

/** The phone's database and sync engine, loaded once: when a seller is (or logs) in, not for a first visit. */
export function loadRuntime(): Promise<typeof import('./runtime')> {
	return import('./runtime');
}

/**
 * Whether this browser may hold a remembered account: false only when it can tell that Lapak's database was
 * never made here (a first visit), so the first screen opens without Dexie. Browsers that cannot list their
 * databases are asked the long way.
 */
async function mayRememberAccount(): Promise<boolean> {
	try {
		const databases = await indexedDB.databases?.();
		return databases ? databases.some((database) => database.name === DATABASE_NAME) : true;
	} catch {
		return true;
	}
}

/** Reads the remembered account from IndexedDB; the app works from it with no network. */
export async function loadSession(): Promise<void> {
	if (await mayRememberAccount()) {
		// A returning phone shows a logged-in screen next: its words load beside the database.
		void loadMessages().catch(() => undefined);
		const runtime = await loadRuntime();
		const { account, spaceId } = await runtime.rememberedAccount();
		session.account = account;
		session.spaceId = spaceId;
	}
	session.ready = true;
}
