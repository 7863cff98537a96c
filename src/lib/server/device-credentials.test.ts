import { describe, expect, it } from 'vitest';
import { DEVICE_CREDENTIAL_IDLE_MS } from '$lib/domain/auth';
import { checkCredential, hashCredential, newCredentialSecret } from './device-credentials';

const now = Date.parse('2026-12-03T10:00:00.000Z');
const current = hashCredential('current-secret');
const previous = hashCredential('previous-secret');
const row = {
	secret_hash: current,
	previous_hash: previous,
	used_at: new Date(now - 1000).toISOString(),
	revoked_at: null,
	revoked_reason: null
};

describe('checkCredential (the rotation rule)', () => {
	it.each([
		['the current secret: the next previous is it', row, current, { ok: true, nextPrevious: current }],
		[
			'the previous secret (the phone never stored the current one): it stays the previous',
			row,
			previous,
			{ ok: true, nextPrevious: previous }
		],
		['a secret matching neither', row, hashCredential('other'), { ok: false, reason: 'invalid' }],
		['no credential for the install', undefined, current, { ok: false, reason: 'invalid' }],
		[
			'no previous secret yet, and a secret that is not the current one',
			{ ...row, previous_hash: null },
			previous,
			{ ok: false, reason: 'invalid' }
		],
		[
			'the right secret of a credential revoked at logout',
			{ ...row, revoked_at: new Date(now).toISOString(), revoked_reason: 'logged_out' as const },
			current,
			{ ok: false, reason: 'logged_out' }
		],
		[
			'the previous secret of a phone the owner removed',
			{ ...row, revoked_at: new Date(now).toISOString(), revoked_reason: 'removed' as const },
			previous,
			{ ok: false, reason: 'removed' }
		],
		[
			'a wrong secret for a revoked credential learns nothing',
			{ ...row, revoked_at: new Date(now).toISOString(), revoked_reason: 'removed' as const },
			hashCredential('guess'),
			{ ok: false, reason: 'invalid' }
		],
		[
			'a credential unused for longer than the idle limit',
			{ ...row, used_at: new Date(now - DEVICE_CREDENTIAL_IDLE_MS - 1).toISOString() },
			current,
			{ ok: false, reason: 'expired' }
		],
		[
			'a credential used just within the idle limit',
			{ ...row, used_at: new Date(now - DEVICE_CREDENTIAL_IDLE_MS).toISOString() },
			current,
			{ ok: true, nextPrevious: current }
		]
	])('%s', (_, stored, presented, expected) => {
		expect(checkCredential(stored, presented, now)).toEqual(expected);
	});

	it('walks a crash between receiving and storing a new secret, and drops the old one once the new is used', () => {
		// (current, previous) after each renewal, following the rule as the server applies it.
		let state = { ...row, secret_hash: hashCredential('a'), previous_hash: null as string | null };
		const renew = (presented: string, issued: string) => {
			const check = checkCredential(state, hashCredential(presented), now);
			if (!check.ok) return check.reason;
			state = { ...state, secret_hash: hashCredential(issued), previous_hash: check.nextPrevious };
			return 'ok';
		};
		expect(renew('a', 'b')).toBe('ok'); // the phone died before storing b: it still holds a
		expect(renew('a', 'c')).toBe('ok'); // and again, before storing c
		expect(renew('a', 'd')).toBe('ok'); // this time d is stored
		expect(renew('d', 'e')).toBe('ok'); // d used: a is no longer accepted
		expect(renew('a', 'x')).toBe('invalid');
		expect(renew('b', 'x')).toBe('invalid');
		expect(renew('d', 'f')).toBe('ok'); // d is still the previous one (e was never used)
		expect(renew('f', 'g')).toBe('ok');
		expect(renew('d', 'x')).toBe('invalid');
	});

	it('makes 256-bit base64url secrets', () => {
		const secrets = new Set(Array.from({ length: 100 }, newCredentialSecret));
		expect(secrets.size).toBe(100);
		for (const secret of secrets) expect(secret).toMatch(/^[\w-]{43}$/);
	});
});
