import { sql, type Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import type { MutationResult, PushRequest, PushResponse } from '$lib/domain/mutations';
import { ApiFailure } from '../api';
import { isDatabaseUnavailable, isDataRefusal, isUniqueViolation } from '../db';
import type { Database } from '../db/schema';
import { serverSecret } from '../secret';
import { applyMutation, loadWriter, MutationRejected } from './apply';
import { publishPokes, type Poke } from './pokes';

/**
 * How many mutations share one transaction. Each is still applied whole or not at all (a savepoint of its
 * own) and commits together with the advance of lastMutationId past it; the chunk only saves the commits
 * (a disk flush each on SQLite). Small enough that other requests get the database between chunks.
 */
const CHUNK = 100;

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
 * The answers to mutations the server has already had: `rejected` again, with the code and message it was
 * refused with the first time (that answer may never have reached the phone), `duplicate` otherwise.
 */
async function answersAgain(
	db: Kysely<Database>,
	clientId: string,
	ids: number[]
): Promise<MutationResult[]> {
	if (ids.length === 0) return [];
	const rejected = await db
		.selectFrom('rejected_mutations')
		.select(['mutation_id', 'code', 'message'])
		.where('client_id', '=', clientId)
		.where('mutation_id', '>=', ids[0])
		.where('mutation_id', '<=', ids[ids.length - 1])
		.execute();
	const byId = new Map(rejected.map((row) => [row.mutation_id, row]));
	return ids.map((id): MutationResult => {
		const row = byId.get(id);
		return row
			? { id, status: 'rejected', code: row.code, message: row.message, replay: true }
			: { id, status: 'duplicate' };
	});
}

/**
 * Applies a chunk of new mutations (ids lastMutationId+1 …) in one transaction. The advance of the client's
 * lastMutationId comes first and is conditional: on PostgreSQL it row-locks the client, so a concurrent push
 * of the same batch waits and then finds the ids taken (it answers them as already had); on SQLite
 * transactions run one at a time anyway. Each mutation runs behind its own savepoint: a refused one is
 * rolled back alone and its outcome remembered, so nothing of it is stored while the queue moves past it.
 * Returns null when another push got there first.
 */
async function applyChunk(
	db: Kysely<Database>,
	user: User,
	clientId: string,
	chunk: PushRequest['mutations'],
	secret: Buffer,
	pokes: Poke[]
): Promise<MutationResult[] | null> {
	const first = chunk[0].id;
	const last = chunk[chunk.length - 1].id;
	return db.transaction().execute(async (trx) => {
		const now = new Date().toISOString();
		const advanced = await trx
			.updateTable('clients')
			.set({ last_mutation_id: last, updated_at: now })
			.where('id', '=', clientId)
			.where('user_id', '=', user.id)
			.where('last_mutation_id', '=', first - 1)
			.executeTakeFirst();
		if (Number(advanced.numUpdatedRows) === 0) return null;
		const writer = await loadWriter(trx, user.id);
		const results: MutationResult[] = [];
		const applied: Poke[] = [];
		for (const mutation of chunk) {
			await sql`savepoint apply_mutation`.execute(trx);
			try {
				const outcome = await applyMutation(trx, { userId: user.id, now, secret }, writer, mutation);
				await sql`release savepoint apply_mutation`.execute(trx);
				applied.push(...outcome.pokes);
				results.push({ id: mutation.id, status: 'applied' });
			} catch (error) {
				let rejection: MutationRejected;
				if (error instanceof MutationRejected) rejection = error;
				// A new id written by another space at the same moment: the primary key decides.
				else if (isUniqueViolation(error)) rejection = new MutationRejected('conflict', 'err.product_exists');
				// Data the database itself refuses is this mutation's fault: refused, and the queue moves on.
				else if (isDataRefusal(error)) rejection = new MutationRejected('invalid', 'err.invalid_data');
				else throw error;
				await sql`rollback to savepoint apply_mutation`.execute(trx);
				const refusal = { code: rejection.code, message: rejection.userMessage };
				await trx
					.insertInto('rejected_mutations')
					.values({ client_id: clientId, mutation_id: mutation.id, ...refusal, created_at: now })
					.execute();
				results.push({ id: mutation.id, status: 'rejected', ...refusal });
			}
		}
		// Only once they are committed: a poke makes phones pull.
		pokes.push(...applied);
		return results;
	});
}

/**
 * DESIGN.md §3 Push. Pokes go out for every space that changed, after the commits, even if a later one
 * fails. A database that cannot be reached is answered 503, which the phone retries: what was committed
 * before stays, and the rest is sent again.
 */
export async function push(db: Kysely<Database>, user: User, request: PushRequest): Promise<PushResponse> {
	try {
		return await pushBatch(db, user, request);
	} catch (error) {
		if (isDatabaseUnavailable(error)) throw new ApiFailure(503, 'unavailable');
		throw error;
	}
}

async function pushBatch(db: Kysely<Database>, user: User, request: PushRequest): Promise<PushResponse> {
	assertConsecutive(request);
	let lastMutationId = await claimClient(db, user, request.clientId);
	const firstNew = request.mutations.find((mutation) => mutation.id > lastMutationId);
	if (firstNew && firstNew.id !== lastMutationId + 1) {
		throw new ApiFailure(409, 'gap', { extra: { lastMutationId } });
	}
	// A device sends its outbox from its oldest entry: what lies below this batch it holds no more, and
	// the outcomes kept for it can go.
	if (request.mutations.length) {
		await db
			.deleteFrom('rejected_mutations')
			.where('client_id', '=', request.clientId)
			.where('mutation_id', '<', request.mutations[0].id)
			.execute();
	}
	// Read before any transaction: the first read may store it (secret.ts).
	const secret = await serverSecret(db);
	const had = request.mutations.filter((mutation) => mutation.id <= lastMutationId);
	const results: MutationResult[] = await answersAgain(
		db,
		request.clientId,
		had.map((mutation) => mutation.id)
	);
	const pokes: Poke[] = [];
	try {
		let pending = request.mutations.slice(had.length);
		while (pending.length) {
			// Let other requests in between chunks: with SQLite every query resolves at once, and a batch of
			// 500 would otherwise hold the event loop until it is done.
			await new Promise((resolve) => setImmediate(resolve));
			const chunk = pending.slice(0, CHUNK);
			const answered = await applyChunk(db, user, request.clientId, chunk, secret, pokes);
			if (answered) {
				results.push(...answered);
				lastMutationId = chunk[chunk.length - 1].id;
				pending = pending.slice(chunk.length);
				continue;
			}
			// A concurrent push of the same batch got there first: answer what it did, go on from there.
			const current = await claimClient(db, user, request.clientId);
			if (current < chunk[0].id) throw new ApiFailure(409, 'gap', { extra: { lastMutationId: current } });
			const done = pending.filter((mutation) => mutation.id <= current);
			results.push(
				...(await answersAgain(
					db,
					request.clientId,
					done.map((mutation) => mutation.id)
				))
			);
			lastMutationId = current;
			pending = pending.slice(done.length);
		}
	} finally {
		await publishPokes(pokes);
	}
	return { lastMutationId: Math.max(lastMutationId, 0), results };
}
