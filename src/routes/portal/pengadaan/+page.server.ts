import { jakartaDay } from '$lib/domain/dates';
import { isOrganisationAdmin } from '$lib/server/organisations';
import { getDb } from '$lib/server/db';
import { organisationProcurements } from '$lib/server/procurement/service';
import { requireBuyer } from '../session.server';
import { byStage, dueMark, STAGES } from './stages';
import type { PageServerLoad } from './$types';

/** The organisation's requests and orders, grouped by stage, each with its next date and days late. */
export const load: PageServerLoad = async (event) => {
	const { user, organisation, roles } = await requireBuyer(event);
	const today = jakartaDay(new Date().toISOString());
	const groups = byStage(await organisationProcurements(organisation.id));
	return {
		organisation,
		roles,
		admin: await isOrganisationAdmin(getDb(), user.id, organisation.id),
		stages: STAGES.map((stage) => ({
			stage,
			items: groups[stage].map((procurement) => ({
				id: procurement.id,
				sellerName: procurement.sellerName,
				status: procurement.status,
				lines: procurement.lines.map((line) => line.name),
				total: procurement.order?.subtotal ?? procurement.quotation?.total ?? null,
				orderNumber: procurement.order?.number ?? null,
				due: dueMark(procurement, today),
				updatedAt: procurement.updatedAt
			}))
		}))
	};
};
