/**
 * The tables as Kysely sees them. Times are ISO-8601 UTC text and booleans are integers 0/1 in both SQLite and
 * PostgreSQL, so every query means the same on both; they are converted to `boolean` at the edge.
 */
import type { Generated } from 'kysely';
import type { CredentialRevokedReason, SpaceRole, UserRole } from '$lib/domain/auth';
import type { ExpenseCategory } from '$lib/domain/expense';
import type { DocumentKind, FinancingStatus } from '$lib/domain/financing';
import type { AdvanceStatus } from '$lib/domain/invoice-advance';
import type { OrderChannel, OrderStatus, PaymentStatus } from '$lib/domain/order';
import type { OrganisationKind, ProcurementStatus } from '$lib/domain/procurement';
import type { MovementReason } from '$lib/domain/product';
import type { ActivationStatus } from '$lib/domain/seller';
import type { RejectCode } from '$lib/domain/sync-protocol';

export interface UsersTable {
	id: string;
	name: string;
	phone: string;
	pin_hash: string;
	role: UserRole;
	/** The lender organisation a `lender` account belongs to (migration 007); null for every other role. */
	lender_id: Generated<string | null>;
	created_at: string;
}

/** Lender organisations the admin made (migration 007); never deleted, so their history keeps its names. */
export interface LendersTable {
	id: string;
	/** Unique: the admin's command line finds a lender by its name. */
	name: string;
	/** JSON array of the KUR products it offers, in the programme's order. */
	products: string;
	created_at: string;
	updated_at: string;
}

export interface SessionsTable {
	/** sha256 (hex) of the token in the cookie: a leaked database row cannot be used as a cookie. */
	id: string;
	user_id: string;
	created_at: string;
	expires_at: string;
	/** The install the session was made for (migration 009); null for sessions made before it or without one. */
	client_id: Generated<string | null>;
}

/**
 * A phone's device credential (migration 009): renews its session without the PIN. Only sha256 hashes of
 * the secrets are kept; `previous_hash` is accepted until the current secret is first used.
 */
export interface DeviceCredentialsTable {
	client_id: string;
	user_id: string;
	secret_hash: string;
	previous_hash: string | null;
	created_at: string;
	/** The last time the phone used it or a session made from it was extended: its idle expiry counts from here. */
	used_at: string;
	revoked_at: string | null;
	revoked_reason: CredentialRevokedReason | null;
}

export interface SpacesTable {
	id: string;
	name: string;
	slug: string;
	/** Bumped by every write to a record of the space; the pull cursor. */
	version: Generated<number>;
	/** How many orders the shop page has taken: the `n` of the next `W-<n>` is this + 1. */
	storefront_orders: Generated<number>;
	created_at: string;
}

export interface MembershipsTable {
	space_id: string;
	user_id: string;
	role: SpaceRole;
	created_at: string;
}

/** A mutation the server refused, remembered until the device has moved past it (migration 006). */
export interface RejectedMutationsTable {
	client_id: string;
	mutation_id: number;
	code: RejectCode;
	message: string;
	created_at: string;
}

export interface ClientsTable {
	/** The device's clientId. */
	id: string;
	user_id: string;
	last_mutation_id: number;
	/**
	 * The device's number among all devices (1, 2, 3 …, from `counters`), given at the first login that names
	 * the client; its device code (`deviceCode(sequence)`) prefixes the order numbers it makes. Null until then.
	 */
	sequence: number | null;
	updated_at: string;
}

/** Columns every synced table has: pull reads them generically. */
export interface SyncedRow {
	id: string;
	space_id: string;
	version: number;
	/** 1 for a tombstone. */
	deleted: number;
	updated_at: string;
	/**
	 * JSON `ChangedBy`: who wrote the row last, in what role; set by applyMutation (and the other synced
	 * writers) on every row a write touched. Null for rows written before it was recorded.
	 */
	changed_by: string | null;
}

export interface ProductsTable extends SyncedRow {
	name: string;
	price: number;
	unit: string;
	stock: number;
	/** Below this the product is on the low-stock list; null for no warning. */
	min_stock: number | null;
	category: string | null;
	sku: string | null;
	description: string | null;
	weight_grams: number | null;
	/** A JSON array of up to five photo hashes, the cover first (`'[]'` for none). */
	photos: string;
	active: number;
	/** Harga modal in rupiah (migration 010); null when the seller has not given one. */
	cost_price: Generated<number | null>;
	/** The code on the pack (migration 011); null for none. */
	barcode: Generated<string | null>;
	created_at: string;
}

/** One line of a product's stock history, written by every applied `stock.adjust`. */
export interface StockMovementsTable extends SyncedRow {
	product_id: string;
	delta: number;
	reason: MovementReason;
	/** The order that moved the stock (reasons `order` and `order_cancelled`), else null. */
	order_id: string | null;
	/** The product's stock right after this movement, as the server counted it. */
	stock_after: number;
	/** The device's clock when the person made the change (display only). */
	at: string;
	created_at: string;
}

