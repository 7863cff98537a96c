import type { MutationArgs, MutationName } from '$lib/domain/mutations';
import type { ChangedBy } from '$lib/domain/records';
import type { LapakDb } from '../db';
import { getMeta } from '../../meta';
import { expenseLocal } from './expense';
import { financingLocal } from './financing';
import { orderLocal } from './order';
import { procurementLocal } from './procurement';
import { productLocal } from './product';
import { sellerLocal } from './seller';
import { LocalChangeError, type LocalHandler, type LocalHandlers } from './shared';

export { LocalChangeError };

/** Every mutation's local apply, by name, grouped by entity: the phone's mirror of the server's handlers. */
const localHandlers: LocalHandlers<MutationName> = {
	...productLocal,
	...orderLocal,
	...financingLocal,
	...sellerLocal,
	...expenseLocal,
	...procurementLocal
};

/**
 * Applies a mutation to the phone's own tables, the same way the server will, and marks the record as
 * changed by the person using the phone (as the server stamps every row a mutation wrote: a seller sees
 * "diubah oleh pendamping Budi"). Runs inside the transaction of `mutate`, which also writes the outbox
 * entry; never call it from anywhere else. Returns the id of the record the change is about.
 */
export async function applyLocally<N extends MutationName>(
	db: LapakDb,
	space: string,
	name: N,
	args: MutationArgs<N>,
	at: string
): Promise<string> {
	const handler = localHandlers[name] as LocalHandler<N> | undefined;
	if (!handler) throw new LocalChangeError('err.unknown_mutation');
	const entityId = await handler.apply({ db, space, at }, args);
	const account = await getMeta(db, 'account');
	if (account) {
		// A space this phone made (a seller signed up offline) is not in the account yet: its maker is its facilitator.
		const role = account.spaces.find((ref) => ref.id === space)?.role ?? 'facilitator';
		const changedBy: ChangedBy = { id: account.user.id, name: account.user.name, role };
		await db[handler.stamps].update(entityId, { changedBy });
	}
	return entityId;
}
