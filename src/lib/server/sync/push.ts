import { sql, type Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import type { MutationResult, PushRequest, PushResponse } from '$lib/domain/mutations';
import { ApiFailure } from '../api';
import { isUniqueViolation } from '../db';
import type { Database } from '../db/schema';
import { applyMutation, MutationRejected } from './apply';
import { serverSecret } from '../secret';
import { publishPokes, type Poke } from './pokes';

type Outcome =
	| { kind: 'applied'; pokes: Poke[] }
	| { kind: 'rejected'; rejection: MutationRejected }
	| { kind: 'duplicate' | 'gap'; lastMutationId: number };

/** The mutation ids of a batch are n, n+1, n+2 … */
function assertConsecutive(request: PushRequest): void {
	const first = request.mutations[0]?.id ?? 0;
	if (request.mutations.some((mutation, index) => mutation.id !== first + index)) {
		throw new ApiFailure(400, 'ids_not_consecutive');
	}
}

/** The client row, created for this user on first use; someone else's device id is refused. */
async function claimClient(db: Kysely<Database>, user: User, clientId: string): Promise<number> {
	await db
		.insertInto('clients')
		.values({ id: clientId, user_id: user.id, last_mutation_id: 0, updated_at: new Date().toISOString() })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	const client = await db
		.selectFrom('clients')
		.select(['user_id', 'last_mutation_id'])
		.where('id', '=', clientId)
		.executeTakeFirstOrThrow();
	if (client.user_id !== user.id) throw new ApiFailure(403, 'client_taken');
	return client.last_mutation_id;
}

/**
 * Applies one mutation in its own transaction together with the advance of the client's lastMutationId.
 * The advance comes first and is conditional (`where last_mutation_id = id - 1`): on PostgreSQL it row-locks
 * the client, so a concurrent push of the same batch waits and then finds the id taken (duplicate); on SQLite
 * transactions run one at a time anyway. A rejected mutation is rolled back to the savepoint after the
 * advance, so nothing of it is stored while the queue still moves past it.
 */
async function applyOne(
	db: Kysely<Database>,
	user: User,
	clientId: string,
	mutation: PushRequest['mutations'][number],
	secret: Buffer
): Promise<Outcome> {
	return db.transaction().execute(async (trx): Promise<Outcome> => {
		const now = new Date().toISOString();
		const advanced = await trx
			.updateTable('clients')
			.set({ last_mutation_id: mutation.id, updated_at: now })
			.where('id', '=', clientId)
			.where('user_id', '=', user.id)
			.where('last_mutation_id', '=', mutation.id - 1)
			.executeTakeFirst();
		if (Number(advanced.numUpdatedRows) === 0) {
			const current = await trx
				.selectFrom('clients')
				.select('last_mutation_id')
				.where('id', '=', clientId)
				.executeTakeFirstOrThrow();
			const kind = current.last_mutation_id >= mutation.id ? 'duplicate' : 'gap';
			return { kind, lastMutationId: current.last_mutation_id };
		}
		await sql`savepoint apply_mutation`.execute(trx);
		try {
			const { pokes } = await applyMutation(trx, { userId: user.id, now, secret }, mutation);
			await sql`release savepoint apply_mutation`.execute(trx);
			return { kind: 'applied', pokes };
		} catch (error) {
			let rejection: MutationRejected;
			if (error instanceof MutationRejected) rejection = error;
			// The same new product id created in two spaces at the same moment: the primary key decides.
			else if (isUniqueViolation(error)) rejection = new MutationRejected('conflict', 'err.product_exists');
			else throw error;
			await sql`rollback to savepoint apply_mutation`.execute(trx);
			return { kind: 'rejected', rejection };
		}
	});
}

/** DESIGN.md §3 Push. Pokes go out for every space that changed, after the commits, even if a later one fails. */
export async function push(db: Kysely<Database>, user: User, request: PushRequest): Promise<PushResponse> {
	assertConsecutive(request);
	let lastMutationId = await claimClient(db, user, request.clientId);
	const firstNew = request.mutations.find((mutation) => mutation.id > lastMutationId);
	if (firstNew && firstNew.id !== lastMutationId + 1) {
		throw new ApiFailure(409, 'gap', { extra: { lastMutationId } });
	}
	// Read before any transaction: the first read may store it (secret.ts).
	const secret = await serverSecret(db);
	const results: MutationResult[] = [];
	const pokes: Poke[] = [];
	try {
		for (const mutation of request.mutations) {
			if (mutation.id <= lastMutationId) {
				results.push({ id: mutation.id, status: 'duplicate' });
				continue;
			}
			// Let other requests in between mutations: with SQLite every query resolves at once, and a batch of
			// 500 would otherwise hold the event loop until it is done.
			await new Promise((resolve) => setImmediate(resolve));
			const outcome = await applyOne(db, user, request.clientId, mutation, secret);
			switch (outcome.kind) {
				case 'applied':
					pokes.push(...outcome.pokes);
					results.push({ id: mutation.id, status: 'applied' });
					lastMutationId = mutation.id;
					break;
				case 'rejected':
					results.push({
						id: mutation.id,
						status: 'rejected',
						code: outcome.rejection.code,
						message: outcome.rejection.userMessage
					});
					lastMutationId = mutation.id;
					break;
				case 'duplicate':
					// A concurrent push of the same batch got there first.
					results.push({ id: mutation.id, status: 'duplicate' });
					lastMutationId = outcome.lastMutationId;
					break;
				case 'gap':
					throw new ApiFailure(409, 'gap', { extra: { lastMutationId: outcome.lastMutationId } });
			}
		}
	} finally {
		await publishPokes(pokes);
	}
	return { lastMutationId, results };
}
