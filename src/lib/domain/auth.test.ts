import { describe, expect, it } from 'vitest';
import { loginReasonOf, loginRequest, registerRequest, slugify } from './auth';

describe('registerRequest', () => {
	const valid = { name: 'Sari', phone: '0812 3456 7890', pin: '123456', businessName: 'Warung Bu Sari' };

	it('normalises the phone number', () => {
		expect(registerRequest.parse(valid).phone).toBe('+6281234567890');
	});

	it.each([
		[{ pin: '12345' }, 'err.pin_format'],
		[{ pin: '12345a' }, 'err.pin_format'],
		[{ phone: '12345' }, 'err.phone_invalid'],
		[{ name: ' ' }, 'err.person_name_required'],
		[{ businessName: '' }, 'err.business_name_required']
	])('%o → %s', (change, message) => {
		expect(registerRequest.safeParse({ ...valid, ...change }).error?.issues[0]?.message).toBe(message);
	});

	it('login takes any PIN text but a real phone', () => {
		expect(loginRequest.safeParse({ phone: '081234567890', pin: 'x' }).success).toBe(true);
		expect(loginRequest.safeParse({ phone: '0812', pin: '123456' }).success).toBe(false);
	});
});

describe('slugify', () => {
	it.each([
		['Warung Bu Sari', 'warung-bu-sari'],
		['Toko Kué & Roti!', 'toko-kue-roti'],
		['   ', 'toko'],
		['Kopi — Pak Joko', 'kopi-pak-joko']
	])('%s → %s', (name, slug) => {
		expect(slugify(name)).toBe(slug);
	});
});

describe('loginReasonOf', () => {
	it.each([
		['credential_logged_out', 'logged_out'],
		['credential_removed', 'removed'],
		['credential_expired', 'expired'],
		['credential_invalid', 'unknown'],
		['unauthorized', 'unknown'],
		['', 'unknown']
	])('%s → %s', (code, reason) => {
		expect(loginReasonOf(code)).toBe(reason);
	});
});
