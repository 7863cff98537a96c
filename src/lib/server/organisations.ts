import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { personName, phoneNumber, pin, type User } from '$lib/domain/auth';
import { normalizePhone } from '$lib/domain/phone';
import { ORGANISATION_KINDS, ORGANISATION_ROLES, type OrganisationKind } from '$lib/domain/procurement';
import { isDocumentCode } from '$lib/domain/procurement-money';
import { normalizeNpwp } from '$lib/domain/supplier';
import { nameChecks, uncleanTextPath } from '$lib/domain/text';
import { ApiFailure } from './api';
import { isUniqueViolation } from './db';
import type { Database } from './db/schema';
import { hashPin } from './password';

/**
 * Buying organisations (a BUMN, its subsidiary, a ministry, a regional office) and their people: the one
 * way the admin's command line, the admin's portal pages and an organisation's own admin
 * (`/portal/pengadaan/orang`) make and change them. A person of an organisation is a `buyer` account that
 * belongs to exactly one organisation, with one or more roles there (one row each in
 * organisation_members). Refusals are ApiFailure with a `pengadaan.err_*` message key.
 */

/** The roles a person may hold in an organisation: the three of the flow, and `admin` (manages its people). */
export const MEMBER_ROLES = [...ORGANISATION_ROLES, 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Organisation {
	id: string;
	name: string;
	kind: OrganisationKind;
	/** Its short code in document numbers: SP/PTKAI/2026/00042. */
	code: string;
	npwp: string | null;
	address: string | null;
	createdAt: string;
}

export interface Member {
	id: string;
	name: string;
	phone: string;
	roles: MemberRole[];
}

/**
 * Who changes an organisation's people: the programme's admin (any organisation; also the command line,
 * run on the server's machine), or a buyer account, which may only when it is an admin of that organisation.
 */
export type Manager = { role: 'admin' } | Pick<User, 'id' | 'role'>;

const text = (required: string, max: number) =>
	z
		.string({ error: required })
		.check(
			z.trim(),
			z.minLength(1, required),
			z.maxLength(max, 'err.text_too_long'),
			...nameChecks(required)
		);

export const organisationInput = z.object({
	name: text('pengadaan.err_org_name', 150),
	kind: z.enum(ORGANISATION_KINDS, 'pengadaan.err_org_kind'),
	npwp: z.pipe(
		z.string({ error: 'pengadaan.err_org_npwp' }),
		z.transform((value, ctx) => {
			const npwp = normalizeNpwp(value);
			if (npwp === null) {
				ctx.issues.push({ code: 'custom', message: 'pengadaan.err_org_npwp', input: value });
				return z.NEVER;
			}
			return npwp;
		})
	),
	address: text('pengadaan.err_org_address', 500),
	code: z.pipe(
		z.string({ error: 'pengadaan.err_org_code' }),
		z.transform((value, ctx) => {
			const code = value.trim().toUpperCase();
			if (!isDocumentCode(code)) {
				ctx.issues.push({ code: 'custom', message: 'pengadaan.err_org_code', input: value });
				return z.NEVER;
			}
			return code;
		})
	)
});
export type OrganisationInput = z.input<typeof organisationInput>;

const memberRoles = z
	.array(z.enum(MEMBER_ROLES, 'pengadaan.err_member_role'))
	.check(z.minLength(1, 'pengadaan.err_member_roles'));

export const memberInput = z.object({
	name: personName,
	phone: phoneNumber,
	/** Only for a new account: an existing buyer account keeps its PIN. */
	pin: z.optional(z.string()),
	roles: memberRoles
});
export type MemberInput = z.input<typeof memberInput>;

export const accountInput = z.object({ name: personName, phone: phoneNumber, pin });
export type AccountInput = z.input<typeof accountInput>;

/**
 * The value a schema reads, or ApiFailure 400 `invalid` with the first problem's message key (the keys of
 * this file's schemas live outside `err.`, so api.ts's validate, which keeps only `err.*`, is not used).
 */
export function checked<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
	if (uncleanTextPath(value)) {
		throw new ApiFailure(400, 'invalid', { messageKey: 'err.text_invalid_chars' });
	}
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const message = result.error.issues[0]?.message ?? '';
	const known = /^(err|pengadaan|supplier)\.[a-z_]+$/.test(message);
	throw new ApiFailure(400, 'invalid', { messageKey: known ? message : 'err.invalid' });
}

function organisationFromRow(row: Database['organisations']): Organisation {
	return {
		id: row.id,
		name: row.name,
		kind: row.kind,
		code: row.code,
		npwp: row.npwp,
		address: row.address,
		createdAt: row.created_at
	};
}

