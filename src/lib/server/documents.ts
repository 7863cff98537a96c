import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import { DOCUMENT_KINDS, type DocumentKind, type FinancingFields } from '$lib/domain/financing';
import { uuidv7 } from '$lib/domain/ids';
import type { Database } from './db/schema';
import { readImage, storeImage, type ImageUpload, type PhotoType } from './photos';
import { ensureRoomFor } from './storage-quota';
import { canWriteSpace } from './sync/access';

/** The form fields that hold a document's hash, and the kind of document each is. */
export const DOCUMENT_FIELDS = {
	ktpPhoto: 'ktp',
	businessPhoto: 'business',
	licensePhoto: 'license'
} as const satisfies Record<string, DocumentKind>;
export type DocumentField = keyof typeof DOCUMENT_FIELDS;
export const DOCUMENT_FIELD_NAMES = Object.keys(DOCUMENT_FIELDS) as DocumentField[];

export function isDocumentKind(value: string): value is DocumentKind {
	return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** The documents an application's form refers to: field, kind and hash, in the form's order. */
export function referencedDocuments(
	fields: FinancingFields
): { field: DocumentField; kind: DocumentKind; sha256: string }[] {
	return DOCUMENT_FIELD_NAMES.flatMap((field) => {
		const sha256 = fields[field];
		return sha256 ? [{ field, kind: DOCUMENT_FIELDS[field], sha256 }] : [];
	});
}

/**
 * Stores an uploaded document of a space (its bytes in the blob store under `documents/`, a row granting
 * the space access to them). The same checks as photos (hash, magic bytes, size), through the same code.
 * The caller has checked that the user may write the space.
 */
export async function storeDocument(
	db: Kysely<Database>,
	input: ImageUpload & { spaceId: string; userId: string; kind: DocumentKind | null }
): Promise<'created' | 'exists'> {
	const { hash, spaceId, bytes } = input;
	const outcome = await storeImage('documents', input, {
		async isRecorded() {
			return !!(await db
				.selectFrom('documents')
				.select('sha256')
				.where('space_id', '=', spaceId)
				.where('sha256', '=', hash)
				.executeTakeFirst());
		},
		async record(type: PhotoType) {
			await ensureRoomFor(db, { documentsOf: spaceId }, bytes.byteLength);
			const inserted = await db
				.insertInto('documents')
				.values({
					sha256: hash,
					space_id: spaceId,
					kind: input.kind,
					content_type: type,
					size: bytes.byteLength,
					uploaded_by: input.userId,
					created_at: new Date().toISOString()
				})
				.onConflict((oc) => oc.columns(['space_id', 'sha256']).doNothing())
				.returning('sha256')
				.executeTakeFirst();
			return !!inserted;
		}
	});
	if (outcome === 'exists' && input.kind) {
		await db
			.updateTable('documents')
			.set({ kind: input.kind })
			.where('space_id', '=', spaceId)
			.where('sha256', '=', hash)
			.where('kind', 'is', null)
			.execute();
	}
	return outcome;
}

/**
 * Why a user may see a document of a space: as a member (the seller, their facilitator), or as one of the
 * people of the lender organisation an application of that space was sent to (submitted, not a draft),
 * whose form refers to the document. Null when they may not (another lender among them). Decided only from
 * the session user, their lender organisation, the memberships and the applications.
 */
export type DocumentAccess = { as: 'member' } | { as: 'lender'; applicationId: string };

export async function documentAccess(
	db: Kysely<Database>,
	user: User,
	spaceId: string,
	sha256: string
): Promise<DocumentAccess | null> {
	if (await canWriteSpace(db, user.id, spaceId)) return { as: 'member' };
	if (user.role !== 'lender') return null;
	const lender = await db
		.selectFrom('users')
		.select('lender_id')
		.where('id', '=', user.id)
		.executeTakeFirst();
	if (!lender?.lender_id) return null;
	// A hash is 64 hex digits: no LIKE wildcards in it. The match is confirmed on the parsed form below.
	const rows = await db
		.selectFrom('financing_applications')
		.select(['id', 'fields'])
		.where('space_id', '=', spaceId)
		.where('lender_id', '=', lender.lender_id)
		.where('deleted', '=', 0)
		.where('status', '!=', 'draft')
		.where('fields', 'like', `%${sha256}%`)
		.orderBy('id')
		.execute();
	for (const row of rows) {
		let fields: FinancingFields;
		try {
			fields = JSON.parse(row.fields) as FinancingFields;
		} catch {
			continue;
		}
		if (referencedDocuments(fields).some((document) => document.sha256 === sha256)) {
			return { as: 'lender', applicationId: row.id };
		}
	}
	return null;
}

/** A document's bytes and type, if this space has it. */
export async function readDocument(
	db: Kysely<Database>,
	spaceId: string,
	sha256: string
): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	const row = await db
		.selectFrom('documents')
		.select('sha256')
		.where('space_id', '=', spaceId)
		.where('sha256', '=', sha256)
		.executeTakeFirst();
	return row ? readImage('documents', sha256) : null;
}

/** Records that a lender opened a document (UU PDP: who saw whose KTP, and when). */
export async function recordDocumentView(
	db: Kysely<Database>,
	view: { sha256: string; spaceId: string; applicationId: string; viewerId: string }
): Promise<void> {
	await db
		.insertInto('document_views')
		.values({
			id: uuidv7(),
			sha256: view.sha256,
			space_id: view.spaceId,
			application_id: view.applicationId,
			viewer_id: view.viewerId,
			at: new Date().toISOString()
		})
		.execute();
}

/** The hashes of these that the space has uploaded. */
export async function uploadedDocuments(
	db: Kysely<Database>,
	spaceId: string,
	hashes: string[]
): Promise<Set<string>> {
	if (hashes.length === 0) return new Set();
	const rows = await db
		.selectFrom('documents')
		.select('sha256')
		.where('space_id', '=', spaceId)
		.where('sha256', 'in', hashes)
		.execute();
	return new Set(rows.map((row) => row.sha256));
}

export { isPhotoHash as isDocumentHash } from './photos';
export { declaredPhotoType as declaredDocumentType } from './photos';

/** Whether the user may upload documents to the space (the seller and their facilitator). */
export function canUploadDocument(db: Kysely<Database>, user: User, spaceId: string): Promise<boolean> {
	return canWriteSpace(db, user.id, spaceId);
}
