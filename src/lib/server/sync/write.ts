import { sql, type Transaction } from 'kysely';
import type { MutationArgs, MutationName } from '$lib/domain/mutations';
import type { Actor, ChangedBy } from '$lib/domain/records';
import type { Database } from '../db/schema';
import { MutationRejected } from './rejection';

/**
 * What every writer of synced records shares: the transaction type, what a handler knows, and the space
 * version every written row is stamped with.
 */
export type Trx = Transaction<Database>;

export interface MutationContext {
	userId: string;
	/** The server's clock decides order; the device's `at` is only kept for display. */
	now: string;
	/** The server secret (secret.ts), read before the transaction: activation codes are derived from it. */
	secret: Buffer;
}

/** What a write knows besides its arguments. */
export interface WriteContext {
	now: string;
	/**
	 * Who is writing, as the `changed_by` column holds it (JSON of ChangedBy). Every row a write inserts or
	 * updates carries it in the same statement: the seller sees "diubah oleh pendamping Budi".
	 */
	changedBy: string;
}

/** What a handler knows besides its arguments. */
export interface HandlerContext extends MutationContext, WriteContext {
	/** The mutation's `at` (the device's clock), as ISO-8601 UTC. */
	deviceAt: string;
}

/** What a handler may tell besides success: users whose access to the space changed (their streams re-read it). */
export interface HandlerOutcome {
	membersChanged?: string[];
}

export type Handler<N extends MutationName> = (
	trx: Trx,
	ctx: HandlerContext,
	space: string,
	args: MutationArgs<N>
) => Promise<void | HandlerOutcome>;

/** The handlers of one entity's mutations, by name. */
export type Handlers<N extends MutationName> = { [K in N]: Handler<K> };

/** The `changed_by` column's value for a writer. */
export function changedByColumn(who: ChangedBy): string {
	return JSON.stringify(who);
}

/**
 * Bumps the space's version and returns it. Call it before reading a row you are about to change: on
 * PostgreSQL the UPDATE row-locks the space, so writers of one space run one after another, their
 * read-modify-write is safe, and versions commit in the order they were taken (which pull's cursor relies on).
 */
export async function bumpSpaceVersion(trx: Trx, spaceId: string): Promise<number> {
	const row = await trx
		.updateTable('spaces')
		.set({ version: sql`version + 1` })
		.where('id', '=', spaceId)
		.returning('version')
		.executeTakeFirst();
	if (!row) throw new MutationRejected('forbidden', 'err.forbidden');
	return row.version;
}

/** The person behind a mutation, as order histories name them. */
export async function userActor(trx: Trx, userId: string): Promise<Actor> {
	const row = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
	return { id: userId, name: row?.name ?? '' };
}
