import * as z from 'zod/mini';
import { normalizePhone } from './phone';
import { nameChecks } from './text';

export const phoneNumber = z.pipe(
	z.string({ error: 'err.phone_invalid' }),
	z.transform((value, ctx) => {
		const phone = normalizePhone(value);
		if (!phone) {
			ctx.issues.push({ code: 'custom', message: 'err.phone_invalid', input: value });
			return z.NEVER;
		}
		return phone;
	})
);

export const pin = z.string({ error: 'err.pin_format' }).check(z.regex(/^\d{6}$/, 'err.pin_format'));

export const personName = z
	.string({ error: 'err.person_name_required' })
	.check(
		z.trim(),
		z.minLength(1, 'err.person_name_required'),
		z.maxLength(80, 'err.text_too_long'),
		...nameChecks('err.person_name_required')
	);

export const businessName = z
	.string({ error: 'err.business_name_required' })
	.check(
		z.trim(),
		z.minLength(1, 'err.business_name_required'),
		z.maxLength(80, 'err.text_too_long'),
		...nameChecks('err.business_name_required')
	);

export const registerRequest = z.object({ name: personName, phone: phoneNumber, pin, businessName });
export type RegisterRequest = z.input<typeof registerRequest>;

export const loginRequest = z.object({ phone: phoneNumber, pin: z.string({ error: 'err.pin_format' }) });
export type LoginRequest = z.input<typeof loginRequest>;

/** `buyer`: a person of a buying organisation (their roles there: organisation_members); `monitor`: a programme monitor. */
export type UserRole = 'seller' | 'facilitator' | 'lender' | 'admin' | 'buyer' | 'monitor';
export type SpaceRole = 'owner' | 'facilitator';

export interface User {
	id: string;
	name: string;
	phone: string;
	role: UserRole;
}

export interface SpaceRef {
	id: string;
	name: string;
	slug: string;
	role: SpaceRole;
}

export interface Account {
	user: User;
	spaces: SpaceRef[];
}

/** Makes a URL-safe shop slug from a business name: `Warung Bu Sari!` → `warung-bu-sari`. */
export function slugify(name: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	return slug || 'toko';
}

/**
 * Why a phone's device credential no longer renews its session: the seller logged out on it, the owner
 * removed the phone from the account, or it went unused too long (`DEVICE_CREDENTIAL_IDLE_MS`).
 */
export const CREDENTIAL_REVOKED_REASONS = ['logged_out', 'removed', 'expired'] as const;
export type CredentialRevokedReason = (typeof CREDENTIAL_REVOKED_REASONS)[number];

/** Why the PIN is needed again, as the phone tells it: a revoked credential's reason, or none known. */
export type LoginReason = CredentialRevokedReason | 'unknown';

/** A device credential unused (no renewal, no session extended) for this long needs the PIN again. */
export const DEVICE_CREDENTIAL_IDLE_MS = 180 * 24 * 60 * 60 * 1000;

/** 32 random bytes in base64url, as the server makes them. */
export const deviceCredential = z
	.string({ error: 'err.credential_invalid' })
	.check(z.regex(/^[\w-]{43}$/, 'err.credential_invalid'));

/** `POST /api/auth/renew`: the install and its secret; answers a new session cookie and the next secret. */
export const renewRequest = z.object({
	clientId: z.uuid('err.id_invalid'),
	credential: deviceCredential
});
export type RenewRequest = z.input<typeof renewRequest>;

/** `POST /api/auth/logout` may name the phone's credential, so it is revoked even when the cookie was lost. */
export const logoutRequest = z.object({
	clientId: z.optional(z.uuid('err.id_invalid')),
	credential: z.optional(deviceCredential)
});

/** The reason a 401 of the renew endpoint gives (`credential_<reason>`), or `unknown`. */
export function loginReasonOf(code: string): LoginReason {
	const reason = code.replace(/^credential_/, '');
	return (CREDENTIAL_REVOKED_REASONS as readonly string[]).includes(reason)
		? (reason as CredentialRevokedReason)
		: 'unknown';
}
