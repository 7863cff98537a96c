import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;

function derive(pin: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(pin, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

/**
 * A 6-digit PIN has only a million values, so the hash must be slow (scrypt) and salted; the attempt limits
 * in login-limits.ts do the rest. Stored as `scrypt$N$r$p$salt$hash` (base64url) so the cost can be raised
 * later without breaking old hashes.
 */
export async function hashPin(pin: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(pin, salt, KEY_LENGTH, { N, r, p });
	return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a PIN against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number);
	const salt = Buffer.from(parts[4], 'base64url');
	const expected = Buffer.from(parts[5], 'base64url');
	if (![cost, blockSize, parallelization].every(Number.isSafeInteger) || expected.length === 0) return false;
	try {
		const key = await derive(pin, salt, expected.length, {
			N: cost,
			r: blockSize,
			p: parallelization,
			maxmem: 256 * cost * blockSize + 1024 * 1024
		});
		return timingSafeEqual(key, expected);
	} catch {
		return false;
	}
}

/**
 * The `pin_hash` of an account made for a seller a facilitator signed up, before the seller activates it and
 * chooses a PIN: not a hash, so verifyPin never accepts anything for it.
 */
export const UNSET_PIN = 'unset';

export function isPinSet(stored: string): boolean {
	return stored !== UNSET_PIN;
}

/**
 * A hash of no one's PIN: login verifies against it when the phone is unknown, so an unknown phone takes as
 * long to refuse as a wrong PIN and the timing does not tell which phones are registered.
 */
let dummyHash: Promise<string> | null = null;
export function dummyPinHash(): Promise<string> {
	dummyHash ??= hashPin(randomBytes(8).toString('hex'));
	return dummyHash;
}
