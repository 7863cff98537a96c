import { describe, expect, it } from 'vitest';
import { displayPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
	it.each([
		['081234567890', '+6281234567890'],
		['0812-3456-7890', '+6281234567890'],
		['0812 3456 7890', '+6281234567890'],
		['6281234567890', '+6281234567890'],
		['+6281234567890', '+6281234567890'],
		['+62 812 3456 789', '+628123456789'],
		['08123456789012', null],
		['0812345', null],
		['0212345678', null],
		['+1 555 0100', null],
		['abc', null],
		['', null]
	])('%s → %s', (input, expected) => {
		expect(normalizePhone(input)).toBe(expected);
	});

	it('shows a stored number the way people read it', () => {
		expect(displayPhone('+6281234567890')).toBe('0812-3456-7890');
	});
});
