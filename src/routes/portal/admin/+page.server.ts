import { fail, redirect } from '@sveltejs/kit';
import { KUR_PRODUCT_NAMES, type KurProduct } from '$lib/domain/financing';
import { createStaffAccount, staffAccounts } from '$lib/server/accounts';
import { ApiFailure } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { programFigures } from '$lib/server/financing';
import { createLender, lenderSummaries, setLenderProducts } from '$lib/server/lenders';
import {
	createMonitorAccount,
	createOrganisation,
	monitorAccounts,
	organisationList
} from '$lib/server/organisations';
import { requireRole } from '../session.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const db = getDb();
	return {
		figures: await programFigures(db),
		accounts: await staffAccounts(db),
		lenders: await lenderSummaries(db),
		organisations: await organisationList(db),
		monitors: await monitorAccounts(db),
		created: event.url.searchParams.get('dibuat'),
		changed: event.url.searchParams.get('diubah')
	};
};

/** The roles the portal's form creates; another admin only from the command line. */
const FORM_ROLES = ['lender', 'facilitator'] as const;

/** The KUR products ticked in a form (`products` checkboxes), in the programme's order. */
function tickedProducts(form: FormData): KurProduct[] {
	const ticked = form.getAll('products').map(String);
	return KUR_PRODUCT_NAMES.filter((product) => ticked.includes(product));
}

/** An ApiFailure as a form's answer: its status and the message key the page shows. */
function refused(error: unknown, values: Record<string, unknown>, form: string) {
	if (!(error instanceof ApiFailure)) throw error;
	return fail(error.status, { form, values, error: error.options.messageKey ?? `err.${error.code}` });
}

export const actions: Actions = {
	/**
	 * Creates a lender or facilitator account with the same code as `npm run admin -- create-user`. A lender
	 * account belongs to the lender chosen in the form, or (none chosen) to one of the account's own name.
	 */
	akun: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = {
			role: String(form.get('role') ?? ''),
			name: String(form.get('name') ?? ''),
			phone: String(form.get('phone') ?? ''),
			lenderId: String(form.get('lender') ?? '')
		};
		if (!(FORM_ROLES as readonly string[]).includes(values.role)) {
			return fail(400, { form: 'akun', values, error: 'err.role_invalid' });
		}
		try {
			await createStaffAccount(getDb(), {
				role: values.role as (typeof FORM_ROLES)[number],
				name: values.name,
				phone: values.phone,
				pin: String(form.get('pin') ?? ''),
				lenderId: values.lenderId || null
			});
		} catch (error) {
			return refused(error, values, 'akun');
		}
		redirect(303, `/portal/admin?dibuat=${values.role}`);
	},

	/** Makes a lender organisation (a bank, a cooperative) with the KUR products it offers. */
	pemberi: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), products: tickedProducts(form) };
		try {
			await createLender(getDb(), values);
		} catch (error) {
			return refused(error, values, 'pemberi');
		}
		redirect(303, '/portal/admin?dibuat=pemberi');
	},

	/** Changes the KUR products a lender offers (applications already sent stay with it). */
	produk: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const lenderId = String(form.get('lender') ?? '');
		const values = { lenderId, products: tickedProducts(form) };
		try {
			await setLenderProducts(getDb(), lenderId, values.products);
		} catch (error) {
			return refused(error, values, `produk-${lenderId}`);
		}
		redirect(303, '/portal/admin?diubah=pemberi');
	},

	/** Makes a buying organisation (its people are added on its own page). */
	instansi: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = Object.fromEntries(
			['name', 'kind', 'npwp', 'address', 'code'].map((name) => [name, String(form.get(name) ?? '')])
		);
		let id: string;
		try {
			id = (await createOrganisation(getDb(), values as Parameters<typeof createOrganisation>[1])).id;
		} catch (error) {
			return refused(error, values, 'instansi');
		}
		redirect(303, `/portal/admin/instansi/${id}?tersimpan=instansi`);
	},

	/** A programme monitor's account (reads the aggregate figures only). */
	pemantau: async (event) => {
		requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), phone: String(form.get('phone') ?? '') };
		try {
			await createMonitorAccount(getDb(), { ...values, pin: String(form.get('pin') ?? '') });
		} catch (error) {
			return refused(error, values, 'pemantau');
		}
		redirect(303, '/portal/admin?dibuat=pemantau');
	}
};
