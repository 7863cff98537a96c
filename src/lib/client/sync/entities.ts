import type { EntityName } from '$lib/domain/sync-protocol';
import type { Change } from '$lib/domain/sync-protocol';
import type { LapakDb } from './db';

/**
 * Every synced entity the phone keeps, with its Dexie table (each keyed by `id`, each with a `spaceId`
 * index). The outbox, pull, logout and "forget a space" all read this list; a new synced entity is one
 * entry here, one local-apply module in `local/`, and its domain file.
 */
export const syncedEntities = [
	{ entity: 'product', table: 'products' },
	{ entity: 'stockMovement', table: 'stockMovements' },
	{ entity: 'order', table: 'orders' },
	{ entity: 'financing', table: 'financing' },
	{ entity: 'seller', table: 'sellers' },
	{ entity: 'expense', table: 'expenses' },
	{ entity: 'supplier', table: 'suppliers' },
	{ entity: 'procurement', table: 'procurements' },
	{ entity: 'invoiceAdvance', table: 'invoiceAdvances' }
] as const satisfies readonly { entity: EntityName; table: keyof LapakDb }[];

export type SyncedTableName = (typeof syncedEntities)[number]['table'];

const tableOfEntity = new Map<string, SyncedTableName>(
	syncedEntities.map(({ entity, table }) => [entity, table])
);

/** The Dexie tables of every synced entity, for a transaction that reads or writes them. */
export function syncedTables(local: LapakDb) {
	return syncedEntities.map(({ table }) => local[table]);
}

/**
 * The synced records of one space on the phone. Photos and documents stay: they are kept by hash, and a
 * document may still be waiting for its upload.
 */
export async function forgetSpace(local: LapakDb, spaceId: string): Promise<void> {
	for (const table of syncedTables(local)) await table.where('spaceId').equals(spaceId).delete();
}

/**
 * Stores a page of pulled changes of one space: one `bulkPut` and one `bulkDelete` per table, in the
 * caller's transaction. The server sends each record's latest state once per page and in version order,
 * so the last change of an id wins. The server leaves `spaceId` out of each value (the page is that
 * space's); it is put back here.
 */
export async function storeChanges(local: LapakDb, spaceId: string, changes: Change[]): Promise<void> {
	const latest = new Map<SyncedTableName, Map<string, Change>>();
	for (const change of changes) {
		const table = tableOfEntity.get(change.entity);
		if (!table) continue; // an entity this version of the app does not know yet
		let byId = latest.get(table);
		if (!byId) latest.set(table, (byId = new Map()));
		byId.delete(change.id);
		byId.set(change.id, change);
	}
	for (const [table, byId] of latest) {
		const puts: object[] = [];
		const deletes: string[] = [];
		for (const change of byId.values()) {
			if (change.op === 'delete') deletes.push(change.id);
			else puts.push({ ...(change.value as object), id: change.id, spaceId });
		}
		// Dexie's table types differ per entity; the values are the server's, shaped by its row mappers.
		const target = local[table] as unknown as import('dexie').Table<object, string>;
		if (deletes.length) await target.bulkDelete(deletes);
		if (puts.length) await target.bulkPut(puts);
	}
}
