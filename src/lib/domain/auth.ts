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

export type UserRole = 'seller' | 'facilitator' | 'lender' | 'admin';
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
