import { error, fail, redirect } from '@sveltejs/kit';
import { jakartaDay } from '$lib/domain/dates';
import { daysLate } from '$lib/domain/procurement-money';
import { lenderAdvance } from '$lib/server/procurement/advances';
import { decideInvoiceAdvance } from '$lib/server/procurement/service';
import { requireRole } from '../../../session.server';
import { t } from '../../../text';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * One invoice advance sent to the lender's organisation, with what the lender weighs: the Surat Pesanan, the
 * BASTs of what was received, the invoice and the buyer's record of paying on time. Another lender's is 404.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'lender');
	const today = jakartaDay(new Date());
	const found = await lenderAdvance(user, event.params.id, today);
	if (!found) error(404, t('advance.err_missing'));
	const { advance, procurement } = found;
	const invoice = procurement.invoices.find((item) => item.id === advance.invoiceId) ?? null;
	return {
		...found,
		invoice,
		lateDays: invoice ? daysLate(invoice, today) : 0,
		receipts: procurement.deliveries.flatMap((delivery) =>
			delivery.receipt ? [{ deliveryId: delivery.id, ...delivery.receipt }] : []
		),
		decided: event.url.searchParams.get('keputusan')
	};
};

/** How a refused decision is answered. */
const HTTP_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

/** Records the lender's decision and comes back to the page (Post/Redirect/Get), or says why not. */
async function decide(event: RequestEvent, status: 'approved' | 'rejected') {
	const lender = requireRole(event, 'lender');
	const form = await event.request.formData();
	const note = String(form.get('note') ?? '').trim();
	const result = await decideInvoiceAdvance(lender, { id: event.params.id, status, note: note || null });
	if (!result.ok) return fail(HTTP_STATUS[result.code], { action: status, note, error: result.message });
	redirect(303, `/portal/pembiayaan/tagihan/${event.params.id}?keputusan=${status}`);
}

export const actions: Actions = {
	setujui: (event) => decide(event, 'approved'),
	tolak: (event) => decide(event, 'rejected')
};
