import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema';

/**
 * Failed logins are counted in the database, not in memory, so every server process sees the same counts.
 * A phone is locked after 10 failures (a 6-digit PIN must not be guessable); an address only after 100,
 * because carrier-grade NAT puts many sellers of one mobile network behind one address.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const PHONE_FAILURE_LIMIT = 10;
export const ADDRESS_FAILURE_LIMIT = 100;

export interface LimitKey {
	key: string;
	limit: number;
	/** How long a count lasts from its first attempt; LOGIN_WINDOW_MS unless given. */
	windowMs?: number;
}

/**
 * New accounts one address may register in an hour: a family's or a shop's few phones, not a script. The
 * REGISTRATIONS_PER_HOUR variable changes it (a sign-up event in one hall behind one address; the tests).
 */
export function registrationsPerHour(): number {
	const configured = Number(process.env.REGISTRATIONS_PER_HOUR);
	return Number.isInteger(configured) && configured > 0 ? configured : 10;
}

export function registrationLimitKeys(address: string): LimitKey[] {
	return [{ key: `register:ip:${address}`, limit: registrationsPerHour(), windowMs: 60 * 60 * 1000 }];
}

export function loginLimitKeys(phone: string, address: string): LimitKey[] {
	return [
		{ key: `phone:${phone}`, limit: PHONE_FAILURE_LIMIT },
		{ key: `ip:${address}`, limit: ADDRESS_FAILURE_LIMIT }
	];
}

/**
 * Device credentials (renewing a session without the PIN) are counted per install and per address, by the
 * same numbers: a 256-bit secret cannot be guessed, but a script trying must still be stopped early.
 */
export function renewLimitKeys(clientId: string, address: string): LimitKey[] {
	return [
		{ key: `renew:client:${clientId}`, limit: PHONE_FAILURE_LIMIT },
		{ key: `renew:ip:${address}`, limit: ADDRESS_FAILURE_LIMIT }
	];
}

/**
 * Activation codes are counted apart from PINs, by the same rules: a seller who mistypes the code a few
 * times is not locked out of logging in later, and guessing codes for one phone stops at the same limit.
 */
export function activationLimitKeys(phone: string, address: string): LimitKey[] {
	return loginLimitKeys(phone, address).map(({ key, limit }) => ({ key: `activate:${key}`, limit }));
}

/** True while any of the keys has reached its limit within the window that began at its first failure. */
export async function isLoginLocked(
	db: Kysely<Database>,
	keys: LimitKey[],
	now = Date.now()
): Promise<boolean> {
	const cutoff = new Date(now - LOGIN_WINDOW_MS).toISOString();
	const rows = await db
		.selectFrom('login_failures')
		.select(['key', 'count', 'first_at'])
		.where(
			'key',
			'in',
			keys.map((k) => k.key)
		)
		.execute();
	return rows.some((row) => {
		const limit = keys.find((k) => k.key === row.key)?.limit ?? Infinity;
		return row.first_at > cutoff && row.count >= limit;
	});
}

let lastSweep = 0;

/**
 * Adds one to a key's count in one statement (a window that has run out starts again from this one) and
 * returns the new count: two attempts at the same moment never read the same count.
 */
async function countOne(
	db: Kysely<Database>,
	key: string,
	now: number,
	windowMs = LOGIN_WINDOW_MS
): Promise<number> {
	const at = new Date(now).toISOString();
	const cutoff = new Date(now - windowMs).toISOString();
	const expired = sql<boolean>`${sql.ref('login_failures.first_at')} <= ${cutoff}`;
	const row = await db
		.insertInto('login_failures')
		.values({ key, count: 1, first_at: at })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				count: sql<number>`case when ${expired} then 1 else ${sql.ref('login_failures.count')} + 1 end`,
				first_at: sql<string>`case when ${expired} then ${at} else ${sql.ref('login_failures.first_at')} end`
			})
		)
		.returning('count')
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

async function sweep(db: Kysely<Database>, now: number): Promise<void> {
	if (now - lastSweep <= 60_000) return;
	lastSweep = now;
	await db
		.deleteFrom('login_failures')
		// The longest window any key has (registrations count for an hour).
		.where('first_at', '<=', new Date(now - 60 * 60 * 1000).toISOString())
		.execute();
}

/** Counts one failure for each key; a window that has run out starts again from this failure. */
export async function recordLoginFailure(
	db: Kysely<Database>,
	keys: LimitKey[],
	now = Date.now()
): Promise<void> {
	for (const { key } of keys) await countOne(db, key, now);
	await sweep(db, now);
}

/**
 * Counts an attempt against every key BEFORE the slow PIN or code check, and says whether it may be
 * checked at all: false once any key is past its limit. Counting first, in one statement per key, is what
 * makes the limit hold when guesses arrive all at once: the 11th of 30 simultaneous wrong PINs is refused
 * whatever the timing. An attempt that turns out right is taken back with `attemptSucceeded`.
 */
export async function takeAttempt(
	db: Kysely<Database>,
	keys: LimitKey[],
	now = Date.now()
): Promise<boolean> {
	let allowed = true;
	for (const { key, limit, windowMs } of keys) {
		if ((await countOne(db, key, now, windowMs)) > limit) allowed = false;
	}
	await sweep(db, now);
	return allowed;
}

/**
 * A right PIN or code: the phone's (first key's) failures are forgotten, and the attempt counted on the
 * other keys (the address) is taken back, so sellers who log in fine never lock their address.
 */
export async function attemptSucceeded(db: Kysely<Database>, keys: LimitKey[]): Promise<void> {
	const [own, ...others] = keys;
	await clearLoginFailures(db, own.key);
	for (const { key } of others) {
		await db
			.updateTable('login_failures')
			.set({ count: sql<number>`${sql.ref('count')} - 1` })
			.where('key', '=', key)
			.where('count', '>', 0)
			.execute();
	}
}

export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
	await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

const inLine = new Map<string, Promise<unknown>>();

/**
 * Runs the attempts on one key (a phone) one after another in this process. Counting before the check
 * already stops guesses sent at once; in line, each attempt also sees the ones before it settled, so a
 * seller's own twelve phones logging in at the same moment are not taken for a guesser (a right PIN gives
 * its count back before the next one is counted). Across processes the count alone holds the limit.
 */
export function oneAtATime<T>(key: string, attempt: () => Promise<T>): Promise<T> {
	const before = inLine.get(key) ?? Promise.resolve();
	const run = before.then(attempt, attempt);
	const settled = run.then(
		() => undefined,
		() => undefined
	);
	inLine.set(key, settled);
	void settled.then(() => {
		if (inLine.get(key) === settled) inLine.delete(key);
	});
	return run;
}
