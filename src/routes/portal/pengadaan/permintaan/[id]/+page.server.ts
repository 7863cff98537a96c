import { error, fail, redirect } from '@sveltejs/kit';
import { jakartaDay } from '$lib/domain/dates';
import { lineProgress, STEP_RULES, type StepKind } from '$lib/domain/procurement';
import { daysLate, TEMPO_DAYS } from '$lib/domain/procurement-money';
import { requesters } from '$lib/domain/procurement-steps';
import type { BuyerStep } from '$lib/server/procurement/buyer-steps';
import { organisationProcurement, takeBuyerStep } from '$lib/server/procurement/service';
import { requireBuyer } from '../../../session.server';
import { t } from '../../../text';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The steps this page takes, by the name of their form action (also the `?tersimpan=` it comes back with). */
const SAVED = ['ajukan', 'ajukan_ulang', 'batalkan', 'putuskan', 'terima', 'bayar'] as const;

export const load: PageServerLoad = async (event) => {
	const { user, organisation, roles } = await requireBuyer(event);
	// Another organisation's record is as missing as one that never was: 404, nothing said about it.
	const procurement = await organisationProcurement(organisation.id, event.params.id);
	if (!procurement) error(404, t('pengadaan.missing'));
	const today = jakartaDay(new Date().toISOString());
	const status = procurement.status;
	const held: readonly string[] = roles;
	const may = (step: StepKind) =>
		STEP_RULES[step].from.includes(status) && held.includes(STEP_RULES[step].by);
	const ownRequest = requesters(procurement).includes(user.id);
	const saved = event.url.searchParams.get('tersimpan');
	return {
		procurement,
		progress: lineProgress(procurement),
		invoices: procurement.invoices.map((invoice) => ({ ...invoice, late: daysLate(invoice, today) })),
		today,
		tempoChoices: TEMPO_DAYS,
		can: {
			submit: may('submit'),
			resubmit: may('resubmit'),
			cancel: may('cancel'),
			decide: may('approve') && !ownRequest,
			receive: may('receive'),
			pay: may('pay')
		},
		ownRequest: may('approve') && ownRequest,
		// what the penyetuju asked to change, shown beside the form that sends the request again
		revisionNote:
			status === 'revision'
				? (procurement.history.findLast((item) => item.step === 'revise')?.note ?? null)
				: null,
		saved: saved && (SAVED as readonly string[]).includes(saved) ? saved : null
	};
};

/** How a refused step is answered. */
const HTTP_STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;

function field(form: FormData, name: string): string {
	return String(form.get(name) ?? '').trim();
}

/**
 * Takes one step through takeBuyerStep (the one way buyer steps are written) and comes back to the page
 * (Post/Redirect/Get), or answers the refusal's status with its message for the form that sent it.
 */
async function step(
	event: RequestEvent,
	action: (typeof SAVED)[number],
	build: (form: FormData, id: string) => BuyerStep,
	target = (form: FormData) => field(form, 'target')
) {
	const { user } = await requireBuyer(event);
	const form = await event.request.formData();
	const result = await takeBuyerStep(user, build(form, event.params.id));
	if (!result.ok) {
		const values = Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
		return fail(HTTP_STATUS[result.code], { action, target: target(form), values, error: result.message });
	}
	redirect(303, `/portal/pengadaan/permintaan/${event.params.id}?tersimpan=${action}`);
}

const note = (form: FormData) => field(form, 'note') || null;

export const actions: Actions = {
	ajukan: (event) =>
		step(event, 'ajukan', (form, id) => ({
			kind: 'submit',
			input: { id, tempoDays: field(form, 'tempo'), note: note(form) }
		})),
	ajukan_ulang: (event) =>
		step(event, 'ajukan_ulang', (form, id) => ({
			kind: 'resubmit',
			input: { id, tempoDays: field(form, 'tempo'), note: note(form) }
		})),
	batalkan: (event) =>
		step(event, 'batalkan', (form, id) => ({ kind: 'cancel', input: { id, note: note(form) } })),
	putuskan: (event) =>
		step(event, 'putuskan', (form, id) => ({
			kind: 'decide',
			input: { id, decision: field(form, 'decision'), note: note(form) }
		})),
	/** The BAST of one delivery: `qty_<lineId>` per line of it, the day, who received it. */
	terima: (event) =>
		step(
			event,
			'terima',
			(form, id) => ({
				kind: 'receive',
				input: {
					id,
					deliveryId: field(form, 'delivery'),
					receivedOn: field(form, 'receivedOn'),
					items: [...form.keys()]
						.filter((name) => name.startsWith('qty_'))
						.map((name) => ({ lineId: name.slice(4), qty: wholeNumber(field(form, name)) })),
					receiverName: field(form, 'receiverName'),
					receiverPosition: field(form, 'receiverPosition')
				}
			}),
			(form) => field(form, 'delivery')
		),
	bayar: (event) =>
		step(
			event,
			'bayar',
			(form, id) => ({
				kind: 'pay',
				input: {
					id,
					invoiceId: field(form, 'invoice'),
					reference: field(form, 'reference'),
					paidOn: field(form, 'paidOn')
				}
			}),
			(form) => field(form, 'invoice')
		)
};

/** A quantity typed in a form: digits only, else NaN (refused by the step's schema in words). */
function wholeNumber(value: string): number {
	return /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}
