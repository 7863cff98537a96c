import { ApiFailure, endpoint, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { sellerDocument, verifyUrlOf } from '$lib/server/procurement/document-access';
import { qrSvg } from '$lib/server/procurement/qr';
import type { RequestHandler } from './$types';

/**
 * `GET /api/procurement-documents/{id}/qr`: the QR code of the document's check link as SVG, for the
 * seller's printable page on the phone (made here, so the QR library never weighs on the app's precache;
 * offline the page prints the link in words instead). Same access as the PDF.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const document = await sellerDocument(db, user, event.params.id);
	if (!document) throw new ApiFailure(404, 'not_found');
	const svg = await qrSvg(await verifyUrlOf(db, document, event.url.origin));
	// The link of a document never changes: the phone may keep the code.
	return new Response(svg, {
		headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=86400' }
	});
});
