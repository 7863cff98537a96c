import { fail, redirect } from '@sveltejs/kit';
import { createStaffAccount, staffAccounts } from '$lib/server/accounts';
import { ApiFailure } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { programFigures } from '$lib/server/financing';
import { requireRole } from '../session.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const db = getDb();
	return {
		figures: await programFigures(db),
		accounts: await staffAccounts(db),
		created: event.url.searchParams.get('dibuat')
	};
};

/** The roles the portal's form creates; another admin only from the command line. */
const FORM_ROLES = ['lender', 'facilitator'] as const;

export const actions: Actions = {
	/** Creates a lender or facilitator account with the same code as `npm run admin -- create-user`. */
	akun: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = {
			role: String(form.get('role') ?? ''),
			name: String(form.get('name') ?? ''),
			phone: String(form.get('phone') ?? '')
		};
		if (!(FORM_ROLES as readonly string[]).includes(values.role)) {
			return fail(400, { values, error: 'err.role_invalid' });
		}
		try {
			await createStaffAccount(getDb(), {
				role: values.role as (typeof FORM_ROLES)[number],
				name: values.name,
				phone: values.phone,
				pin: String(form.get('pin') ?? '')
			});
		} catch (error) {
			if (error instanceof ApiFailure) {
				return fail(error.status, { values, error: error.options.messageKey ?? `err.${error.code}` });
			}
			throw error;
		}
		redirect(303, `/portal/admin?dibuat=${values.role}`);
	}
};
