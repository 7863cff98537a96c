import { mutationArgs, type MutationArgs, type MutationName } from '$lib/domain/mutations';
import type { LapakDb } from './db';
import { getMeta, setMeta } from './meta';
import { applyLocally } from './local-apply';

/** The input of a change broke a rule; `issues` carry i18n keys (`err.price_negative`) per field. */
export class InvalidChange extends Error {
	constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {
		super(issues[0]?.message ?? 'err.invalid');
	}
}

/** Every table a change may write: a caller that wraps `mutate` in a transaction of its own opens these. */
export function mutationTables(local: LapakDb) {
	return [
		local.products,
		local.stockMovements,
		local.trash,
		local.orders,
		local.financing,
		local.sellers,
		local.documents,
		local.outbox,
		local.meta
	];
}

/**
 * The one way a change is made on the phone: checks it with the shared schema, applies it to the local
 * tables and appends it to the outbox, all in one Dexie transaction, so a record never exists without
 * the mutation that will carry it to the server (and the other way round).
 */
export async function mutate<N extends MutationName>(
	local: LapakDb,
	space: string,
	name: N,
	args: MutationArgs<N>
): Promise<void> {
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
		await local.outbox.add({ id, name, space, args: parsed.data, at, entityId });
		await setMeta(local, 'nextMutationId', id + 1);
	});
}
