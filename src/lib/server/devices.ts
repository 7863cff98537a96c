import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { deviceCode } from '$lib/domain/order';
import type { Database } from './db/schema';

/** The optional `clientId` that login, register and `GET /api/me` accept (an extension of DESIGN.md §3). */
export const clientIdField = z.object({ clientId: z.optional(z.uuid('err.id_invalid')) });

export const CLIENT_SEQUENCE = 'client_sequence';

/**
 * The device code of a phone's install (`KP` in order number `KP-12`), for the user logging in on it.
 * The client row is made for this user if it is new (as the first push would); a client that already
 * belongs to another user gets no code (its pushes would be refused anyway, and the phone starts a new
 * install id). The first time, the client is given the next number of the shared counter: numbers never
 * repeat, so two phones never get the same code, and the same phone keeps its code at every login.
 */
export async function deviceCodeFor(
	db: Kysely<Database>,
	userId: string,
	clientId: string
): Promise<string | undefined> {
	const sequence = await db.transaction().execute(async (trx) => {
		const now = new Date().toISOString();
		await trx
			.insertInto('clients')
			.values({ id: clientId, user_id: userId, last_mutation_id: 0, updated_at: now })
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
		const client = await trx
			.selectFrom('clients')
			.select(['user_id', 'sequence'])
			.where('id', '=', clientId)
			.executeTakeFirstOrThrow();
		if (client.user_id !== userId) return null;
		if (client.sequence !== null) return client.sequence;
		// On PostgreSQL the UPDATE row-locks the counter until the commit: two logins never share a number.
		const counter = await trx
			.updateTable('counters')
			.set((eb) => ({ value: eb('value', '+', 1) }))
			.where('name', '=', CLIENT_SEQUENCE)
			.returning('value')
			.executeTakeFirstOrThrow();
		// Two logins of one new phone at once: the first to write keeps its number, the other's is skipped.
		await trx
			.updateTable('clients')
			.set({ sequence: Number(counter.value) })
			.where('id', '=', clientId)
			.where('sequence', 'is', null)
			.execute();
		const assigned = await trx
			.selectFrom('clients')
			.select('sequence')
			.where('id', '=', clientId)
			.executeTakeFirstOrThrow();
		return assigned.sequence;
	});
	return sequence === null ? undefined : deviceCode(Number(sequence));
}
