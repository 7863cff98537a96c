import type { RequestEvent } from '@sveltejs/kit';
import { ApiFailure, endpoint, PHOTO_BODY_LIMIT, readBodyBytes, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import {
	canUploadDocument,
	declaredDocumentType,
	documentAccess,
	isDocumentHash,
	isDocumentKind,
	readDocument,
	recordDocumentView,
	storeDocument
} from '$lib/server/documents';
import type { RequestHandler } from './$types';

/** The document's hash and the space it belongs to (`?space=`), checked for shape. */
function documentAddress(event: RequestEvent<{ sha256: string }>): { hash: string; spaceId: string } {
	const hash = event.params.sha256;
	if (!isDocumentHash(hash)) throw new ApiFailure(400, 'photo_invalid');
	const spaceId = event.url.searchParams.get('space') ?? '';
	if (!/^[0-9a-f-]{36}$/i.test(spaceId)) throw new ApiFailure(400, 'space_required');
	return { hash, spaceId };
}

/**
 * Uploads a financing document (KTP, place of business, NIB/SKU letter) of a space under its own SHA-256:
 * `PUT /api/documents/{sha256}?space={spaceId}[&kind=ktp|business|license]`, the image bytes as the body
 * (image/jpeg, image/webp, image/png, at most 2 MB). 201 when new to the space, 200 when it had it. Only the
 * seller and their facilitator (403 otherwise). The same checks as photos; stored apart from them, private.
 */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { hash, spaceId } = documentAddress(event);
	const kind = event.url.searchParams.get('kind');
	if (kind !== null && !isDocumentKind(kind)) throw new ApiFailure(400, 'document_kind');
	const db = getDb();
	if (!(await canUploadDocument(db, user, spaceId))) throw new ApiFailure(403, 'forbidden');
	const declaredType = declaredDocumentType(event.request.headers.get('content-type'));
	if (!declaredType) throw new ApiFailure(400, 'photo_type');
	const bytes = await readBodyBytes(event.request, PHOTO_BODY_LIMIT);
	const outcome = await storeDocument(db, {
		hash,
		declaredType,
		bytes,
		spaceId,
		userId: user.id,
		kind
	});
	return new Response(null, {
		status: outcome === 'created' ? 201 : 200,
		headers: { location: `/api/documents/${hash}?space=${spaceId}` }
	});
});

/**
 * Serves a document to the seller and their facilitator, and to a lender when an application of the space
 * that was submitted refers to it; each lender view is recorded first. 403 to anyone else, 404 when the
 * space has no such document. Never cached anywhere (`private, no-store`): it is a KTP.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { hash, spaceId } = documentAddress(event);
	const db = getDb();
	const access = await documentAccess(db, user, spaceId, hash);
	if (!access) throw new ApiFailure(403, 'forbidden');
	const document = await readDocument(db, spaceId, hash);
	if (!document) throw new ApiFailure(404, 'not_found');
	if (access.as === 'lender') {
		await recordDocumentView(db, {
			sha256: hash,
			spaceId,
			applicationId: access.applicationId,
			viewerId: user.id
		});
	}
	return new Response(new Uint8Array(document.bytes), {
		headers: {
			'content-type': document.type,
			'content-length': String(document.bytes.byteLength),
			'cache-control': 'private, no-store',
			'content-disposition': 'inline',
			'x-content-type-options': 'nosniff'
		}
	});
});
