import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { slugify, type Account, type SpaceRef, type User } from '$lib/domain/auth';
import { ApiFailure } from './api';
import { isUniqueViolation } from './db';
import type { Database } from './db/schema';
import { clearLoginFailures, isLoginLocked, loginLimitKeys, recordLoginFailure } from './login-limits';
import { dummyPinHash, hashPin, verifyPin } from './password';

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
	userId: string
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
			expires_at: expiresAt.toISOString()
		})
		.execute();
	return { token, expiresAt };
}

/** The session of a cookie token, or null; an expired session is deleted. */
export async function validateSession(db: Kysely<Database>, token: string): Promise<Session | null> {
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['sessions.expires_at', 'users.id', 'users.name', 'users.phone', 'users.role'])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	let expiresAt = new Date(row.expires_at);
	if (expiresAt.getTime() <= now) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	let renewed = false;
	if (expiresAt.getTime() - now < RENEW_WITHIN_MS) {
		expiresAt = new Date(now + SESSION_TTL_MS);
		await db
			.updateTable('sessions')
			.set({ expires_at: expiresAt.toISOString() })
			.where('id', '=', id)
			.execute();
		renewed = true;
	}
	return { id, user: { id: row.id, name: row.name, phone: row.phone, role: row.role }, expiresAt, renewed };
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
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

async function freeSlug(db: Kysely<Database>, base: string): Promise<string> {
	// Slugs are [a-z0-9-] only, so `base` holds no LIKE wildcards.
	const rows = await db
		.selectFrom('spaces')
		.select('slug')
		.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
		.execute();
	const taken = new Set(rows.map((row) => row.slug));
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function phoneTaken(db: Kysely<Database>, phone: string): Promise<boolean> {
	return !!(await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst());
}

/** Creates a seller, their space (with a free shop slug) and the owner membership, all or nothing. */
export async function registerSeller(
	db: Kysely<Database>,
	input: { name: string; phone: string; pin: string; businessName: string }
): Promise<User> {
	if (await phoneTaken(db, input.phone)) throw new ApiFailure(409, 'phone_taken');
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
				const spaceId = randomUUID();
				const slug = await freeSlug(trx, slugify(input.businessName));
				await trx
					.insertInto('spaces')
					.values({ id: spaceId, name: input.businessName, slug, created_at: now })
					.execute();
				await trx
					.insertInto('memberships')
					.values({ space_id: spaceId, user_id: user.id, role: 'owner', created_at: now })
					.execute();
			});
			return user;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			if (await phoneTaken(db, input.phone)) throw new ApiFailure(409, 'phone_taken');
			if (attempt >= 5) throw error;
		}
	}
}

/**
 * Checks a phone and PIN, with attempt limits per phone and per address. An unknown phone and a wrong PIN
 * get the same answer after the same work. Returns the user; throws 401 `wrong_pin` or 429 `too_many_attempts`.
 */
export async function login(
	db: Kysely<Database>,
	input: { phone: string; pin: string },
	address: string
): Promise<User> {
	const keys = loginLimitKeys(input.phone, address);
	if (await isLoginLocked(db, keys)) throw new ApiFailure(429, 'too_many_attempts');
	const row = await db
		.selectFrom('users')
		.select(['id', 'name', 'phone', 'role', 'pin_hash'])
		.where('phone', '=', input.phone)
		.executeTakeFirst();
	const ok = await verifyPin(input.pin, row?.pin_hash ?? (await dummyPinHash()));
	if (!row || !ok) {
		await recordLoginFailure(db, keys);
		throw new ApiFailure(401, 'wrong_pin');
	}
	await clearLoginFailures(db, keys[0].key);
	return { id: row.id, name: row.name, phone: row.phone, role: row.role };
}
