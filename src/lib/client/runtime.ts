import type { Account, LoginRequest, RegisterRequest } from '$lib/domain/auth';
import type { ActivateRequest } from '$lib/domain/seller';
import { normalizePhone } from '$lib/domain/phone';
import Dexie, { liveQuery } from 'dexie';
import { callApi, setSessionRenewer } from './api';
import { CredentialRenewer } from './device-credential';
import { db } from './sync/db';
import { refreshLendersQuietly } from './lenders';
import { getClientId, getMeta, setMeta } from './meta';
import { OtherAccountPending } from './other-account';
import { session, syncState } from './session.svelte';
import { SyncEngine } from './sync/engine';
import { syncedTables } from './sync/entities';
import { forgetOldDrafts } from './sync/drafts';
import { onLocalChange } from './sync/outbox';

export { db, Dexie, liveQuery, OtherAccountPending };

/** Listeners for "a new session cookie is in place" (the event stream reconnects). */
const renewedListeners = new Set<() => void>();

const renewer = new CredentialRenewer(db, {
	onRefused: (reason) => (syncState.loginReason = reason),
	onRenewed: () => renewedListeners.forEach((listener) => listener())
});
const renewSession = () => renewer.renew();
setSessionRenewer(renewSession);

export const sync = new SyncEngine(db, {
	renewSession,
	onState: (state) => Object.assign(syncState, state),
	onAccount: (account, spaceId) => {
		session.account = account;
		session.spaceId = spaceId;
	}
});

// Every change saved on the phone asks for a sync round (many in a row make one).
onLocalChange(() => sync.schedule());

// Photos picked in a form that was then abandoned (never saved) are forgotten after a day.
void forgetOldDrafts(db).catch((error: unknown) => console.error(error));

/** Makes another shop the one the screens show (a facilitator works on many sellers' shops). */
export async function switchSpace(spaceId: string): Promise<void> {
	await setMeta(db, 'currentSpaceId', spaceId);
	session.spaceId = spaceId;
}

export async function rememberedAccount(): Promise<{ account: Account | null; spaceId: string | null }> {
	const [account, spaceId] = await Promise.all([getMeta(db, 'account'), getMeta(db, 'currentSpaceId')]);
	return { account: account ?? null, spaceId: spaceId ?? account?.spaces[0]?.id ?? null };
}

/**
 * What login, register and activation answer: the account, this install's code for order numbers, and
 * its device credential (which renews the session without the PIN).
 */
type LoginAnswer = Account & { deviceCode?: string; credential?: string };

export async function login(input: LoginRequest): Promise<void> {
	await guardOtherAccount(input.phone);
	const clientId = await getClientId(db);
	await remember(await callApi<LoginAnswer>('/api/auth/login', { ...input, clientId }), clientId);
}

export async function register(input: RegisterRequest): Promise<void> {
	await guardOtherAccount(input.phone);
	const clientId = await getClientId(db);
	await remember(await callApi<LoginAnswer>('/api/auth/register', { ...input, clientId }), clientId);
}

/**
 * A seller signed up by a facilitator takes over their shop: phone + the code the facilitator gave them,
 * and a PIN of their own. Answers like login; the shop's records then come down with the first pull.
 */
export async function activate(input: ActivateRequest): Promise<void> {
	await guardOtherAccount(input.phone);
	const clientId = await getClientId(db);
	await remember(await callApi<LoginAnswer>('/api/auth/activate', { ...input, clientId }), clientId);
}

/** Asks the server for this install's order-number code when the phone has none yet. */
export async function ensureDeviceCode(): Promise<void> {
	if (await getMeta(db, 'deviceCode')) return;
	const clientId = await getClientId(db);
	const answer = await callApi<LoginAnswer>(`/api/me?clientId=${clientId}`).catch(() => undefined);
	if (answer?.deviceCode) await setMeta(db, 'deviceCode', answer.deviceCode);
}

/**
 * Asks for a device credential when the phone is logged in without one (an account switched on this phone,
 * or a login made before credentials existed), so a lost cookie never needs the PIN.
 */
export async function ensureDeviceCredential(): Promise<void> {
	const stored = await getMeta(db, 'deviceCredential');
	if ((stored && !stored.refused) || !(await getMeta(db, 'account'))) return;
	const clientId = await getClientId(db);
	const answer = await callApi<{ credential?: string }>('/api/auth/credential', { clientId }).catch(
		() => undefined
	);
	if (answer?.credential) await setMeta(db, 'deviceCredential', { clientId, secret: answer.credential });
}

