import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import {
	MAX_CHANGES_PER_PULL,
	type Change,
	type PullRequest,
	type PullResponse
} from '$lib/domain/mutations';
import { ApiFailure } from '../api';
import { sessionState } from '../auth';
import { preparedQuery } from '../db/prepared';
import type { Database, SyncedRow } from '../db/schema';
import { readableSpaceVersions } from './access';
import { serverSecret } from '../secret';
import { syncedEntities, type PullContext, type SyncedEntity } from './entities';

/**
 * The changes of one space after `cursor`, oldest first, at most `limit`. Every written row carries its own
 * space version, so versions within a space are unique and a page boundary never splits one; with several
 * tables, each gives its first `limit + 1` rows and the merge keeps the first `limit` of all.
 */
async function changesSince(
	db: Kysely<Database>,
	spaceId: string,
	cursor: number,
	limit: number,
	context: PullContext
): Promise<{ cursor: number; changes: Change[]; more: boolean }> {
	const found: { version: number; change: Change }[] = [];
	for (const entity of syncedEntities as SyncedEntity[]) {
		const rows = await db
			.selectFrom(entity.table)
			.selectAll()
			.where('space_id', '=', spaceId)
			.where('version', '>', cursor)
			.orderBy('version')
			.limit(limit + 1)
			.execute();
		for (const row of rows as (SyncedRow & Parameters<typeof entity.toValue>[0])[]) {
			const change: Change =
				row.deleted === 1
					? { entity: entity.entity, id: row.id, op: 'delete' }
					: { entity: entity.entity, id: row.id, op: 'put', value: entity.toValue(row, context) };
			found.push({ version: row.version, change });
		}
	}
	found.sort((a, b) => a.version - b.version);
	const page = found.slice(0, limit);
	return {
		cursor: page.length ? page[page.length - 1].version : cursor,
		changes: page.map((item) => item.change),
		more: found.length > limit
	};
}

/**
 * Answers a pull: every space the user reads, from the cursor the device gives or 0. A cursor naming a space
 * the user may not read refuses the whole request. All reads share one snapshot (REPEATABLE READ on
 * PostgreSQL; SQLite's one connection is a snapshot already), so the changes and lastMutationId agree.
 */
export async function pull(db: Kysely<Database>, user: User, request: PullRequest): Promise<PullResponse> {
	// Outside the transaction: the first call may store the secret, which must not depend on this one.
	const context: PullContext = { secret: await serverSecret(db) };
	return db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const client = await trx
				.selectFrom('clients')
				.select(['user_id', 'last_mutation_id'])
				.where('id', '=', request.clientId)
				.executeTakeFirst();
			if (client && client.user_id !== user.id) throw new ApiFailure(403, 'client_taken');
			// The spaces the user reads with their versions, in one read: a space whose version is still the
			// device's cursor has nothing new, however many rows it holds (the common case of a phone that polls).
			const rows = await readableSpaceVersions(trx, user.id);
			const readable = rows.map((row) => row.id);
			const versions = new Map(rows.map((row) => [row.id, row.version]));
			const cursors = request.cursors ?? {};
			if (Object.keys(cursors).some((spaceId) => !versions.has(spaceId))) {
				throw new ApiFailure(403, 'forbidden');
			}
			const spaces: PullResponse['spaces'] = {};
			for (const spaceId of readable) {
				const cursor = cursors[spaceId] ?? 0;
				spaces[spaceId] =
					cursor > 0 && (versions.get(spaceId) ?? 0) <= cursor
						? { cursor, changes: [], more: false }
						: await changesSince(trx, spaceId, cursor, MAX_CHANGES_PER_PULL, context);
			}
			return { lastMutationId: client?.last_mutation_id ?? 0, spaces };
		});
}

/**
 * A poll's one read: the session with its user, the client, and every space the user reads with its
 * version (one row per space; one row with no space for a user who reads none). One statement reads one
 * snapshot on both databases, so the versions and lastMutationId agree as in `pull`'s transaction.
 */
const pollRead = preparedQuery('lapak_poll_read', (db, params: { sessionId: string; clientId: string }) =>
	db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.leftJoin('clients', (join) => join.on('clients.id', '=', params.clientId))
		.leftJoin('memberships', 'memberships.user_id', 'sessions.user_id')
		.leftJoin('spaces', 'spaces.id', 'memberships.space_id')
		.select([
			'sessions.expires_at',
			'users.id',
			'users.name',
			'users.phone',
			'users.role',
			'clients.user_id as client_user_id',
			'clients.last_mutation_id',
			'spaces.id as space_id',
			'spaces.version'
		])
		.where('sessions.id', '=', params.sessionId)
		.orderBy('memberships.space_id')
);

/**
 * The common pull, a phone polling with every cursor up to date, answered from one read (pollRead) instead
 * of the session lookup and `pull`'s transaction. Null when the session is gone, expired or to be renewed:
 * the caller looks it up as the hook does. Else the session's user, with the `answer` when the client is
 * the user's or new, every cursor names a space the user reads and no space has a version past its cursor;
 * with a null answer `pull` decides (its refusals included).
 */
export async function pollAnswer(
	db: Kysely<Database>,
	sessionId: string,
	request: PullRequest
): Promise<{ user: User; answer: PullResponse | null } | null> {
	const rows = await pollRead(db, { sessionId, clientId: request.clientId });
	const first = rows[0];
	if (!first || sessionState(first.expires_at) !== 'valid') return null;
	const user: User = { id: first.id, name: first.name, phone: first.phone, role: first.role };
	if (first.client_user_id !== null && first.client_user_id !== user.id) return { user, answer: null };
	const cursors = request.cursors ?? {};
	const versions = new Map<string, number>();
	for (const row of rows) if (row.space_id !== null) versions.set(row.space_id, row.version ?? 0);
	if (Object.keys(cursors).some((spaceId) => !versions.has(spaceId))) return { user, answer: null };
	const spaces: PullResponse['spaces'] = {};
	for (const [spaceId, version] of versions) {
		const cursor = cursors[spaceId] ?? 0;
		if (cursor === 0 || version > cursor) return { user, answer: null };
		spaces[spaceId] = { cursor, changes: [], more: false };
	}
	return { user, answer: { lastMutationId: first.last_mutation_id ?? 0, spaces } };
}
