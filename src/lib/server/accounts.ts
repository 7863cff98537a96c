import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { personName, phoneNumber, pin, type User } from '$lib/domain/auth';
import { ApiFailure, validate } from './api';
import { isUniqueViolation } from './db';
import type { Database } from './db/schema';
import { hashPin } from './password';

/** The accounts an admin creates: sellers register themselves (or are onboarded by a facilitator). */
export const STAFF_ROLES = ['lender', 'facilitator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffAccountInput = z.object({
	role: z.enum(STAFF_ROLES, 'err.role_invalid'),
	name: personName,
	phone: phoneNumber,
	pin
});
export type StaffAccountInput = z.input<typeof staffAccountInput>;

/**
 * Creates a lender, facilitator or admin account with a PIN, hashed like every other (password.ts). The
 * one way both the admin portal page and `npm run admin -- create-user` make accounts. Throws ApiFailure
 * 400 `invalid` (with the first problem's message key) for a bad name, phone or PIN, 409 `phone_taken`.
 */
export async function createStaffAccount(db: Kysely<Database>, input: StaffAccountInput): Promise<User> {
	const { role, name, phone, pin: code } = validate(staffAccountInput, input);
	const user: User = { id: randomUUID(), name, phone, role };
	const pinHash = await hashPin(code);
	try {
		await db
			.insertInto('users')
			.values({ ...user, pin_hash: pinHash, created_at: new Date().toISOString() })
			.execute();
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiFailure(409, 'phone_taken');
		throw error;
	}
	return user;
}

/** Lender, facilitator and admin accounts, newest first, for the admin page. */
export async function staffAccounts(db: Kysely<Database>): Promise<(User & { createdAt: string })[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'name', 'phone', 'role', 'created_at'])
		.where('role', 'in', [...STAFF_ROLES])
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(200)
		.execute();
	return rows.map(({ created_at, ...user }) => ({ ...user, createdAt: created_at }));
}