/** Logs out on the server (when it can be reached) and forgets this account's data on the phone. */
export async function logout(): Promise<void> {
	const pending = await db.outbox.count();
	if (pending > 0) throw new OtherAccountPending(pending);
	// The credential goes with the request: the server revokes it even if this browser lost its cookie.
	const credential = await getMeta(db, 'deviceCredential');
	const named = credential ? { clientId: credential.clientId, credential: credential.secret } : {};
	await callApi('/api/auth/logout', named).catch(() => undefined);
	await forgetLocalData();
	session.account = null;
	session.spaceId = null;
	sync.stop();
}

async function guardOtherAccount(phone: string): Promise<void> {
	const previous = await getMeta(db, 'account');
	if (!previous || previous.user.phone === normalizePhone(phone)) return;
	const pending = await db.outbox.count();
	if (pending > 0) throw new OtherAccountPending(pending);
}

async function remember(
	{ deviceCode, credential, ...account }: LoginAnswer,
	clientId: string
): Promise<void> {
	const previous = await getMeta(db, 'account');
	if (previous && previous.user.id !== account.user.id) await forgetLocalData();
	const spaceId = account.spaces[0]?.id ?? null;
	await db.transaction('rw', db.meta, async () => {
		await setMeta(db, 'account', account);
		if (spaceId) await setMeta(db, 'currentSpaceId', spaceId);
		if (deviceCode) await setMeta(db, 'deviceCode', deviceCode);
		// Bound to the install id it was sent with, even if that id was forgotten above (another account's).
		if (credential) await setMeta(db, 'deviceCredential', { clientId, secret: credential });
		else await db.meta.delete('deviceCredential');
	});
	syncState.loginReason = 'unknown';
	// The lenders the KUR form offers, while the signal that carried the login is surely there: a
	// facilitator who logs in at the office and fills forms in a village without signal has them.
	await refreshLendersQuietly(db);
	session.account = account;
	session.spaceId = spaceId;
	sync.resume();
	// Logging in as another account made this phone a new device: it needs its own order-number code,
	// and its own device credential (the server gives none for an install of another account).
	if (!deviceCode) void ensureDeviceCode();
	if (!credential) void ensureDeviceCredential();
}

/** Clears one account's records from the phone; the next account starts as a fresh device. */
async function forgetLocalData(): Promise<void> {
	const tables = [
		...syncedTables(db),
		db.photos,
		db.trash,
		db.documents,
		db.cursors,
		db.rejections,
		db.outbox
	];
	await db.transaction('rw', [...tables, db.meta], async () => {
		await Promise.all(tables.map((table) => table.clear()));
		await db.meta.bulkDelete([
			'account',
			'currentSpaceId',
			'lastSyncAt',
			'clientId',
			'financingTyping',
			'deviceCredential'
		]);
		await setMeta(db, 'nextMutationId', 1);
	});
}

/**
 * Wires the sync triggers of DESIGN.md §3: start, `online`, returning to the app, and pokes from the
 * server. Returns a function that removes them.
 */
export function startSyncTriggers(): () => void {
	let events: EventSource | undefined;
	const openEvents = () => {
		if (events || !navigator.onLine) return;
		const stream = (events = new EventSource('/api/sync/events'));
		events.addEventListener('poke', () => sync.schedule(0));
		// Refused (a 401 before the session was renewed): the browser gives up on it; it is opened again
		// once a renewed session cookie is in place.
		events.addEventListener('error', () => {
			if (stream.readyState === EventSource.CLOSED && events === stream) events = undefined;
		});
		// The stream reconnects by itself; a fresh connection may have missed pokes, so sync once.
		events.addEventListener('open', () => sync.schedule(0));
	};
	const onOnline = () => {
		syncState.online = true;
		sync.schedule(0);
		openEvents();
		void ensureDeviceCode();
		void ensureDeviceCredential();
		void refreshLendersQuietly(db);
	};
	const onOffline = () => {
		syncState.online = false;
		syncState.problem = 'offline';
		events?.close();
		events = undefined;
	};
	const onVisible = () => {
		if (document.visibilityState === 'visible') sync.schedule(0);
	};
	renewedListeners.add(openEvents);
	addEventListener('online', onOnline);
	addEventListener('offline', onOffline);
	document.addEventListener('visibilitychange', onVisible);
	if (navigator.onLine) onOnline();
	else onOffline();
	return () => {
		renewedListeners.delete(openEvents);
		removeEventListener('online', onOnline);
		removeEventListener('offline', onOffline);
		document.removeEventListener('visibilitychange', onVisible);
		events?.close();
		sync.stop();
	};
}

/** Asks the browser once to keep IndexedDB even when the phone runs short of space. */
export async function askPersistentStorage(): Promise<void> {
	if (await getMeta(db, 'persistAsked')) return;
	await setMeta(db, 'persistAsked', true);
	await navigator.storage?.persist?.().catch(() => false);
}
