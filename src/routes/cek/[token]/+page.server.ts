import { error } from '@sveltejs/kit';
import { formatRupiah } from '$lib/domain/money';
import { sayIndonesian } from '$lib/i18n/messages';
import { getDb } from '$lib/server/db';
import { documentOfToken, viewOfDocument } from '$lib/server/procurement/document-access';
import type { PageServerLoad } from './$types';

/**
 * What a document's QR code opens, for anyone holding the paper: that Lapak issued it, and how it stands
 * now. Only what is printed on its face anyway, and nothing of a person: the kind, number and date, the
 * two businesses' names, the amount and the state (a receiver's name, tax numbers, the bank account stay
 * on the paper).
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The state changes (paid, late): never a stale copy; and no search engine lists these pages.
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	const document = await documentOfToken(getDb(), params.token);
	if (!document) error(404, sayIndonesian('dokumen.cek_not_found'));
	const view = viewOfDocument(document);
	return {
		title: view.title,
		number: view.number,
		date: view.date,
		state: view.state,
		stateTone: view.stateTone ?? null,
		seller: document.supplier?.legalName || document.sellerName,
		buyer: document.organisation.name,
		amount: formatRupiah(view.amount)
	};
};
