import { describe, expect, it } from 'vitest';
import { ACTIVATION_CODE_ALPHABET, ACTIVATION_CODE_LENGTH, ACTIVATION_TTL_MS } from '$lib/domain/seller';
import { activationCode, activationCodeHash, issueActivation } from './activation';

const secret = Buffer.from('a test secret');
const otherSecret = Buffer.from('another secret');
const space = '0190f0e0-0000-7000-8000-000000000001';
const at = '2025-03-04T05:06:07.000Z';

describe('activation codes', () => {
	it('are 8 characters of the read-aloud alphabet, the same for the same space and moment', () => {
		const code = activationCode(secret, space, at);
		expect(code).toHaveLength(ACTIVATION_CODE_LENGTH);
		expect([...code].every((char) => ACTIVATION_CODE_ALPHABET.includes(char))).toBe(true);
		expect(activationCode(secret, space, at)).toBe(code);
	});

	it.each([
		['another moment', secret, space, '2025-03-04T05:06:07.001Z'],
		['another space', secret, '0190f0e0-0000-7000-8000-000000000002', at],
		['another secret', otherSecret, space, at]
	])('differ for %s', (_, key, spaceId, issuedAt) => {
		expect(activationCode(key, spaceId, issuedAt)).not.toBe(activationCode(secret, space, at));
	});

	it('keep only the hash of the code, which expires after the TTL', () => {
		const issued = issueActivation(secret, space, at);
		const code = activationCode(secret, space, at);
		expect(issued).toEqual({
			activation_status: 'pending',
			activation_code_hash: activationCodeHash(code),
			activation_issued_at: at,
			activation_expires_at: new Date(Date.parse(at) + ACTIVATION_TTL_MS).toISOString()
		});
		expect(Object.values(issued)).not.toContain(code);
		expect(activationCodeHash(code)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('give a new code when renewed within the same millisecond', () => {
		const first = issueActivation(secret, space, at);
		const renewed = issueActivation(secret, space, at, first.activation_issued_at);
		expect(renewed.activation_issued_at).toBe('2025-03-04T05:06:07.001Z');
		expect(renewed.activation_code_hash).not.toBe(first.activation_code_hash);
		// a later renewal keeps its own clock
		const later = issueActivation(secret, space, '2025-03-05T00:00:00.000Z', first.activation_issued_at);
		expect(later.activation_issued_at).toBe('2025-03-05T00:00:00.000Z');
	});
});
