import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Account, SpaceRef, User } from '$lib/domain/auth';
import { ApiFailure } from './api';
import { isUniqueViolation } from './db';
import { deviceCodeFor } from './devices';
import {
	credentialOwner,
	endClientSessions,
	issueCredential,
	revokeCredential,
	touchCredential,
	useCredential
} from './device-credentials';
import type { Database } from './db/schema';
import {
	activationLimitKeys,
	attemptSucceeded,
	loginLimitKeys,
	renewLimitKeys,
	oneAtATime,
	takeAttempt
} from './login-limits';
import { dummyPinHash, hashPin, isPinSet, verifyPin } from './password';
import { createSpace } from './spaces';
import { applyActivation } from './sync/activate';
import { MutationRejected } from './sync/rejection';
import { publishPokes, SESSION_ENDED } from './sync/pokes';

export const SESSION_COOKIE = 'session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * A session used in its second half is extended to a full 30 days again, so a seller who opens the app every
 * week is never logged out (which offline would mean unsent changes waiting on a login screen).
 */
const RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

/** The database keeps only this hash of the cookie's token. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export interface Session {
	id: string;
	user: User;
	expiresAt: Date;
	/** Set when the expiry moved: the cookie must be sent again. */
	renewed: boolean;
}

export async function createSession(
	db: Kysely<Database>,
	userId: string,
	clientId: string | null = null
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const now = new Date();
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db
		.insertInto('sessions')
		.values({
			id: hashToken(token),
			user_id: userId,
			created_at: now.toISOString(),
			expires_at: expiresAt.toISOString(),
			client_id: clientId
		})
		.execute();
	return { token, expiresAt };
}

/**
 * What a stored session allows now: `expired`, `renew` (valid, and used in its second half: its expiry
 * moves and the cookie is sent again) or `valid`.
 */
export function sessionState(expiresAt: string, now = Date.now()): 'expired' | 'renew' | 'valid' {
	const expires = new Date(expiresAt).getTime();
	if (expires <= now) return 'expired';
	return expires - now < RENEW_WITHIN_MS ? 'renew' : 'valid';
}

/** The session of a cookie token, or null; an expired session is deleted. */
export async function validateSession(db: Kysely<Database>, token: string): Promise<Session | null> {
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.expires_at',
			'sessions.client_id',
			'users.id',
			'users.name',
			'users.phone',
			'users.role'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	const state = sessionState(row.expires_at, now);
	if (state === 'expired') {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = new Date(row.expires_at);
	if (state === 'renew') {
		expiresAt = new Date(now + SESSION_TTL_MS);
		await db
			.updateTable('sessions')
			.set({ expires_at: expiresAt.toISOString() })
			.where('id', '=', id)
			.execute();
		// The phone is in use: its device credential's idle time starts again too.
		if (row.client_id) await touchCredential(db, row.client_id);
	}
	const user: User = { id: row.id, name: row.name, phone: row.phone, role: row.role };
	return { id, user, expiresAt, renewed: state === 'renew' };
}

/**
 * Routes that read the session of the cookie themselves, together with what they answer, rather than in
 * the hook: a seller's poll (`/api/sync/pull`) checks the session, the client and the spaces' versions in
 * one read (sync/pull.ts `pollAnswer`), and falls back to `loadSession` when that read cannot answer.
 */
export const SESSION_READ_BY_ROUTE: ReadonlySet<string> = new Set(['/api/sync/pull']);

/**
 * Puts the user of the request's session cookie in `locals` (none: they stay null); a session in its second
 * half is renewed and its cookie sent again, the cookie of a session that is gone is cleared.
 */
export async function loadSession(
	db: Kysely<Database>,
	event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>
): Promise<void> {
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return;
	const session = await validateSession(db, token);
	if (session) {
		event.locals.user = session.user;
		event.locals.sessionId = session.id;
		if (session.renewed) setSessionCookie(event.cookies, event.url, token, session.expiresAt);
	} else {
		clearSessionCookie(event.cookies, event.url);
	}
}

/** Ends a session: its row goes, and its open event streams close, in every process (a poke). */
export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
	await publishPokes([{ space: SESSION_ENDED, member: id }]);
}

/**
 * Logout: the session ends, and the device credential of the install it was made for is revoked
 * (`logged_out`), as is the one the phone names when it matches (its cookie may have been lost), with
 * every session of that install.
 */
export async function logout(
	db: Kysely<Database>,
	locals: { sessionId: string | null; user: User | null },
	input: { clientId?: string; credential?: string }
): Promise<void> {
	if (locals.sessionId) {
		const session = await db
			.selectFrom('sessions')
			.select('client_id')
			.where('id', '=', locals.sessionId)
			.executeTakeFirst();
		if (session?.client_id && locals.user) {
			await revokeCredential(db, locals.user.id, session.client_id, 'logged_out');
		}
		await deleteSession(db, locals.sessionId);
	}
	if (input.clientId && input.credential) {
		const owner = await credentialOwner(db, { clientId: input.clientId, credential: input.credential });
		if (owner) {
			await revokeCredential(db, owner, input.clientId, 'logged_out');
			await endClientSessions(db, owner, input.clientId);
		}
	}
}

