import type { LapakDb, MetaRow, MetaValues } from './sync/db';

// Kept apart from db.ts (which loads Dexie) so screens can read meta values without pulling Dexie onto
// the first screen's critical path.

export async function getMeta<K extends keyof MetaValues>(
	local: LapakDb,
	key: K
): Promise<MetaValues[K] | undefined> {
	const row = (await local.meta.get(key)) as MetaRow<K> | undefined;
	return row?.value;
}

export function setMeta<K extends keyof MetaValues>(
	local: LapakDb,
	key: K,
	value: MetaValues[K]
): Promise<unknown> {
	return local.meta.put({ key, value } as MetaRow);
}

/** The id this install sends as `clientId`, made once and kept. */
export async function getClientId(local: LapakDb): Promise<string> {
	return local.transaction('rw', local.meta, async () => {
		let clientId = await getMeta(local, 'clientId');
		if (!clientId) {
			clientId = crypto.randomUUID();
			await setMeta(local, 'clientId', clientId);
		}
		return clientId;
	});
}
