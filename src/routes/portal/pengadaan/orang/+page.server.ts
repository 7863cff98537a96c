import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { isOrganisationAdmin, organisationMembers } from '$lib/server/organisations';
import { requireBuyer } from '../../session.server';
import { t } from '../../text';
import { addPerson, takeRole } from '../people.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const HERE = '/portal/pengadaan/orang';

/** The organisation admin and their organisation; anyone else of it gets 403. */
async function requireOrganisationAdmin(event: RequestEvent) {
	const session = await requireBuyer(event);
	if (!(await isOrganisationAdmin(getDb(), session.user.id, session.organisation.id))) {
		error(403, t('pengadaan.err_not_org_admin'));
	}
	return session;
}

export const load: PageServerLoad = async (event) => {
	const { user, organisation } = await requireOrganisationAdmin(event);
	return {
		organisation,
		self: user.id,
		members: await organisationMembers(getDb(), organisation.id),
		saved: event.url.searchParams.get('tersimpan')
	};
};

export const actions: Actions = {
	tambah: async (event) => {
		const { user, organisation } = await requireOrganisationAdmin(event);
		return addPerson(event, user, organisation.id, HERE);
	},
	cabut: async (event) => {
		const { user, organisation } = await requireOrganisationAdmin(event);
		return takeRole(event, user, organisation.id, HERE);
	}
};
