import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { personName, phoneNumber, pin, type User } from '$lib/domain/auth';
import { ApiFailure, validate } from './api';
import { isUniqueViolation } from './db';
import type { Database } from './db/schema';
import { findLender, lenderNamed } from './lenders';
import { hashPin } from './password';

/** The accounts an admin creates: sellers register themselves (or are onboarded by a facilitator). */
export const STAFF_ROLES = ['lender', 'facilitator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffAccountInput = z.object({
	role: z.enum(STAFF_ROLES, 'err.role_invalid'),
	name: personName,
	phone: phoneNumber,
	pin,
	/** For a lender account: the organisation it belongs to (read only for role `lender`). */
	lenderId: z.optional(z.nullable(z.string()))
});
export type StaffAccountInput = z.input<typeof staffAccountInput>;

/**
 * Creates a lender, facilitator or admin account with a PIN, hashed like every other (password.ts). The
 * one way both the admin portal page and `npm run admin -- create-user` make accounts. A lender account
 * belongs to the lender organisation `lenderId` names; without one, to the organisation of the account's
 * own name, made offering every KUR product when there is none (a lender of one person). Throws ApiFailure
 * 400 `invalid` (with the first problem's message key) for a bad name, phone or PIN, 400 `lender_missing`
 * for an unknown organisation, 409 `phone_taken`; nothing is made then.
 */
export async function createStaffAccount(db: Kysely<Database>, input: StaffAccountInput): Promise<User> {
	const { role, name, phone, pin: code, lenderId } = validate(staffAccountInput, input);
	const user: User = { id: randomUUID(), name, phone, role };
	let lender: string | null = null;
	if (role === 'lender' && lenderId) {
		const found = await findLender(db, lenderId);
		if (!found) throw new ApiFailure(400, 'lender_missing');
		lender = found.id;
	}
	const pinHash = await hashPin(code);
	try {
		await db.transaction().execute(async (trx) => {
			if (role === 'lender' && !lender) lender = (await lenderNamed(trx, name)).id;
			await trx
				.insertInto('users')
				.values({ ...user, lender_id: lender, pin_hash: pinHash, created_at: new Date().toISOString() })
				.execute();
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiFailure(409, 'phone_taken');
		throw error;
	}
	return user;
}

/**
 * Lender, facilitator and admin accounts, newest first, for the admin page; a lender account with the
 * name of its organisation.
 */
export async function staffAccounts(
	db: Kysely<Database>
): Promise<(User & { createdAt: string; lenderName: string | null })[]> {
	const rows = await db
		.selectFrom('users')
		.leftJoin('lenders', 'lenders.id', 'users.lender_id')
		.select([
			'users.id',
			'users.name',
			'users.phone',
			'users.role',
			'users.created_at',
			'lenders.name as lender_name'
		])
		.where('users.role', 'in', [...STAFF_ROLES])
		.orderBy('users.created_at', 'desc')
		.orderBy('users.id')
		.limit(200)
		.execute();
	return rows.map(({ created_at, lender_name, ...user }) => ({
		...user,
		createdAt: created_at,
		lenderName: lender_name
	}));
}
