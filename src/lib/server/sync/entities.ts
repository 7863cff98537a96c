import type { Selectable } from 'kysely';
import type { FinancingApplication } from '$lib/domain/financing';
import type { EntityName } from '$lib/domain/mutations';
import type { Order } from '$lib/domain/order';
import type { Product, StockMovement } from '$lib/domain/product';
import type {
	Database,
	FinancingApplicationsTable,
	OrdersTable,
	ProductsTable,
	StockMovementsTable,
	SyncedTableName
} from '../db/schema';

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
		// Only an order's movements name one: the others keep the shape they had before orders.
		...(row.order_id ? { orderId: row.order_id } : {}),
		stockAfter: Number(row.stock_after),
		at: row.at,
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** A JSON column written by apply.ts; `fallback` for anything unreadable (never written by it). */
function parseJson<T>(text: string | null, fallback: T): T {
	if (text === null) return fallback;
	try {
		return JSON.parse(text) as T;
	} catch {
		return fallback;
	}
}

export function orderFromRow(row: Selectable<OrdersTable>): Order {
	return {
		id: row.id,
		spaceId: row.space_id,
		number: row.number,
		channel: row.channel,
		items: parseJson(row.items, []),
		total: Number(row.total),
		buyer: { name: row.buyer_name, phone: row.buyer_phone },
		delivery: parseJson(row.delivery, null),
		note: row.note,
		status: row.status,
		payments: parseJson(row.payments, []),
		paid: Number(row.paid),
		paymentStatus: row.payment_status,
		history: parseJson(row.history, []),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** An order as its row holds it (the inverse of orderFromRow). */
export function orderToRow(order: Order): Selectable<OrdersTable> {
	return {
		id: order.id,
		space_id: order.spaceId,
		number: order.number,
		channel: order.channel,
		status: order.status,
		total: order.total,
		paid: order.paid,
		payment_status: order.paymentStatus,
		buyer_name: order.buyer.name,
		buyer_phone: order.buyer.phone,
		items: JSON.stringify(order.items),
		payments: JSON.stringify(order.payments),
		history: JSON.stringify(order.history),
		delivery: order.delivery ? JSON.stringify(order.delivery) : null,
		note: order.note,
		deleted: 0,
		version: order.version,
		created_at: order.createdAt,
		updated_at: order.updatedAt
	};
}

export function financingFromRow(row: Selectable<FinancingApplicationsTable>): FinancingApplication {
	return {
		id: row.id,
		spaceId: row.space_id,
		status: row.status,
		fields: parseJson(row.fields, {}),
		fieldChanges: parseJson(row.field_changes, {}),
		ratePercent: row.rate_percent === null ? null : Number(row.rate_percent),
		salesRecord: parseJson(row.sales_record, null),
		submittedAt: row.submitted_at,
		decisions: parseJson(row.decisions, []),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** An application as its row holds it (the inverse of financingFromRow). */
export function financingToRow(application: FinancingApplication): Selectable<FinancingApplicationsTable> {
	return {
		id: application.id,
		space_id: application.spaceId,
		status: application.status,
		fields: JSON.stringify(application.fields),
		field_changes: JSON.stringify(application.fieldChanges),
		rate_percent: application.ratePercent,
		sales_record: application.salesRecord ? JSON.stringify(application.salesRecord) : null,
		submitted_at: application.submittedAt,
		decisions: JSON.stringify(application.decisions),
		deleted: 0,
		version: application.version,
		created_at: application.createdAt,
		updated_at: application.updatedAt
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
	{ entity: 'stockMovement', table: 'stock_movements', toValue: stockMovementFromRow },
	{ entity: 'order', table: 'orders', toValue: orderFromRow },
	{ entity: 'financing', table: 'financing_applications', toValue: financingFromRow }
];
