import type { Selectable } from 'kysely';
import type { FinancingApplication } from '$lib/domain/financing';
import type { EntityName } from '$lib/domain/mutations';
import type { Order } from '$lib/domain/order';
import type { Product, StockMovement } from '$lib/domain/product';
import type { Expense } from '$lib/domain/expense';
import type { InvoiceAdvance } from '$lib/domain/invoice-advance';
import type { Procurement } from '$lib/domain/procurement';
import type { BusinessSize, SupplierProfile } from '$lib/domain/supplier';
import type { ChangedBy } from '$lib/domain/records';
import type { Seller, SellerMember } from '$lib/domain/seller';
import { activationCode } from '../activation';
import type {
	Database,
	ExpensesTable,
	FinancingApplicationsTable,
	InvoiceAdvancesTable,
	OrdersTable,
	ProcurementsTable,
	ProductsTable,
	SellersTable,
	StockMovementsTable,
	SupplierProfilesTable,
	SyncedRow,
	SyncedTableName
} from '../db/schema';
import { withVerifyPaths } from '../procurement/verify-link';

/** The `photos` column's JSON array; anything else (never written by apply.ts) reads as no photos. */
export function parsePhotos(text: string): string[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
	} catch {
		return [];
	}
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

/** The `changed_by` column: who wrote the row last (null before it was recorded). */
export function changedByFromRow(row: { changed_by: string | null }): ChangedBy | null {
	return parseJson<ChangedBy | null>(row.changed_by, null);
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
		costPrice: row.cost_price === null ? null : Number(row.cost_price),
		// Only a product with a barcode names one: the others keep the shape they had before barcodes.
		...(row.barcode ? { barcode: row.barcode } : {}),
		changedBy: changedByFromRow(row),
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
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
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
		receiptToken: row.receipt_token,
		changedBy: changedByFromRow(row),
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
		receipt_token: order.receiptToken ?? null,
		changed_by: order.changedBy ? JSON.stringify(order.changedBy) : null,
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
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/**
 * An application as its row holds it (the inverse of financingFromRow), but for the lender it was sent to,
 * which only submission and the admin's move write.
 */
export function financingToRow(
	application: FinancingApplication
): Omit<Selectable<FinancingApplicationsTable>, 'lender_id'> {
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
		changed_by: application.changedBy ? JSON.stringify(application.changedBy) : null,
		deleted: 0,
		version: application.version,
		created_at: application.createdAt,
		updated_at: application.updatedAt
	};
}

/**
 * A seller's profile as pull sends it. The activation code is derived again from the server secret for a
 * `pending` row (the database holds only its hash); only the space's facilitators are members before
 * activation, so only they are ever sent it.
 */
