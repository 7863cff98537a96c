import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The monitoring's summary tables (migration 014), kept beside the code that writes and reads them rather
 * than in db/schema.ts: nothing else reads them. `withMonitoring(db)` gives a connection or transaction that
 * knows them. Month columns are `YYYY-MM` and day columns `YYYY-MM-DD`, both WIB; region columns are the
 * Kemendagri codes (`34`, `34.04`), null when the seller has not given one.
 */

/** One row per seller's space: the dimensions every other summary row copies, and the seller's growth. */
export type MonitorSellersTable = {
	space_id: string;
	province: string | null;
	regency: string | null;
	category: string | null;
	size: string | null;
	/** The facilitator who signed the seller up; null for a seller who registered on their own. */
	facilitator_id: string | null;
	facilitator_name: string | null;
	registered_on: string;
	/** The day the seller could first log in: registration, or activation of a facilitator's sign-up. */
	activated_on: string | null;
};

/** Sales recorded (every channel), per month and seller; `last_day` makes "active in 14 days" cheap. */
export type SalesMonthlyTable = {
	month: string;
	space_id: string;
	province: string | null;
	regency: string | null;
	category: string | null;
	size: string | null;
	orders: number;
	amount: number;
	last_day: string;
};

/** Institutions' spend per month, organisation and seller: committed (ordered, not paid) and paid. */
export type SpendMonthlyTable = {
	month: string;
	organisation_id: string;
	space_id: string;
	province: string | null;
	regency: string | null;
	category: string | null;
	size: string | null;
	orders: number;
	committed: number;
	paid: number;
};

/** Every paid invoice: days from its BAST to the payment. */
export type PaymentTimesTable = {
	invoice_id: string;
	organisation_id: string;
	space_id: string;
	province: string | null;
	paid_month: string;
	bast_on: string;
	paid_on: string;
	days: number;
	amount: number;
};

/** Invoices not paid yet (deleted when paid): past due ones are those with `due_on` before today. */
export type OpenInvoicesTable = {
	invoice_id: string;
	organisation_id: string;
	space_id: string;
	province: string | null;
	due_on: string;
	amount: number;
};

/** KUR applications and invoice advances per month, seller, kind and event. */
export type FinancingMonthlyTable = {
	month: string;
	space_id: string;
	province: string | null;
	kind: 'kur' | 'advance';
	event: string;
	count: number;
	amount: number;
};

/** The dimensions of a roll-up cell: '' where the seller has not given one. */
type CellKey = { month: string; province: string; regency: string; category: string; size: string };

/** Sales per month and seller dimensions, with the sellers the cell describes that month. */
export type SalesCellsTable = CellKey & { orders: number; amount: number; sellers: number };

/** Spend per month and seller dimensions over every organisation, with its sellers that month. */
export type SpendRegionsTable = CellKey & {
	orders: number;
	committed: number;
	paid: number;
	sellers: number;
};

/** Spend per month, organisation and seller province, with its sellers that month. */
export type SpendOrgsTable = {
	month: string;
	organisation_id: string;
	province: string;
	orders: number;
	committed: number;
	paid: number;
	sellers: number;
};

/** A seller's spend figures of a month over every organisation (orders + committed + paid). */
export type SpendSellerMonthsTable = { month: string; space_id: string; total: number };

export type MonitoringTables = {
	sales_cells: SalesCellsTable;
	spend_regions: SpendRegionsTable;
	spend_orgs: SpendOrgsTable;
	spend_seller_months: SpendSellerMonthsTable;
	monitor_sellers: MonitorSellersTable;
	sales_monthly: SalesMonthlyTable;
	spend_monthly: SpendMonthlyTable;
	payment_times: PaymentTimesTable;
	open_invoices: OpenInvoicesTable;
	financing_monthly: FinancingMonthlyTable;
};

export type MonitoringDatabase = Database & MonitoringTables;

/** The same connection or transaction, typed with the summary tables too. */
export function withMonitoring<K extends Kysely<Database>>(db: K): Kysely<MonitoringDatabase> {
	return db.withTables<MonitoringTables>();
}