/** Orders; the lists of an order (items, payments, history) and its delivery are JSON text. */
export interface OrdersTable extends SyncedRow {
	/** `KP-12` or `W-3`; unique within the space. */
	number: string;
	channel: OrderChannel;
	status: OrderStatus;
	total: number;
	paid: number;
	payment_status: PaymentStatus;
	buyer_name: string;
	buyer_phone: string | null;
	/** JSON `OrderItem[]`. */
	items: string;
	/** JSON `Payment[]`. */
	payments: string;
	/** JSON `OrderEvent[]`. */
	history: string;
	/** JSON `{method, address}` or null. */
	delivery: string | null;
	note: string | null;
	/** The secret of the receipt page `/nota/<token>` (migration 011); null for sales made before it. */
	receipt_token: Generated<string | null>;
	created_at: string;
}

/** Uploaded photos; the bytes are files under DATA_DIR/photos, named by the hash. */
export interface PhotosTable {
	sha256: string;
	content_type: string;
	size: number;
	/** The user who first uploaded it (for quotas); null once that account is gone. */
	uploaded_by: string | null;
	created_at: string;
}

/**
 * Photos a synced record names (a product's `photos`, a shop's front photo), by hash (migration 008). Such a
 * photo is public; one no record names is served only to the members of its uploader's spaces. A row may come
 * before its photo is uploaded (the phone pushes the product first), and stays when the product goes: what
 * was public once may be in any cache already.
 */
export interface NamedPhotosTable {
	sha256: string;
	named_at: string;
}

/** KUR applications; the form, who changed each field, the sales record and the decisions are JSON text. */
export interface FinancingApplicationsTable extends SyncedRow {
	status: FinancingStatus;
	/** JSON `FinancingFields`. */
	fields: string;
	/** JSON `FinancingApplication['fieldChanges']`. */
	field_changes: string;
	/** Yearly percent for the chosen product, from the server's configuration; null until a product is chosen. */
	rate_percent: number | null;
	/** JSON `SalesRecord`, computed from the synced orders at submission; null before. */
	sales_record: string | null;
	submitted_at: string | null;
	/** JSON `FinancingEvent[]` (decisions and moves), oldest first. */
	decisions: string;
	/**
	 * The lender organisation it was sent to (the form's `lenderId` at submission, or the admin's move):
	 * only that lender's accounts see it. Null for a draft never sent (and one sent before migration 007
	 * that the admin has not given a lender yet). Not synced: the form's `lenderId` is what phones read.
	 */
	lender_id: Generated<string | null>;
	created_at: string;
}

/**
 * Identity and business documents (KTP, business photo, NIB/SKU letter), one row per space they were uploaded
 * to; the bytes are files under DATA_DIR/documents, named by the hash, never public.
 */
export interface DocumentsTable {
	sha256: string;
	space_id: string;
	/** Which field of an application refers to it, once known (given on upload, or set at submission). */
	kind: DocumentKind | null;
	content_type: string;
	size: number;
	uploaded_by: string | null;
	created_at: string;
}

/** Every time a lender opened a document (UU PDP: who saw whose KTP, and when). */
export interface DocumentViewsTable {
	id: string;
	sha256: string;
	space_id: string;
	application_id: string;
	viewer_id: string;
	at: string;
}

/**
 * The profile of a seller a facilitator signed up, one per space (`id` = the space's id), with its
 * activation. The code itself is never stored: only its sha256 and when it was issued (pull derives the
 * code again from the server secret for the space's facilitators).
 */
export interface SellersTable extends SyncedRow {
	owner_name: string;
	/** `+628…`: the seller's login once activated. */
	phone: string;
	business_name: string;
	category: string | null;
	/** JSON `SellerAddress` or null. */
	address: string | null;
	/** JSON `GeoPosition` or null. */
	location: string | null;
	storefront_photo: string | null;
	nik: string | null;
	nib: string | null;
	slug: string;
	/** JSON `{id, name}` of the facilitator who signed the seller up. */
	onboarded_by: string;
	/** JSON `SellerMember[]`, rewritten from `memberships` whenever they change. */
	members: string;
	/** The seller's account (made with the phone reserved and no PIN); null while the phone is taken. */
	account_id: string | null;
	activation_status: Exclude<ActivationStatus, 'waiting'>;
	/** sha256 (hex) of the code while `pending`, else null. */
	activation_code_hash: string | null;
	activation_issued_at: string | null;
	activation_expires_at: string | null;
	activated_at: string | null;
	created_at: string;
}

/** A seller's expenses (migration 010): what was spent, on what, which day; the receipt a private document. */
export interface ExpensesTable extends SyncedRow {
	category: ExpenseCategory;
	amount: number;
	/** `YYYY-MM-DD` in Western Indonesian Time. */
	date: string;
	note: string | null;
	/** SHA-256 of the receipt photo in `documents`, or null. */
	photo: string | null;
	created_at: string;
}

