import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEVICE_CREDENTIAL_IDLE_MS, type CredentialRevokedReason, type User } from '$lib/domain/auth';
import { deviceCode } from '$lib/domain/order';
import type { Database, DeviceCredentialsTable } from './db/schema';
import { publishPokes, SESSION_ENDED } from './sync/pokes';

/**
 * Device credentials (DESIGN.md §3 Auth): a random secret a phone keeps in IndexedDB from its login, which
 * renews its session cookie without the PIN when the cookie is lost (a browser killed before it wrote the
 * cookie to disk). Bound to the install's `clientId`; the server keeps only sha256 hashes (the secret is
 * 256 random bits, so a fast hash is enough, as for session tokens).
 */

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newCredentialSecret(): string {
	return randomBytes(32).toString('base64url');
}

export function hashCredential(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Equal hashes, compared in constant time (a hex sha256 is 32 bytes). */
function sameHash(stored: string | null, presented: string): boolean {
	if (!stored) return false;
	const a = Buffer.from(stored, 'hex');
	const b = Buffer.from(presented, 'hex');
	return a.length === 32 && b.length === 32 && timingSafeEqual(a, b);
}

type CredentialRow = Pick<
	DeviceCredentialsTable,
	'secret_hash' | 'previous_hash' | 'used_at' | 'revoked_at' | 'revoked_reason'
>;

export type CredentialCheck =
	| {
			ok: true;
			/** The hash to keep as `previous_hash` once the next secret is issued. */
			nextPrevious: string;
	  }
	| { ok: false; reason: CredentialRevokedReason | 'invalid' };

/**
 * The rotation rule. A renewal answers a new secret, and the one presented stays acceptable until the new
 * one is first used: the phone may die between receiving the new secret and storing it, and then still
 * holds a working one. So:
 * - the current secret is accepted; the next state is (new, current);
 * - the previous secret is accepted (the phone never stored the current one); the next state is
 *   (new, previous): the previous one stays usable until a secret issued after it is presented;
 * - anything else is `invalid` (an old secret once a newer one was used: a copy, or a stolen one).
 * A matching credential that was revoked answers its reason, and one idle too long `expired`, so the phone
 * can say why the PIN is needed; a secret that matches nothing never learns anything.
 */
export function checkCredential(
	row: CredentialRow | undefined,
	presentedHash: string,
	now: number
): CredentialCheck {
	if (!row) return { ok: false, reason: 'invalid' };
	const current = sameHash(row.secret_hash, presentedHash);
	const previous = sameHash(row.previous_hash, presentedHash);
	if (!current && !previous) return { ok: false, reason: 'invalid' };
	if (row.revoked_at) return { ok: false, reason: row.revoked_reason ?? 'logged_out' };
	if (now - Date.parse(row.used_at) > DEVICE_CREDENTIAL_IDLE_MS) return { ok: false, reason: 'expired' };
	return { ok: true, nextPrevious: current ? row.secret_hash : (row.previous_hash as string) };
}

/**
 * Makes the install's credential for the user who has just shown their PIN (login, register, activation):
 * a new secret replaces any earlier one (revoked or not). None when the install belongs to another user
 * (its pushes are refused anyway). Answers the secret, which only the phone keeps.
 */
export async function issueCredential(
	db: Kysely<Database>,
	userId: string,
	clientId: string
): Promise<string | undefined> {
	const client = await db
		.selectFrom('clients')
		.select('user_id')
		.where('id', '=', clientId)
		.executeTakeFirst();
	if (client?.user_id !== userId) return undefined;
	const secret = newCredentialSecret();
	const now = new Date().toISOString();
	const fresh = {
		user_id: userId,
		secret_hash: hashCredential(secret),
		previous_hash: null,
		created_at: now,
		used_at: now,
		revoked_at: null,
		revoked_reason: null
	};
	await db
		.insertInto('device_credentials')
		.values({ client_id: clientId, ...fresh })
		.onConflict((oc) => oc.column('client_id').doUpdateSet(fresh))
		.execute();
	return secret;
}

/**
 * Checks a presented credential and, when it holds, rotates it (`checkCredential`). Answers the user and
 * the next secret, or the reason it does not hold. Two renewals of one install at the same moment: the one
 * that loses the race is tried again against the new state (the secret it presented is still acceptable
 * as the previous one).
 */
export async function useCredential(
	db: Kysely<Database>,
	input: { clientId: string; credential: string }
): Promise<
	{ ok: true; user: User; secret: string } | { ok: false; reason: CredentialRevokedReason | 'invalid' }
> {
	const presented = hashCredential(input.credential);
	for (let attempt = 0; attempt < 3; attempt++) {
		const row = await db
			.selectFrom('device_credentials')
			.innerJoin('users', 'users.id', 'device_credentials.user_id')
			.select([
				'device_credentials.secret_hash',
				'device_credentials.previous_hash',
				'device_credentials.used_at',
				'device_credentials.revoked_at',
				'device_credentials.revoked_reason',
				'users.id',
				'users.name',
				'users.phone',
				'users.role'
			])
			.where('device_credentials.client_id', '=', input.clientId)
			.executeTakeFirst();
		const check = checkCredential(row, presented, Date.now());
		if (!check.ok || !row) return { ok: false, reason: check.ok ? 'invalid' : check.reason };
		const secret = newCredentialSecret();
		const updated = await db
			.updateTable('device_credentials')
			.set({
				secret_hash: hashCredential(secret),
				previous_hash: check.nextPrevious,
				used_at: new Date().toISOString()
			})
			.where('client_id', '=', input.clientId)
			.where('secret_hash', '=', row.secret_hash)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) === 1) {
			return { ok: true, user: { id: row.id, name: row.name, phone: row.phone, role: row.role }, secret };
		}
	}
	return { ok: false, reason: 'invalid' };
}

