import { error } from '@sveltejs/kit';
import { sayIndonesian } from '$lib/i18n/messages';
import { getDb } from '$lib/server/db';
import { findReceipt } from '$lib/server/receipts';
import type { PageServerLoad } from './$types';

/** A sale's receipt, for whoever has its link (the buyer the seller sent it to). */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const receipt = await findReceipt(getDb(), params.token);
	if (!receipt) error(404, sayIndonesian('nota.not_found'));
	// What was paid changes as the buyer pays off a bon: never a stale copy, and none in shared caches.
	setHeaders({ 'cache-control': 'private, no-store' });
	return { receipt };
};
