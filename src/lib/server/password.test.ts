import { describe, expect, it } from 'vitest';
import { hashPin, isPinSet, UNSET_PIN, verifyPin } from './password';

describe('PIN hash', () => {
	it('verifies the right PIN and refuses a wrong one', async () => {
		const hash = await hashPin('123456');
		expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
		expect(hash).not.toContain('123456');
		expect(await verifyPin('123456', hash)).toBe(true);
		expect(await verifyPin('123457', hash)).toBe(false);
	});

	it('salts every hash', async () => {
		expect(await hashPin('123456')).not.toBe(await hashPin('123456'));
	});

	it.each(['', 'scrypt$16384$8$1$abc', 'bcrypt$x$y$z$a$b', 'scrypt$x$8$1$AAAA$AAAA'])(
		'never matches a malformed hash %j',
		async (stored) => {
			expect(await verifyPin('123456', stored)).toBe(false);
		}
	);

	it.each(['', '000000', '123456', UNSET_PIN])(
		'never accepts a PIN %j for an account whose PIN is not set yet',
		async (pin) => {
			expect(await verifyPin(pin, UNSET_PIN)).toBe(false);
			expect(isPinSet(UNSET_PIN)).toBe(false);
		}
	);
});
