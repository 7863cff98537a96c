import type { Selectable } from 'kysely';
import type { EntityName } from '$lib/domain/mutations';
import type { Product } from '$lib/domain/product';
import type { Database, ProductsTable, SyncedTableName } from '../db/schema';

export function productFromRow(row: Selectable<ProductsTable>): Product {
	return {
		id: row.id,
		spaceId: row.space_id,
		name: row.name,
		price: Number(row.price),
		unit: row.unit,
		stock: Number(row.stock),
		category: row.category,
		description: row.description,
		photo: row.photo,
		active: row.active === 1,
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

export interface SyncedEntity<T extends SyncedTableName = SyncedTableName> {
	entity: EntityName;
	table: T;
	/** The row as pull sends it in a `put` change. */
	toValue(row: Selectable<Database[T]>): unknown;
}

/**
 * Every table pull reads. A new synced record type (orders, financing, sellers) is a table with the SyncedRow
 * columns and an index on (space_id, version), a row mapper, and one line here.
 */
export const syncedEntities: SyncedEntity[] = [
	{ entity: 'product', table: 'products', toValue: productFromRow }
];
