/**
 * The constants and answer shapes of the sync protocol (DESIGN.md §3), kept apart from the zod schemas
 * in mutations.ts so the phone's first screen can use them without loading the validation library.
 */

/** Entities that pull sends. */
export type EntityName =
	| 'product'
	| 'stockMovement'
	| 'order'
	| 'financing'
	| 'seller'
	| 'expense'
	| 'supplier'
	| 'procurement'
	| 'invoiceAdvance';

export const MAX_MUTATIONS_PER_PUSH = 500;
export const MAX_CHANGES_PER_PULL = 500;
/** Request bodies above this are refused with 413 (photos have their own limit). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type MutationStatus = 'applied' | 'duplicate' | 'rejected';
export type RejectCode = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export interface MutationResult {
	id: number;
	status: MutationStatus;
	code?: RejectCode;
	message?: string;
	/** A refusal answered again: the mutation was refused before, and this retry is told so once more. */
	replay?: boolean;
}

export interface PushResponse {
	lastMutationId: number;
	results: MutationResult[];
}

export interface Change {
	entity: EntityName;
	id: string;
	op: 'put' | 'delete';
	value?: unknown;
}

export interface PullResponse {
	lastMutationId: number;
	spaces: Record<string, { cursor: number; changes: Change[]; more: boolean }>;
}
