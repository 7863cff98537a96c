import { error, fail, redirect } from '@sveltejs/kit';
import { ageOn, checkEligibility, installment, type FinancingDecision } from '$lib/domain/financing';
import { PROVINCE_CODES, readNik } from '$lib/domain/nik';
import { referencedDocuments } from '$lib/server/documents';
import { decideApplication, lenderApplication } from '$lib/server/financing';
import { jakartaDay } from '$lib/domain/dates';
import { requireLender, requireRole } from '../../session.server';
import { t } from '../../text';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { lender } = await requireLender(event);
	// Another lender's application is as missing as one never sent: 404, nothing said about it.
	const found = lender ? await lenderApplication(lender.id, event.params.id) : null;
	if (!found) error(404, t('portal.application_missing'));
	const { application, spaceName, views } = found;
	const { fields } = application;
	const today = jakartaDay(new Date().toISOString());
	const nik = fields.nik ? readNik(fields.nik, new Date(`${today}T00:00:00Z`)) : null;
	const facts = nik && !('error' in nik) ? nik : null;
	const rate = application.ratePercent;
	const decided = event.url.searchParams.get('keputusan');
	return {
		application,
		lender,
		spaceName,
		person: {
			province: facts ? PROVINCE_CODES[facts.provinceCode] : null,
			sex: facts?.sex ?? null,
			age: fields.birthDate ? ageOn(fields.birthDate, today) : null
		},
		installment:
			fields.amount && fields.tenorMonths && rate !== null
				? installment(fields.amount, fields.tenorMonths, rate)
				: null,
		checks: checkEligibility(fields, today),
		documents: referencedDocuments(fields).map((document) => ({
			...document,
			url: `/api/documents/${document.sha256}?space=${application.spaceId}`,
			views: views.filter((view) => view.sha256 === document.sha256).length
		})),
		views,
		open: application.status === 'submitted' || application.status === 'in_review',
		decided: decided && application.decisions.some((decision) => decision.status === decided) ? decided : null
	};
};

/** How a refused decision is answered. */
const HTTP_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

/** Records the lender's decision and comes back to the page (Post/Redirect/Get), or says why not. */
async function decide(event: RequestEvent, status: FinancingDecision['status']) {
	const lender = requireRole(event, 'lender');
	const form = await event.request.formData();
	const note = String(form.get('note') ?? '').trim();
	const result = await decideApplication(lender, {
		applicationId: event.params.id,
		status,
		note: note || null
	});
	if (!result.ok) {
		return fail(HTTP_STATUS[result.code], { action: status, note, error: result.message });
	}
	redirect(303, `/portal/pembiayaan/${event.params.id}?keputusan=${status}`);
}

export const actions: Actions = {
	tinjau: (event) => decide(event, 'in_review'),
	setujui: (event) => decide(event, 'approved'),
	perbaiki: (event) => decide(event, 'needs_revision'),
	tolak: (event) => decide(event, 'rejected')
};
