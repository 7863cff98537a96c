import { ApiFailure, endpoint, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { documentPdfResponse, sellerDocument } from '$lib/server/procurement/document-access';
import type { RequestHandler } from './$types';

/**
 * `GET /api/procurement-documents/{id}/pdf`: the PDF of a Surat Pesanan, BAST or Tagihan (by the id the
 * server files it under) for the seller's phone, with its device session; only the seller's own space
 * (and their facilitator's): anyone else gets 404, as for a document that does not exist.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const document = await sellerDocument(db, user, event.params.id);
	if (!document) throw new ApiFailure(404, 'not_found');
	return documentPdfResponse(db, document, event.url.origin);
});
