import { jakartaDay } from '$lib/domain/dates';
import { daysLate } from '$lib/domain/procurement-money';
import { openInvoices } from '$lib/server/procurement/service';
import { requireBuyer } from '../../session.server';
import type { PageServerLoad } from './$types';

/** Keuangan's list: the organisation's unpaid invoices by due date, the late ones with their days late. */
export const load: PageServerLoad = async (event) => {
	const { organisation } = await requireBuyer(event, 'keuangan');
	const today = jakartaDay(new Date().toISOString());
	const invoices = (await openInvoices(organisation.id)).map((invoice) => ({
		...invoice,
		late: daysLate({ dueDate: invoice.dueOn, paid: null }, today)
	}));
	return {
		organisation,
		invoices,
		total: invoices.reduce((sum, invoice) => sum + invoice.amount, 0),
		lateCount: invoices.filter((invoice) => invoice.late > 0).length
	};
};