/** True while the session (by its stored id) exists and has not expired. */
export async function sessionExists(db: Kysely<Database>, id: string): Promise<boolean> {
	const row = await db.selectFrom('sessions').select('expires_at').where('id', '=', id).executeTakeFirst();
	return !!row && Date.parse(row.expires_at) > Date.now();
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: Math.max(0, Math.ceil((expiresAt.getTime() - Date.now()) / 1000))
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}

/** The user and the spaces they belong to, as /api/me, login and register answer. */
export async function loadAccount(db: Kysely<Database>, user: User): Promise<Account> {
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('spaces', 'spaces.id', 'memberships.space_id')
		.select(['spaces.id', 'spaces.name', 'spaces.slug', 'memberships.role'])
		.where('memberships.user_id', '=', user.id)
		.orderBy('memberships.created_at')
		.orderBy('spaces.id')
		.execute();
	const spaces: SpaceRef[] = rows.map((row) => ({
		id: row.id,
		name: row.name,
		slug: row.slug,
		role: row.role
	}));
	return { user, spaces };
}

/**
 * Signs a user in who has just shown who they are (login, register, activation): the request's old session
 * goes, a new one is made and its cookie set. Answers the account, with the device code and a new device
 * credential (the secret that renews the session without the PIN) when the phone named its install
 * (`clientId`) and the install is this user's.
 */
export async function signIn(
	db: Kysely<Database>,
	event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>,
	user: User,
	clientId: string | undefined
): Promise<Account & { deviceCode?: string; credential?: string }> {
	if (event.locals.sessionId) await deleteSession(db, event.locals.sessionId);
	const deviceCode = clientId ? await deviceCodeFor(db, user.id, clientId) : undefined;
	const credential = clientId ? await issueCredential(db, user.id, clientId) : undefined;
	const { token, expiresAt } = await createSession(db, user.id, credential ? clientId : null);
	setSessionCookie(event.cookies, event.url, token, expiresAt);
	return {
		...(await loadAccount(db, user)),
		...(deviceCode ? { deviceCode } : {}),
		...(credential ? { credential } : {})
	};
}

/**
 * A device credential for the install of a logged-in phone that has none; the session becomes the
 * install's (so removing the device ends it). 404 when the install is another account's, 403 when the
 * session was made for another install.
 */
export async function issueSessionCredential(
	db: Kysely<Database>,
	sessionId: string,
	user: User,
	clientId: string
): Promise<{ credential: string }> {
	// A session made for one install never mints a credential for another (a stolen cookie would
	// otherwise take a credential that outlives the session, under a name the owner does not know).
	const session = await db
		.selectFrom('sessions')
		.select('client_id')
		.where('id', '=', sessionId)
		.executeTakeFirst();
	if (session?.client_id && session.client_id !== clientId) throw new ApiFailure(403, 'forbidden');
	await deviceCodeFor(db, user.id, clientId);
	const credential = await issueCredential(db, user.id, clientId);
	if (!credential) throw new ApiFailure(404, 'not_found');
	await db.updateTable('sessions').set({ client_id: clientId }).where('id', '=', sessionId).execute();
	return { credential };
}

/**
 * Renews a phone's session from its device credential, without the PIN (`POST /api/auth/renew`): the
 * install's earlier sessions go (their cookie is lost, or about to be replaced), a new one is made and its
 * cookie set, and the credential rotates. Attempts count per install and per address like PINs do
 * (429 `too_many_attempts`); a credential that does not hold is 401 `credential_<reason>`: `invalid`, or
 * `logged_out` / `removed` / `expired` when the phone presented its own revoked credential.
 */
export async function renewSession(
	db: Kysely<Database>,
	event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>,
	input: { clientId: string; credential: string },
	address: string
): Promise<Account & { credential: string }> {
	const keys = renewLimitKeys(input.clientId, address);
	return oneAtATime(keys[0].key, async () => {
		if (!(await takeAttempt(db, keys))) throw new ApiFailure(429, 'too_many_attempts');
		const outcome = await useCredential(db, input);
		if (!outcome.ok) throw new ApiFailure(401, `credential_${outcome.reason}`);
		await attemptSucceeded(db, keys);
		const ended = await db
			.deleteFrom('sessions')
			.where('client_id', '=', input.clientId)
			.returning('id')
			.execute();
		if (event.locals.sessionId && !ended.some(({ id }) => id === event.locals.sessionId)) {
			await db.deleteFrom('sessions').where('id', '=', event.locals.sessionId).execute();
			ended.push({ id: event.locals.sessionId });
		}
		if (ended.length > 0) await publishPokes(ended.map(({ id }) => ({ space: SESSION_ENDED, member: id })));
		const { token, expiresAt } = await createSession(db, outcome.user.id, input.clientId);
		setSessionCookie(event.cookies, event.url, token, expiresAt);
		return { ...(await loadAccount(db, outcome.user)), credential: outcome.secret };
	});
}