export interface LoginFailuresTable {
	/** `phone:+628…` or `ip:1.2.3.4`. */
	key: string;
	count: number;
	first_at: string;
}

/** Checkouts on the shop pages per client address, in fixed one-minute windows. */
export interface StorefrontLimitsTable {
	/** `ip:1.2.3.4`. */
	key: string;
	count: number;
	window_start: string;
}

/** Named counters shared by every server process (`client_sequence`). */
export interface CountersTable {
	name: string;
	value: number;
}

/** Server-wide values that every process must agree on (`order_token_secret`). */
export interface SettingsTable {
	key: string;
	value: string;
}

/** Buying organisations (migration 012): a BUMN, its subsidiary, a ministry or a regional office. */
export interface OrganisationsTable {
	id: string;
	name: string;
	kind: OrganisationKind;
	/** Unique short code in its document numbers (`PTKAI` in SP/PTKAI/2026/00042). */
	code: string;
	npwp: string | null;
	address: string | null;
	created_at: string;
}

/** A person's roles in a buying organisation, one row per role; `admin` adds and removes its people. */
export interface OrganisationMembersTable {
	organisation_id: string;
	user_id: string;
	role: 'pemesan' | 'penyetuju' | 'keuangan' | 'admin';
	created_at: string;
}

/** A seller's supplier profile (synced, one per space, id = space id). */
export interface SupplierProfilesTable extends SyncedRow {
	accepts_institutional: number;
	legal_name: string | null;
	nib: string | null;
	npwp: string | null;
	nitku: string | null;
	pkp: number;
	/** JSON BankAccount, or null. */
	bank: string | null;
	size: string | null;
	/** Copied from `address` for the catalog search's filter. */
	province_code: string | null;
	regency_code: string | null;
	/** JSON SellerAddress, or null. */
	address: string | null;
	created_at: string;
}

/** An institution's order from a seller (synced in the seller's space). */
export interface ProcurementsTable extends SyncedRow {
	organisation_id: string;
	status: ProcurementStatus;
	/** JSON of the rest of the Procurement record. */
	data: string;
	created_at: string;
}

/** One numbered document of a procurement: its Surat Pesanan, each BAST, each Tagihan. */
export interface ProcurementDocumentsTable {
	/** The procurement's id for its Surat Pesanan, the delivery's for a BAST, the invoice's for a Tagihan. */
	id: string;
	kind: 'purchase_order' | 'bast' | 'invoice';
	procurement_id: string;
	organisation_id: string;
	space_id: string;
	number: string;
	issued_on: string;
	/** The order's subtotal, the value received by a BAST, an invoice's payable amount. */
	amount: number;
	/** An invoice's due date and the day it was paid (null for the other kinds, and while unpaid). */
	due_on: string | null;
	paid_on: string | null;
	created_at: string;
}

/** An advance a lender gives on an unpaid invoice (synced in the seller's space). */
export interface InvoiceAdvancesTable extends SyncedRow {
	lender_id: string;
	procurement_id: string;
	invoice_id: string;
	status: AdvanceStatus;
	/** JSON of the rest of the InvoiceAdvance record. */
	data: string;
	created_at: string;
}

export interface DocumentSequencesTable {
	scope: string;
	year: number;
	last: number;
}

export interface Database {
	users: UsersTable;
	lenders: LendersTable;
	sessions: SessionsTable;
	spaces: SpacesTable;
	memberships: MembershipsTable;
	clients: ClientsTable;
	device_credentials: DeviceCredentialsTable;
	products: ProductsTable;
	stock_movements: StockMovementsTable;
	photos: PhotosTable;
	named_photos: NamedPhotosTable;
	login_failures: LoginFailuresTable;
	orders: OrdersTable;
	storefront_limits: StorefrontLimitsTable;
	counters: CountersTable;
	settings: SettingsTable;
	financing_applications: FinancingApplicationsTable;
	documents: DocumentsTable;
	document_views: DocumentViewsTable;
	sellers: SellersTable;
	rejected_mutations: RejectedMutationsTable;
	expenses: ExpensesTable;
	organisations: OrganisationsTable;
	organisation_members: OrganisationMembersTable;
	supplier_profiles: SupplierProfilesTable;
	procurements: ProcurementsTable;
	procurement_documents: ProcurementDocumentsTable;
	invoice_advances: InvoiceAdvancesTable;
	document_sequences: DocumentSequencesTable;
}

/** Tables whose rows are synced to devices (each has the SyncedRow columns and an index on (space_id, version)). */
export type SyncedTableName =
	| 'products'
	| 'stock_movements'
	| 'orders'
	| 'financing_applications'
	| 'sellers'
	| 'expenses'
	| 'supplier_profiles'
	| 'procurements'
	| 'invoice_advances';
