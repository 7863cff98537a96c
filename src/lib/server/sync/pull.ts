import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import {
	MAX_CHANGES_PER_PULL,
	type Change,
	type PullRequest,
	type PullResponse
} from '$lib/domain/mutations';
import { ApiFailure } from '../api';
import { readableSpaceVersions } from './access';
import type { Database, SyncedRow } from '../db/schema';
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
