import Dexie, { type EntityTable } from 'dexie';
import type { Account } from '$lib/domain/auth';
import type { MutationName } from '$lib/domain/mutations';
import type { RejectCode } from '$lib/domain/sync-protocol';
import type { Product } from '$lib/domain/product';

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

export interface Cursor {
	spaceId: string;
	cursor: number;
}

/** Small named values: the device id, the next mutation id, the logged-in account, the last sync. */
export interface MetaValues {
	clientId: string;
	nextMutationId: number;
	account: Account;
	currentSpaceId: string;
	lastSyncAt: string;
	persistAsked: boolean;
}

export interface MetaRow<K extends keyof MetaValues = keyof MetaValues> {
	key: K;
	value: MetaValues[K];
}

export class LapakDb extends Dexie {
	products!: EntityTable<Product, 'id'>;
	outbox!: EntityTable<OutboxEntry, 'id'>;
	rejections!: EntityTable<Rejection, 'seq'>;
	cursors!: EntityTable<Cursor, 'spaceId'>;
	meta!: EntityTable<MetaRow, 'key'>;

	constructor(name = 'lapak') {
		super(name);
		// A later schema change adds version(2) with an .upgrade() that carries version 1's data over.
		this.version(1).stores({
			products: 'id, spaceId, [spaceId+name], [spaceId+updatedAt]',
			outbox: 'id, space, entityId',
			rejections: '++seq',
			cursors: 'spaceId',
			meta: 'key'
		});
	}
}

/** The phone's database. Tests make their own `LapakDb` with another name. */
export const db = new LapakDb();
