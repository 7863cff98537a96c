import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from './password';

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
});