export function sellerFromRow(row: Selectable<SellersTable>, context: PullContext): Seller {
	const pending = row.activation_status === 'pending' && row.activation_issued_at !== null;
	return {
		id: row.id,
		spaceId: row.space_id,
		ownerName: row.owner_name,
		phone: row.phone,
		businessName: row.business_name,
		category: row.category,
		address: parseJson(row.address, null),
		location: parseJson(row.location, null),
		storefrontPhoto: row.storefront_photo,
		nik: row.nik,
		nib: row.nib,
		activation: {
			status: row.activation_status,
			code: pending ? activationCode(context.secret, row.id, row.activation_issued_at!) : null,
			expiresAt: pending ? row.activation_expires_at : null,
			activatedAt: row.activated_at
		},
		slug: row.slug,
		members: parseJson<SellerMember[]>(row.members, []),
		onboardedBy: parseJson(row.onboarded_by, { id: '', name: '' }),
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** The profile columns of a seller (the fields `seller.create` and `seller.patch` write). */
export function sellerProfileToRow(seller: Seller) {
	return {
		owner_name: seller.ownerName,
		phone: seller.phone,
		business_name: seller.businessName,
		category: seller.category,
		address: seller.address ? JSON.stringify(seller.address) : null,
		location: seller.location ? JSON.stringify(seller.location) : null,
		storefront_photo: seller.storefrontPhoto,
		nik: seller.nik,
		nib: seller.nib
	} satisfies Partial<SellersTable>;
}

export function expenseFromRow(row: Selectable<ExpensesTable>): Expense {
	return {
		id: row.id,
		spaceId: row.space_id,
		category: row.category,
		amount: Number(row.amount),
		date: row.date,
		note: row.note,
		photo: row.photo,
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

export function supplierFromRow(row: Selectable<SupplierProfilesTable>): SupplierProfile {
	return {
		id: row.id,
		spaceId: row.space_id,
		acceptsInstitutional: row.accepts_institutional === 1,
		legalName: row.legal_name,
		nib: row.nib,
		npwp: row.npwp,
		nitku: row.nitku,
		pkp: row.pkp === 1,
		bank: parseJson(row.bank, null),
		size: row.size as BusinessSize | null,
		address: parseJson(row.address, null),
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** The columns of a supplier profile (what `supplier.put` writes). */
export function supplierToColumns(profile: SupplierProfile) {
	return {
		accepts_institutional: profile.acceptsInstitutional ? 1 : 0,
		legal_name: profile.legalName,
		nib: profile.nib,
		npwp: profile.npwp,
		nitku: profile.nitku,
		pkp: profile.pkp ? 1 : 0,
		bank: profile.bank ? JSON.stringify(profile.bank) : null,
		size: profile.size,
		province_code: profile.address?.provinceCode ?? null,
		regency_code: profile.address?.regencyCode ?? null,
		address: profile.address ? JSON.stringify(profile.address) : null
	} satisfies Partial<SupplierProfilesTable>;
}

/** Fields a procurement or advance row keeps in columns, not in its `data` JSON. */
const COLUMN_FIELDS = ['id', 'spaceId', 'status', 'changedBy', 'version', 'createdAt', 'updatedAt'] as const;

function dataOf(record: object): string {
	const data: Record<string, unknown> = { ...record };
	for (const field of COLUMN_FIELDS) delete data[field];
	return JSON.stringify(data);
}

/** A record kept as a few columns and a `data` JSON of the rest (procurements, invoice advances). */
function fromDataRow<T>(row: SyncedRow & { status: string; data: string; created_at: string }): T {
	return {
		...parseJson<object>(row.data, {}),
		id: row.id,
		spaceId: row.space_id,
		status: row.status,
		changedBy: changedByFromRow(row),
		version: row.version,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	} as T;
}

export function procurementFromRow(row: Selectable<ProcurementsTable>): Procurement {
	return fromDataRow<Procurement>(row);
}

/** The columns a procurement's write sets (its id, space and creation time are set once, on insert). */
export function procurementToColumns(procurement: Procurement) {
	return {
		organisation_id: procurement.organisation.id,
		status: procurement.status,
		data: dataOf(procurement),
		version: procurement.version,
		updated_at: procurement.updatedAt
	} satisfies Partial<ProcurementsTable>;
}

export function advanceFromRow(row: Selectable<InvoiceAdvancesTable>): InvoiceAdvance {
	return fromDataRow<InvoiceAdvance>(row);
}

export function advanceToColumns(advance: InvoiceAdvance) {
	return {
		lender_id: advance.lender.id,
		procurement_id: advance.procurementId,
		invoice_id: advance.invoiceId,
		status: advance.status,
		data: dataOf(advance),
		version: advance.version,
		updated_at: advance.updatedAt
	} satisfies Partial<InvoiceAdvancesTable>;
}

/** What a row mapper may need besides the row: the server secret, to derive activation codes. */
export interface PullContext {
	secret: Buffer;
}

export interface SyncedEntity<T extends SyncedTableName = SyncedTableName> {
	entity: EntityName;
	table: T;
	/** The row as pull sends it in a `put` change. */
	toValue(row: Selectable<Database[T]>, context: PullContext): unknown;
}

/**
 * Every table pull reads, and whose rows applyMutation stamps with `changed_by`. A new synced record type is
 * a table with the SyncedRow columns and an index on (space_id, version), a row mapper, and one line here.
 */
export const syncedEntities: SyncedEntity[] = [
	{ entity: 'product', table: 'products', toValue: productFromRow },
	{ entity: 'stockMovement', table: 'stock_movements', toValue: stockMovementFromRow },
	{ entity: 'order', table: 'orders', toValue: orderFromRow },
	{ entity: 'financing', table: 'financing_applications', toValue: financingFromRow },
	{ entity: 'seller', table: 'sellers', toValue: sellerFromRow as SyncedEntity['toValue'] },
	{ entity: 'expense', table: 'expenses', toValue: expenseFromRow },
	{ entity: 'supplier', table: 'supplier_profiles', toValue: supplierFromRow },
	{
		entity: 'procurement',
		table: 'procurements',
		// with each numbered document's `/cek/…` path: the phone shares it, and cannot sign one itself
		toValue: ((row: Selectable<ProcurementsTable>, context: PullContext) =>
			withVerifyPaths(procurementFromRow(row), context.secret)) as SyncedEntity['toValue']
	},
	{ entity: 'invoiceAdvance', table: 'invoice_advances', toValue: advanceFromRow }
];
