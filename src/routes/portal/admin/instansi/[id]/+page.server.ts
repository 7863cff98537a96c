import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { organisationList, organisationMembers } from '$lib/server/organisations';
import { addPerson, takeRole } from '../../../pengadaan/people.server';
import { requireRole } from '../../../session.server';
import { t } from '../../../text';
import type { Actions, PageServerLoad } from './$types';

/** One buying organisation for the programme admin: its details and its people, who can be added and taken. */
export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const db = getDb();
	const organisation = (await organisationList(db)).find((item) => item.id === event.params.id);
	if (!organisation) error(404, t('pengadaan.err_org_missing'));
	return {
		organisation,
		members: await organisationMembers(db, organisation.id),
		saved: event.url.searchParams.get('tersimpan')
	};
};

const ADMIN = { role: 'admin' } as const;

export const actions: Actions = {
	tambah: async (event) => {
		requireRole(event, 'admin');
		return addPerson(event, ADMIN, event.params.id, `/portal/admin/instansi/${event.params.id}`);
	},
	cabut: async (event) => {
		requireRole(event, 'admin');
		return takeRole(event, ADMIN, event.params.id, `/portal/admin/instansi/${event.params.id}`);
	}
};
