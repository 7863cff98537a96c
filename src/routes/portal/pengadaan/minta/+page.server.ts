import { error, fail, redirect } from '@sveltejs/kit';
import { jakartaDay } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import { addDays } from '$lib/domain/procurement-money';
import { getDb } from '$lib/server/db';
import { sellerCatalog } from '$lib/server/procurement/search';
import { takeBuyerStep } from '$lib/server/procurement/service';
import { requireBuyer } from '../../session.server';
import { t } from '../../text';
import { readRequestForm } from './request-form';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** How a refused request is answered. */
const HTTP_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

/** The seller the address names (`?produk=` one of their products, or `?toko=` their space), or 404. */
async function sellerOf(event: RequestEvent) {
	const params = event.url.searchParams;
	const seller = await sellerCatalog(getDb(), {
		productId: params.get('produk'),
		spaceId: params.get('toko')
	});
	if (!seller) error(404, t('cari.err_seller'));
	return seller;
}

/**
 * Step 2 of an institutional purchase: the pemesan's Permintaan penawaran to one seller. Sent as a plain
 * form; the server's buyer step (takeBuyerStep) checks and records it in the seller's space, whose phones
 * pull it; a refusal comes back on the form in Indonesian.
 */
export const load: PageServerLoad = async (event) => {
	const { organisation } = await requireBuyer(event, 'pemesan');
	const seller = await sellerOf(event);
	const today = jakartaDay(new Date());
	const { address } =
		(await getDb()
			.selectFrom('organisations')
			.select('address')
			.where('id', '=', organisation.id)
			.executeTakeFirst()) ?? {};
	return {
		seller,
		organisation: organisation.name,
		askedProductId: event.url.searchParams.get('produk'),
		// Made once per form: a form sent twice is the same request (the second is refused, not doubled).
		requestId: uuidv7(),
		today,
		neededBy: addDays(today, 14),
		address: address ?? ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = await requireBuyer(event, 'pemesan');
		const seller = await sellerOf(event);
		const form = await event.request.formData();
		const values = Object.fromEntries(
			[...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
		);
		const read = readRequestForm(
			form,
			seller.products.map((product) => product.id)
		);
		if (!read.ok) return fail(400, { values, errors: read.errors, error: t('cari.request_refused') });
		const result = await takeBuyerStep(user, {
			kind: 'request',
			spaceId: seller.spaceId,
			input: read.input
		});
		if (!result.ok) {
			return fail(HTTP_STATUS[result.code], { values, errors: {}, error: result.message });
		}
		redirect(303, `/portal/pengadaan/permintaan/${result.value.procurement.id}`);
	}
};
