import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiFailure } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { addMember, removeRole, type Manager } from '$lib/server/organisations';
import { t } from '../text';

/**
 * The two forms of an organisation's people page, shared by the programme admin's page of each organisation
 * (`/portal/admin/instansi/[id]`) and the organisation admin's own (`/portal/pengadaan/orang`): both go
 * through organisations.ts, which decides whether this manager may.
 */

/** A refusal as the form's answer: its status, the form it belongs to, and its message in words. */
function refused(error: unknown, form: string, values: Record<string, unknown>) {
	if (!(error instanceof ApiFailure)) throw error;
	return fail(error.status, { form, values, error: t(error.options.messageKey ?? `err.${error.code}`) });
}

/** "Tambah orang": a new buyer account, or more roles for one of the organisation. */
export async function addPerson(event: RequestEvent, manager: Manager, organisationId: string, back: string) {
	const form = await event.request.formData();
	const values = {
		name: String(form.get('name') ?? ''),
		phone: String(form.get('phone') ?? ''),
		roles: form.getAll('roles').map(String)
	};
	try {
		await addMember(getDb(), manager, organisationId, { ...values, pin: String(form.get('pin') ?? '') });
	} catch (error) {
		return refused(error, 'orang', values);
	}
	redirect(303, `${back}?tersimpan=orang`);
}

/** "Cabut peran": one role of one person. */
export async function takeRole(event: RequestEvent, manager: Manager, organisationId: string, back: string) {
	const form = await event.request.formData();
	const values = { userId: String(form.get('user') ?? ''), role: String(form.get('role') ?? '') };
	try {
		await removeRole(getDb(), manager, organisationId, values);
	} catch (error) {
		return refused(error, `cabut-${values.userId}-${values.role}`, values);
	}
	redirect(303, `${back}?tersimpan=cabut`);
}
