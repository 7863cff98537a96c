import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { documentPdfResponse } from '$lib/server/procurement/document-access';
import { t } from '../../../text';
import { portalDocumentOf } from '../access.server';
import type { RequestHandler } from './$types';

/** The document's PDF for the buying organisation's people and the lender of an advance on it. */
export const GET: RequestHandler = async (event) => {
	const document = await portalDocumentOf(event);
	if (!document) error(404, t('dokumen.not_found_portal'));
	return documentPdfResponse(getDb(), document, event.url.origin);
};
