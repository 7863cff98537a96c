import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { jakartaDay } from '$lib/domain/dates';
import { addMonths } from '$lib/domain/expense';
import { PROVINCE_CODES } from '$lib/domain/nik';
import { getDb } from '$lib/server/db';
import {
	ORGANISATION_TABLES,
	TABLE_IDS,
	type DashboardFilters,
	type TableId
} from '$lib/server/monitoring/dashboard';
import { buyerMembership } from '$lib/server/procurement/buyer-steps';
import { t } from '../text';

/** Who looks at the figures, and what they may see. */
export interface MonitoringScope {
	filters: DashboardFilters;
	today: string;
	tables: readonly TableId[];
	/** A monitor sees every organisation and may choose one; an organisation's staff only their own. */
	national: boolean;
	organisations: { id: string; name: string }[];
	/** The name of what the figures cover: "Nasional" or the organisation's name. */
	scopeName: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The viewer and the filters of a request to /portal/pantauan (the page, a CSV, the workbook), decided from
 * the session and the membership rows: a pemantau sees everything; an organisation's penyetuju or keuangan
 * the figures of their own organisation (`?organisasi=<its id>`) and nothing else: another organisation's
 * view and the national one (no `organisasi`) are 403. Anyone else is 403; no session goes to the login.
 */
export async function monitoringScope(event: RequestEvent): Promise<MonitoringScope> {
	const user = event.locals.user;
	if (!user) {
		redirect(303, `/portal/masuk?ke=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	const query = event.url.searchParams;
	const today = jakartaDay(new Date());
	const thisMonth = today.slice(0, 7);
	const to = MONTH.test(query.get('sampai') ?? '') ? query.get('sampai')! : thisMonth;
	const fromAsked = query.get('dari') ?? '';
	const from = MONTH.test(fromAsked) && fromAsked <= to ? fromAsked : addMonths(to, -11);
	const province = query.get('provinsi') ?? '';
	const asked = query.get('organisasi') || null;
	const db = getDb();
	const filters: DashboardFilters = {
		from,
		to,
		province: PROVINCE_CODES[province] ? province : null,
		organisationId: asked
	};

	if (user.role === 'monitor') {
		const organisations = await db
			.selectFrom('organisations')
			.select(['id', 'name'])
			.orderBy('name')
			.execute();
		const chosen = organisations.find((organisation) => organisation.id === asked);
		filters.organisationId = chosen?.id ?? null;
		return {
			filters,
			today,
			tables: TABLE_IDS,
			national: true,
			organisations,
			scopeName: chosen?.name ?? t('pantauan.national')
		};
	}
	if (user.role === 'buyer') {
		const membership = await buyerMembership(db, user.id);
		const allowed = membership?.roles.some((role) => role === 'penyetuju' || role === 'keuangan');
		if (membership && allowed && asked === membership.organisation.id) {
			return {
				filters,
				today,
				tables: ORGANISATION_TABLES,
				national: false,
				organisations: [{ id: membership.organisation.id, name: membership.organisation.name }],
				scopeName: membership.organisation.name
			};
		}
	}
	error(403, t('portal.forbidden'));
}
