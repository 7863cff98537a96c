import type { Account, LoginReason } from '$lib/domain/auth';
import type { SyncState } from './sync/engine';

// This module is on the first screen's critical path, so it imports no Dexie and no sync engine: those
// live in ./runtime, loaded right after the first paint (see `loadRuntime`).

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

/** The phone's database and sync engine, loaded once, after the first screen has been drawn. */
export function loadRuntime(): Promise<typeof import('./runtime')> {
	return import('./runtime');
}

/** Reads the remembered account from IndexedDB; the app works from it with no network. */
export async function loadSession(): Promise<void> {
	const runtime = await loadRuntime();
	const { account, spaceId } = await runtime.rememberedAccount();
	session.account = account;
	session.spaceId = spaceId;
	session.ready = true;
}
