import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './db';
import type { Database } from './db/schema';
import {
	ADDRESS_FAILURE_LIMIT,
	isLoginLocked,
	LOGIN_WINDOW_MS,
	loginLimitKeys,
	PHONE_FAILURE_LIMIT,
	recordLoginFailure
} from './login-limits';

describe('login attempt limits', () => {
	let db: Kysely<Database>;
	const start = Date.parse('2026-11-28T03:00:00Z');

	beforeEach(async () => {
		db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
		await migrateToLatest(db);
	});
	afterEach(() => db.destroy());

	async function fail(times: number, keys = loginLimitKeys('+6281234567890', '10.0.0.1'), at = start) {
		for (let i = 0; i < times; i++) await recordLoginFailure(db, keys, at);
	}

	it('locks a phone at its 10th failure until 15 minutes after the first', async () => {
		const keys = loginLimitKeys('+6281234567890', '10.0.0.1');
		await fail(PHONE_FAILURE_LIMIT - 1, keys);
		expect(await isLoginLocked(db, keys, start + 1000)).toBe(false);
		await fail(1, keys, start + 60_000);
		expect(await isLoginLocked(db, keys, start + 60_000)).toBe(true);
		expect(await isLoginLocked(db, keys, start + LOGIN_WINDOW_MS - 1)).toBe(true);
		expect(await isLoginLocked(db, keys, start + LOGIN_WINDOW_MS)).toBe(false);
		// the same phone from another address is locked too
		expect(await isLoginLocked(db, loginLimitKeys('+6281234567890', '10.0.0.2'), start + 1000)).toBe(true);
	});

	it('starts counting again after the window has run out', async () => {
		const keys = loginLimitKeys('+6281234567890', '10.0.0.1');
		await fail(PHONE_FAILURE_LIMIT - 1, keys);
		await fail(1, keys, start + LOGIN_WINDOW_MS + 1);
		expect(await isLoginLocked(db, keys, start + LOGIN_WINDOW_MS + 2)).toBe(false);
		const row = await db
			.selectFrom('login_failures')
			.selectAll()
			.where('key', '=', keys[0].key)
			.executeTakeFirst();
		expect(row?.count).toBe(1);
	});

	it('locks an address only after 100 failures, across phones', async () => {
		for (let i = 0; i < ADDRESS_FAILURE_LIMIT - 1; i++) {
			await recordLoginFailure(
				db,
				loginLimitKeys(`+62812000${String(i).padStart(5, '0')}`, '10.0.0.9'),
				start
			);
		}
		const fresh = loginLimitKeys('+6289999999999', '10.0.0.9');
		expect(await isLoginLocked(db, fresh, start)).toBe(false);
		await recordLoginFailure(db, loginLimitKeys('+6281299999999', '10.0.0.9'), start);
		expect(await isLoginLocked(db, fresh, start)).toBe(true);
	});
});
