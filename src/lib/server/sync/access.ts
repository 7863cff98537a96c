import type { Kysely } from 'kysely';
import type { SpaceRole } from '$lib/domain/auth';
import type { Database } from '../db/schema';

/**
 * Who may read and write a space, decided only from the session user and the memberships table, never from
 * what the device claims. A member (owner or facilitator) reads and writes. Lenders are members of no space:
 * they never sync; they read submitted applications through the portal and their documents under the rule
 * in documents.ts (`documentAccess`).
 */
export async function readableSpaceIds(db: Kysely<Database>, userId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('space_id')
		.where('user_id', '=', userId)
		.orderBy('space_id')
		.execute();
	return rows.map((row) => row.space_id);
}

/** The spaces the user reads, as readableSpaceIds, each with its version (pull's one read of them). */
export async function readableSpaceVersions(
	db: Kysely<Database>,
	userId: string
): Promise<{ id: string; version: number }[]> {
	return db
		.selectFrom('memberships')
		.innerJoin('spaces', 'spaces.id', 'memberships.space_id')
		.select(['memberships.space_id as id', 'spaces.version'])
		.where('memberships.user_id', '=', userId)
		.orderBy('memberships.space_id')
		.execute();
}

/** The user's role in the space, null for none: what their changes there are recorded as. */
export async function memberRole(
	db: Kysely<Database>,
	userId: string,
	spaceId: string
): Promise<SpaceRole | null> {
	const row = await db
		.selectFrom('memberships')
		.select('role')
		.where('user_id', '=', userId)
		.where('space_id', '=', spaceId)
		.executeTakeFirst();
	return row?.role ?? null;
}

export async function canWriteSpace(db: Kysely<Database>, userId: string, spaceId: string): Promise<boolean> {
	const role = await memberRole(db, userId, spaceId);
	return role === 'owner' || role === 'facilitator';
}