/** Makes an organisation. 400 for a bad name, kind, NPWP, address or code; 409 for a code in use. */
export async function createOrganisation(
	db: Kysely<Database>,
	input: OrganisationInput
): Promise<Organisation> {
	const values = checked(organisationInput, input);
	const organisation: Organisation = {
		id: randomUUID(),
		...values,
		createdAt: new Date().toISOString()
	};
	try {
		await db
			.insertInto('organisations')
			.values({ ...values, id: organisation.id, created_at: organisation.createdAt })
			.execute();
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new ApiFailure(409, 'conflict', { messageKey: 'pengadaan.err_org_code_taken' });
		}
		throw error;
	}
	return organisation;
}

const byName = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** Every organisation by name, with how many people it has. */
export async function organisationList(db: Kysely<Database>): Promise<(Organisation & { people: number })[]> {
	const [rows, counts] = await Promise.all([
		db.selectFrom('organisations').selectAll().execute(),
		db
			.selectFrom('organisation_members')
			.select(['organisation_id', (eb) => eb.fn.count<number>('user_id').distinct().as('people')])
			.groupBy('organisation_id')
			.execute()
	]);
	const people = new Map(counts.map((row) => [row.organisation_id, Number(row.people)]));
	return rows
		.map((row) => ({ ...organisationFromRow(row), people: people.get(row.id) ?? 0 }))
		.sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

/** An organisation by its id, or else by its code (as the admin types it on the command line). */
export async function findOrganisation(db: Kysely<Database>, key: string): Promise<Organisation | null> {
	const trimmed = key.trim();
	if (!trimmed) return null;
	const row = await db
		.selectFrom('organisations')
		.selectAll()
		.where((eb) => eb.or([eb('id', '=', trimmed), eb('code', '=', trimmed.toUpperCase())]))
		.executeTakeFirst();
	return row ? organisationFromRow(row) : null;
}

/** The organisation's people by name, each with their roles in the order of MEMBER_ROLES. */
export async function organisationMembers(db: Kysely<Database>, organisationId: string): Promise<Member[]> {
	const rows = await db
		.selectFrom('organisation_members')
		.innerJoin('users', 'users.id', 'organisation_members.user_id')
		.select(['users.id', 'users.name', 'users.phone', 'organisation_members.role'])
		.where('organisation_members.organisation_id', '=', organisationId)
		.execute();
	const people = new Map<string, Member>();
	for (const row of rows) {
		const person = people.get(row.id) ?? { id: row.id, name: row.name, phone: row.phone, roles: [] };
		person.roles.push(row.role);
		people.set(row.id, person);
	}
	return [...people.values()]
		.map((person) => ({ ...person, roles: MEMBER_ROLES.filter((role) => person.roles.includes(role)) }))
		.sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

/** True when the account is an admin of the organisation (the people page is theirs). */
export async function isOrganisationAdmin(
	db: Kysely<Database>,
	userId: string,
	organisationId: string
): Promise<boolean> {
	const row = await db
		.selectFrom('organisation_members')
		.select('role')
		.where('user_id', '=', userId)
		.where('organisation_id', '=', organisationId)
		.where('role', '=', 'admin')
		.executeTakeFirst();
	return !!row;
}

/** The organisation, when the manager may change its people; 404 when there is none, 403 when not theirs. */
async function managed(
	db: Kysely<Database>,
	manager: Manager,
	organisationId: string
): Promise<Organisation> {
	const row = await db
		.selectFrom('organisations')
		.selectAll()
		.where('id', '=', organisationId)
		.executeTakeFirst();
	if (!row) throw new ApiFailure(404, 'not_found', { messageKey: 'pengadaan.err_org_missing' });
	if (manager.role === 'admin') return organisationFromRow(row);
	const id = 'id' in manager ? manager.id : '';
	if (manager.role !== 'buyer' || !(await isOrganisationAdmin(db, id, row.id))) {
		throw new ApiFailure(403, 'forbidden', { messageKey: 'pengadaan.err_not_org_admin' });
	}
	return organisationFromRow(row);
}

/** A new account of `role` with a PIN hashed before; 409 when the phone has an account already. */
async function insertAccount(
	db: Kysely<Database>,
	role: 'buyer' | 'monitor',
	account: { name: string; phone: string; pinHash: string }
): Promise<User> {
	const user: User = { id: randomUUID(), name: account.name, phone: account.phone, role };
	try {
		await db
			.insertInto('users')
			.values({ ...user, pin_hash: account.pinHash, created_at: new Date().toISOString() })
			.execute();
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiFailure(409, 'phone_taken');
		throw error;
	}
	return user;
}

/**
 * The account a person is added with, inside the transaction that adds their roles: a new buyer account, or
 * the phone's buyer account when it belongs to this organisation or to none. Its row is locked (a write to
 * it, on both databases) so two admins adding the same person to two organisations at once are taken one
 * after the other, and the second sees the first.
 */
async function accountToAdd(
	trx: Kysely<Database>,
	organisationId: string,
	person: { name: string; phone: string; pinHash: string | null }
): Promise<string> {
	const existing = await trx
		.selectFrom('users')
		.select(['id', 'role'])
		.where('phone', '=', person.phone)
		.executeTakeFirst();
	if (!existing) {
		// made by someone else between the look before the PIN's hashing and here
		if (!person.pinHash) throw new ApiFailure(409, 'phone_taken');
		return (await insertAccount(trx, 'buyer', { ...person, pinHash: person.pinHash })).id;
	}
	if (existing.role !== 'buyer') {
		throw new ApiFailure(409, 'conflict', { messageKey: 'pengadaan.err_phone_other_account' });
	}
	await trx.updateTable('users').set({ role: 'buyer' }).where('id', '=', existing.id).execute();
	const elsewhere = await trx
		.selectFrom('organisation_members')
		.select('organisation_id')
		.where('user_id', '=', existing.id)
		.where('organisation_id', '!=', organisationId)
		.executeTakeFirst();
	if (elsewhere) {
		throw new ApiFailure(409, 'conflict', { messageKey: 'pengadaan.err_other_organisation' });
	}
	return existing.id;
}

/**
 * Adds a person to an organisation with the roles given. A phone with no account gets a new `buyer` account
 * (name, phone and a 6-digit PIN); a buyer account of this organisation gets the roles it lacks; a buyer of
 * another organisation, or an account of any other kind (a seller, a lender), is refused (409): one person,
 * one organisation. Returns the person with all their roles now.
 */
export async function addMember(
	db: Kysely<Database>,
	manager: Manager,
	organisationId: string,
	/** As typed: checked here (roles that are not MEMBER_ROLES are refused in words). */
	input: { name: string; phone: string; pin?: string; roles: readonly string[] }
): Promise<Member> {
	const organisation = await managed(db, manager, organisationId);
	const { name, phone, pin: code, roles } = checked(memberInput, input);
	const known = await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
	// Hashed before the transaction (it is slow on purpose), only for a phone with no account yet.
	const pinHash = known ? null : await hashPin(checked(z.object({ pin }), { pin: code }).pin);
	const userId = await db.transaction().execute(async (trx) => {
		const id = await accountToAdd(trx, organisation.id, { name, phone, pinHash });
		const now = new Date().toISOString();
		await trx
			.insertInto('organisation_members')
			.values(
				[...new Set(roles)].map((role) => ({
					organisation_id: organisation.id,
					user_id: id,
					role,
					created_at: now
				}))
			)
			.onConflict((conflict) => conflict.columns(['organisation_id', 'user_id', 'role']).doNothing())
			.execute();
		return id;
	});
	const person = (await organisationMembers(db, organisation.id)).find((member) => member.id === userId);
	return person!;
}

/**
 * Takes one role from a person of the organisation (their last one takes them out of it; the account stays,
 * with nothing to open). An organisation's admin may not take their own admin role: another admin, or the
 * programme's, does that. 404 when the person holds no such role there.
 */
export async function removeRole(
	db: Kysely<Database>,
	manager: Manager,
	organisationId: string,
	input: { userId: string; role: string }
): Promise<void> {
	const organisation = await managed(db, manager, organisationId);
	const role = checked(z.enum(MEMBER_ROLES, 'pengadaan.err_member_role'), input.role);
	if (manager.role !== 'admin' && 'id' in manager && manager.id === input.userId && role === 'admin') {
		throw new ApiFailure(403, 'forbidden', { messageKey: 'pengadaan.err_own_admin' });
	}
	const removed = await db
		.deleteFrom('organisation_members')
		.where('organisation_id', '=', organisation.id)
		.where('user_id', '=', input.userId)
		.where('role', '=', role)
		.executeTakeFirst();
	if (Number(removed.numDeletedRows) === 0) {
		throw new ApiFailure(404, 'not_found', { messageKey: 'pengadaan.err_member_missing' });
	}
}

/** A person of the organisation by phone (the command line names people by it), or null. */
export async function memberByPhone(
	db: Kysely<Database>,
	organisationId: string,
	phone: string
): Promise<Member | null> {
	const normalized = normalizePhone(phone);
	if (!normalized) return null;
	const members = await organisationMembers(db, organisationId);
	return members.find((member) => member.phone === normalized) ?? null;
}

/** A programme monitor's account (reads the aggregate figures of `/portal/pantauan`): made by the admin. */
export async function createMonitorAccount(db: Kysely<Database>, input: AccountInput): Promise<User> {
	const { name, phone, pin: code } = checked(accountInput, input);
	return insertAccount(db, 'monitor', { name, phone, pinHash: await hashPin(code) });
}

/** Every monitor account, newest first. */
export async function monitorAccounts(
	db: Kysely<Database>
): Promise<(Pick<User, 'id' | 'name' | 'phone'> & { createdAt: string })[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'name', 'phone', 'created_at'])
		.where('role', '=', 'monitor')
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(200)
		.execute();
	return rows.map(({ created_at, ...user }) => ({ ...user, createdAt: created_at }));
}
