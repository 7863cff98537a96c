import type { Selectable } from 'kysely';
import type { EntityName } from '$lib/domain/mutations';
import type { Product, StockMovement } from '$lib/domain/product';
import type { Database, ProductsTable, StockMovementsTable, SyncedTableName } from '../db/schema';

/** The `photos` column's JSON array; anything else (never written by apply.ts) reads as no photos. */
export function parsePhotos(text: string): string[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
	} catch {
		return [];
	}
}

export function productFromRow(row: Selectable<ProductsTable>): Product {
	return {
		id: row.id,
		spaceId: row.space_id,
		name: row.name,
		price: Number(row.price),
		unit: row.unit,
		stock: Number(row.stock),
		minStock: row.min_stock === null ? null : Number(row.min_stock),
		category: row.category,
		sku: row.sku,
		description: row.description,
		weightGrams: row.weight_grams,
		photos: parsePhotos(row.photos),
		active: row.active === 1,
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

export function stockMovementFromRow(row: Selectable<StockMovementsTable>): StockMovement {
	return {
		id: row.id,
		spaceId: row.space_id,
		productId: row.product_id,
		delta: Number(row.delta),
		reason: row.reason,
		stockAfter: Number(row.stock_after),
		at: row.at,
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
	{ entity: 'product', table: 'products', toValue: productFromRow },
	{ entity: 'stockMovement', table: 'stock_movements', toValue: stockMovementFromRow }
];
