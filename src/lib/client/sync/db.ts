import Dexie, { type EntityTable } from 'dexie';
import type { Account, LoginReason } from '$lib/domain/auth';
import type { Expense } from '$lib/domain/expense';
import type { FinancingApplication, Lender } from '$lib/domain/financing';
import type { InvoiceAdvance } from '$lib/domain/invoice-advance';
import type { Procurement } from '$lib/domain/procurement';
import type { SupplierProfile } from '$lib/domain/supplier';
import type { MutationName } from '$lib/domain/mutations';
import type { RejectCode } from '$lib/domain/sync-protocol';
import type { Order } from '$lib/domain/order';
import type { Product, StockMovement } from '$lib/domain/product';
import type { Seller } from '$lib/domain/seller';

/** A change made on this phone that the server has not answered for yet. */
export interface OutboxEntry {
	/** 1, 2, 3 … per device install; the server's `lastMutationId` counts the same numbers. */
	id: number;
	name: MutationName;
	space: string;
	args: unknown;
	at: string;
	/** The record the change is about, so the screen can mark it "menunggu dikirim". */
	entityId: string;
}

/** A change the server refused, kept until the person has seen it. */
export interface Rejection {
	seq?: number;
	mutationId: number;
	name: MutationName;
	entityId: string;
	code: RejectCode;
	message: string;
	at: string;
}

/**
 * Where a kept photo or document is on its way to the server (a number, so it can be indexed):
 * -1 a draft, picked in a form that no saved record names yet, never uploaded (see `photo-store.ts`);
 * 0 waiting to be uploaded; 1 the server has it; 2 the server refused it for good.
 */
export type UploadState = -1 | 0 | 1 | 2;

/** The `uploaded` of a photo or document picked in a form and not yet named by a saved record. */
export const DRAFT = -1;

/** A photo kept on the phone: shown from here at once, uploaded by the photo queue when online. */
export interface StoredPhoto {
	sha256: string;
	blob: Blob;
	spaceId: string;
	uploaded: UploadState;
	/** Failed upload attempts, for the backoff. */
	attempts: number;
	createdAt: string;
}

/**
 * A photo of an identity or business document (KTP, the place of business, NIB/SKU letter) for a
 * financing application. Personal data: kept apart from the product photos, never shown from a public
 * address, and uploaded only to the private documents endpoint of its space.
 */
export interface StoredDocument {
	sha256: string;
	blob: Blob;
	spaceId: string;
	uploaded: UploadState;
	attempts: number;
	createdAt: string;
}

export interface Cursor {
	spaceId: string;
	cursor: number;
	/** When this phone last pulled the space (the facilitator's list shows it per seller). */
	syncedAt?: string;
}

/** Small named values: the device id, the next mutation id, the logged-in account, the last sync. */
export interface MetaValues {
	clientId: string;
	nextMutationId: number;
	account: Account;
	currentSpaceId: string;
	lastSyncAt: string;
	persistAsked: boolean;
	/** This install's code in order numbers (`KP` in `KP-12`), given by the server at login. */
	deviceCode: string;
	/** How many orders this install has numbered; the next one is this + 1. */
	orderCount: number;
	/**
	 * What was typed into financing fields that is not a valid value yet (half a NIK), by application
	 * id and field: kept on the phone only, so an unfinished field survives closing the app too.
	 */
	financingTyping: Record<string, Record<string, string>>;
	/**
	 * The lenders a KUR application may be sent to, as the server last answered (`GET /api/lenders`), so
	 * the form offers them with no signal. Programme-wide, not the account's: kept across logins.
	 */
	lenders: { list: Lender[]; fetchedAt: string };
	/**
	 * The device credential the server gave at login (issue 12): renews the session cookie without the
	 * PIN when the browser lost it. Kept with the install id it was made for (a restarted sequence takes a
	 * new `clientId`; the credential stays bound to its own). `refused` once the server said it no longer
	 * holds, and why, so the phone says so without asking again.
	 */
	deviceCredential: { clientId: string; secret: string; refused?: LoginReason };
}

export interface MetaRow<K extends keyof MetaValues = keyof MetaValues> {
	key: K;
	value: MetaValues[K];
}

