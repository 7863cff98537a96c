import { mutationArgs, type MutationArgs, type MutationName } from '$lib/domain/mutations';
import { uncleanTextPath } from '$lib/domain/text';
import type { LapakDb } from './db';
import { syncedTables } from './entities';
import { getMeta, setMeta } from '../meta';
import { applyLocally } from './local';
import { queueNamedDrafts } from './drafts';

/** The input of a change broke a rule; `issues` carry i18n keys (`err.price_negative`) per field. */
export class InvalidChange extends Error {
	constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {
		super(issues[0]?.message ?? 'err.invalid');
	}
}

/** Every table a change may write: a caller that wraps `mutate` in a transaction of its own opens these. */
export function mutationTables(local: LapakDb) {
	return [...syncedTables(local), local.trash, local.photos, local.documents, local.outbox, local.meta];
}

const changeListeners = new Set<() => void>();

/**
 * Calls `listener` after every change saved through `mutate` (the app's sync engine asks for a round);
 * returns the function that stops it.
 */
export function onLocalChange(listener: () => void): () => void {
	changeListeners.add(listener);
	return () => changeListeners.delete(listener);
}

/**
 * The one way a change is made on the phone: checks it with the shared schema, applies it to the local
 * tables and appends it to the outbox, all in one Dexie transaction, so a record never exists without
 * the mutation that will carry it to the server (and the other way round); the photos it names are
 * queued for upload in that transaction too. Once it is saved, a sync is
 * asked for: callers do not schedule one themselves.
 */
export async function mutate<N extends MutationName>(
	local: LapakDb,
	space: string,
	name: N,
	args: MutationArgs<N>
): Promise<void> {
	const unclean = uncleanTextPath(args);
	if (unclean) throw new InvalidChange([{ path: unclean, message: 'err.text_invalid_chars' }]);
	const parsed = mutationArgs[name].safeParse(args);
	if (!parsed.success) {
		throw new InvalidChange(
			parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }))
		);
	}
	const at = new Date().toISOString();
	await local.transaction('rw', mutationTables(local), async () => {
		const id = (await getMeta(local, 'nextMutationId')) ?? 1;
		const entityId = await applyLocally(local, space, name, parsed.data as MutationArgs<N>, at);
		// The photos and documents the saved record names now go to the server; the others stay drafts.
		await queueNamedDrafts(local, parsed.data);
		await local.outbox.add({ id, name, space, args: parsed.data, at, entityId });
		await setMeta(local, 'nextMutationId', id + 1);
	});
	// Inside a caller's own transaction (financing.ts) this runs when `mutate` returns, before that
	// transaction commits; the sync round it asks for starts later (a timer), by which time it has.
	for (const listener of changeListeners) listener();
}