/**
 * Null when no account has the phone; else the 409 to answer: `phone_taken`, or `phone_awaits_activation`
 * for a phone a facilitator signed up that waits for its code (the seller is sent to activate, not to log in).
 */
async function phoneTaken(db: Kysely<Database>, phone: string): Promise<ApiFailure | null> {
	const row = await db.selectFrom('users').select('pin_hash').where('phone', '=', phone).executeTakeFirst();
	if (!row) return null;
	return new ApiFailure(409, isPinSet(row.pin_hash) ? 'phone_taken' : 'phone_awaits_activation');
}

/** Creates a seller, their space (with a free shop slug) and the owner membership, all or nothing. */
export async function registerSeller(
	db: Kysely<Database>,
	input: { name: string; phone: string; pin: string; businessName: string }
): Promise<User> {
	const taken = await phoneTaken(db, input.phone);
	if (taken) throw taken;
	const pinHash = await hashPin(input.pin);
	const user: User = { id: randomUUID(), name: input.name, phone: input.phone, role: 'seller' };
	// Two sellers registering the same phone or shop name at once: the unique index decides, we try again.
	for (let attempt = 0; ; attempt++) {
		try {
			await db.transaction().execute(async (trx) => {
				const now = new Date().toISOString();
				await trx
					.insertInto('users')
					.values({ ...user, pin_hash: pinHash, created_at: now })
					.execute();
				await createSpace(trx, {
					id: randomUUID(),
					name: input.businessName,
					member: { userId: user.id, role: 'owner' },
					now,
					attempt
				});
			});
			return user;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			const takenMeanwhile = await phoneTaken(db, input.phone);
			if (takenMeanwhile) throw takenMeanwhile;
			if (attempt >= 5) throw error;
		}
	}
}

/**
 * Checks a phone and PIN, with attempt limits per phone and per address. An unknown phone, an account whose
 * PIN is not set yet (a seller not yet activated) and a wrong PIN get the same answer after the same work.
 * Returns the user; throws 401 `wrong_pin` or 429 `too_many_attempts`.
 */
export async function login(
	db: Kysely<Database>,
	input: { phone: string; pin: string },
	address: string
): Promise<User> {
	const keys = loginLimitKeys(input.phone, address);
	return oneAtATime(keys[0].key, async () => {
		if (!(await takeAttempt(db, keys))) throw new ApiFailure(429, 'too_many_attempts');
		const row = await db
			.selectFrom('users')
			.select(['id', 'name', 'phone', 'role', 'pin_hash'])
			.where('phone', '=', input.phone)
			.executeTakeFirst();
		const usable = row && isPinSet(row.pin_hash) ? row : null;
		const ok = await verifyPin(input.pin, usable?.pin_hash ?? (await dummyPinHash()));
		// Counted already, before the check (takeAttempt).
		if (!usable || !ok) throw new ApiFailure(401, 'wrong_pin');
		await attemptSucceeded(db, keys);
		return { id: usable.id, name: usable.name, phone: usable.phone, role: usable.role };
	});
}

/**
 * A seller signed up by a facilitator activates their account with the phone number and the code the
 * facilitator gave them, choosing their PIN: one transaction sets the PIN, makes them the owner of their
 * space and marks the code used (applyActivation); then the space is poked, so the facilitator's phone pulls
 * "activated". A wrong code, an unknown phone and a used code get the same 401 `wrong_code` after the same
 * work (the PIN is hashed first, always), and count towards the attempt limits (429 `too_many_attempts`);
 * the right code past its expiry is 410 `code_expired`. Returns the user, to sign in.
 */
export async function activateSeller(
	db: Kysely<Database>,
	input: { phone: string; code: string; pin: string },
	address: string
): Promise<User> {
	const keys = activationLimitKeys(input.phone, address);
	return oneAtATime(keys[0].key, async () => {
		if (!(await takeAttempt(db, keys))) throw new ApiFailure(429, 'too_many_attempts');
		const pinHash = await hashPin(input.pin);
		try {
			const now = new Date().toISOString();
			const { user, pokes } = await db
				.transaction()
				.execute((trx) => applyActivation(trx, { now }, { phone: input.phone, code: input.code, pinHash }));
			await attemptSucceeded(db, keys);
			await publishPokes(pokes);
			return user;
		} catch (error) {
			if (!(error instanceof MutationRejected)) throw error;
			// The right code, too late: not a guess (the attempt counted before the check is taken back).
			if (error.code === 'conflict') {
				await attemptSucceeded(db, keys);
				throw new ApiFailure(410, 'code_expired');
			}
			throw new ApiFailure(401, 'wrong_code');
		}
	});
}