export class LapakDb extends Dexie {
	products!: EntityTable<Product, 'id'>;
	stockMovements!: EntityTable<StockMovement, 'id'>;
	photos!: EntityTable<StoredPhoto, 'sha256'>;
	/** Products deleted on this phone, kept so "Batalkan" can bring them back offline. */
	trash!: EntityTable<Product, 'id'>;
	orders!: EntityTable<Order, 'id'>;
	financing!: EntityTable<FinancingApplication, 'id'>;
	/** Profiles of the sellers a facilitator signed up (one per space, keyed by the space id). */
	sellers!: EntityTable<Seller, 'id'>;
	/** The seller's expenses (pengeluaran), for the profit report. */
	expenses!: EntityTable<Expense, 'id'>;
	/** The seller's supplier profile (one per space, keyed by the space id). */
	suppliers!: EntityTable<SupplierProfile, 'id'>;
	/** Institutions' orders (permintaan penawaran → Surat Pesanan → BAST → Tagihan). */
	procurements!: EntityTable<Procurement, 'id'>;
	/** Advances asked for on institutions' invoices. */
	invoiceAdvances!: EntityTable<InvoiceAdvance, 'id'>;
	/** Private document photos of financing applications; never mixed with `photos`. */
	documents!: EntityTable<StoredDocument, 'sha256'>;
	outbox!: EntityTable<OutboxEntry, 'id'>;
	rejections!: EntityTable<Rejection, 'seq'>;
	cursors!: EntityTable<Cursor, 'spaceId'>;
	meta!: EntityTable<MetaRow, 'key'>;

	constructor(name = 'lapak') {
		super(name);
		this.version(1).stores({
			products: 'id, spaceId, [spaceId+name], [spaceId+updatedAt]',
			outbox: 'id, space, entityId',
			rejections: '++seq',
			cursors: 'spaceId',
			meta: 'key'
		});
		// Version 2, the full catalog: more product fields and indexes for sorting and filtering, stock
		// history, and photos kept as Blobs. Products of version 1 are carried over with the new fields.
		this.version(2)
			.stores({
				products:
					'id, spaceId, [spaceId+name], [spaceId+updatedAt], [spaceId+price], [spaceId+stock], [spaceId+category]',
				stockMovements: 'id, spaceId, [productId+at]',
				photos: 'sha256, uploaded',
				trash: 'id, spaceId'
			})
			.upgrade((transaction) =>
				transaction
					.table('products')
					.toCollection()
					.modify((product: Record<string, unknown>) => {
						product.photos ??= product.photo ? [product.photo] : [];
						delete product.photo;
						product.minStock ??= null;
						product.sku ??= null;
						product.weightGrams ??= null;
					})
			);
		// Version 3, orders. A new table only: nothing of version 2 changes.
		this.version(3).stores({
			orders: 'id, spaceId, [spaceId+createdAt], [spaceId+status]'
		});
		// Version 4, financing: the applications and their private document photos. New tables only.
		this.version(4).stores({
			financing: 'id, spaceId',
			documents: 'sha256, uploaded'
		});
		// Version 5, facilitators: the profiles of the sellers they sign up. A new table only.
		this.version(5).stores({
			sellers: 'id, spaceId'
		});
		// Version 6: orders by payment status, so the home screen reads only what buyers still owe instead
		// of every order (an index only: Dexie builds it from the rows already there).
		this.version(6).stores({
			orders: 'id, spaceId, [spaceId+createdAt], [spaceId+status], [spaceId+paymentStatus]'
		});
		// Version 8, expenses: a new table, read by the month's days. Products gain `costPrice` with no
		// index; the ones already on the phone simply have none (the report reads that as unknown).
		this.version(8).stores({
			expenses: 'id, spaceId, [spaceId+date]'
		});
		// Version 9, institutional buyers: supplier profiles, institutions' orders, invoice advances. New
		// tables only: nothing of version 8 changes.
		this.version(9).stores({
			suppliers: 'id, spaceId',
			procurements: 'id, spaceId, [spaceId+updatedAt]',
			invoiceAdvances: 'id, spaceId, invoiceId'
		});
	}
}

/** The phone's database. Tests make their own `LapakDb` with another name. */
export const db = new LapakDb();
