import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { verifyUrlOf, viewOfDocument } from '$lib/server/procurement/document-access';
import { qrSvg } from '$lib/server/procurement/qr';
import { t } from '../../text';
import { portalDocumentOf } from './access.server';
import type { PageServerLoad } from './$types';

/** A Surat Pesanan, BAST or Tagihan as a printable page, with its PDF beside it. */
export const load: PageServerLoad = async (event) => {
	const document = await portalDocumentOf(event);
	if (!document) error(404, t('dokumen.not_found_portal'));
	const verifyUrl = await verifyUrlOf(getDb(), document, event.url.origin);
	return {
		view: viewOfDocument(document),
		qr: await qrSvg(verifyUrl),
		verifyUrl,
		pdf: `/portal/dokumen/${document.id}/pdf`
	};
};