/** The user whose credential of the install the secret is (its current or previous one), or null. */
export async function credentialOwner(
	db: Kysely<Database>,
	input: { clientId: string; credential: string }
): Promise<string | null> {
	const row = await db
		.selectFrom('device_credentials')
		.select(['user_id', 'secret_hash', 'previous_hash'])
		.where('client_id', '=', input.clientId)
		.executeTakeFirst();
	const presented = hashCredential(input.credential);
	const matches = !!row && (sameHash(row.secret_hash, presented) || sameHash(row.previous_hash, presented));
	return matches ? row.user_id : null;
}

/** Revokes the user's credential of an install, keeping its row so the phone is told why. */
export async function revokeCredential(
	db: Kysely<Database>,
	userId: string,
	clientId: string,
	reason: CredentialRevokedReason
): Promise<boolean> {
	const result = await db
		.updateTable('device_credentials')
		.set({ revoked_at: new Date().toISOString(), revoked_reason: reason })
		.where('client_id', '=', clientId)
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** A session made from the install was extended: the phone is in use, its credential's idle time restarts. */
export async function touchCredential(db: Kysely<Database>, clientId: string): Promise<void> {
	await db
		.updateTable('device_credentials')
		.set({ used_at: new Date().toISOString() })
		.where('client_id', '=', clientId)
		.where('revoked_at', 'is', null)
		.execute();
}

/** Ends every session made for an install (its event streams close, in every process). */
export async function endClientSessions(
	db: Kysely<Database>,
	userId: string,
	clientId: string
): Promise<void> {
	const sessions = await db
		.deleteFrom('sessions')
		.where('client_id', '=', clientId)
		.where('user_id', '=', userId)
		.returning('id')
		.execute();
	if (sessions.length > 0) {
		await publishPokes(sessions.map(({ id }) => ({ space: SESSION_ENDED, member: id })));
	}
}

/** One phone the user is logged in on, as Pengaturan lists them. */
export interface DeviceEntry {
	clientId: string;
	/** The install's order-number code (`KP`), when it has one. */
	deviceCode: string | null;
	createdAt: string;
	usedAt: string;
}

/** The phones whose credential still renews the user's session, most recently used first. */
export async function listDevices(db: Kysely<Database>, userId: string): Promise<DeviceEntry[]> {
	const rows = await db
		.selectFrom('device_credentials')
		.innerJoin('clients', 'clients.id', 'device_credentials.client_id')
		.select([
			'device_credentials.client_id',
			'clients.sequence',
			'device_credentials.created_at',
			'device_credentials.used_at'
		])
		.where('device_credentials.user_id', '=', userId)
		.where('device_credentials.revoked_at', 'is', null)
		.orderBy('device_credentials.used_at', 'desc')
		.orderBy('device_credentials.client_id')
		.execute();
	return rows.map((row) => ({
		clientId: row.client_id,
		deviceCode: row.sequence === null ? null : deviceCode(Number(row.sequence)),
		createdAt: row.created_at,
		usedAt: row.used_at
	}));
}

/**
 * The owner removes a phone from their account: its credential is revoked (`removed`) and its sessions
 * end, so it needs the PIN again. False when the user has no such phone.
 */
export async function removeDevice(db: Kysely<Database>, userId: string, clientId: string): Promise<boolean> {
	const revoked = await revokeCredential(db, userId, clientId, 'removed');
	await endClientSessions(db, userId, clientId);
	return revoked;
}
