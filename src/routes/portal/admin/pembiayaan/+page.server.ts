import { fail, redirect } from '@sveltejs/kit';
import { MOVABLE } from '$lib/domain/lender';
import { getDb } from '$lib/server/db';
import { adminApplications, moveApplication } from '$lib/server/financing-admin';
import { lenderList } from '$lib/server/lenders';
import { requireRole } from '../../session.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * The admin's list of sent applications, by the lender each went to (`?pemberi=<id>`, or `belum` for those
 * without one), with "Pindahkan ke pemberi pembiayaan lain" on each that is not decided yet.
 */
export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const db = getDb();
	const lenders = await lenderList(db);
	const wanted = event.url.searchParams.get('pemberi') ?? '';
	const filter = wanted === 'belum' ? null : lenders.some((lender) => lender.id === wanted) ? wanted : '';
	const applications = await adminApplications({ lenderId: filter }, db);
	const moved = event.url.searchParams.get('dipindahkan');
	return {
		lenders,
		filter: filter === null ? 'belum' : filter,
		applications: applications.map((application) => ({
			...application,
			movable: MOVABLE.includes(application.status),
			// Where it may go: another lender that offers its KUR product.
			targets: lenders.filter(
				(lender) =>
					lender.id !== application.lender?.id &&
					!!application.product &&
					lender.products.includes(application.product)
			)
		})),
		// The one just moved, found wherever it is now (it may have left the lender shown).
		moved:
			moved && /^[0-9a-f-]{36}$/i.test(moved)
				? ((await adminApplications({ id: moved }, db))[0] ?? null)
				: null
	};
};

/** How a refused move is answered. */
const HTTP_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

export const actions: Actions = {
	/** "Pindahkan ke pemberi pembiayaan lain": recorded in the application's history. */
	pindahkan: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const applicationId = String(form.get('application') ?? '');
		const note = String(form.get('note') ?? '').trim();
		const result = await moveApplication(admin, {
			applicationId,
			lenderId: String(form.get('lender') ?? ''),
			note: note || null
		});
		if (!result.ok) {
			return fail(HTTP_STATUS[result.code], { application: applicationId, note, error: result.message });
		}
		const filter = event.url.searchParams.get('pemberi');
		const keep = filter ? `pemberi=${encodeURIComponent(filter)}&` : '';
		redirect(303, `/portal/admin/pembiayaan?${keep}dipindahkan=${applicationId}`);
	}
};
