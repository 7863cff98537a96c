import { lenderAdvances } from '$lib/server/procurement/advances';
import { requireLender } from '../../session.server';
import type { PageServerLoad } from './$types';

/** The invoice advances sent to the lender organisation of the account, newest first. */
export const load: PageServerLoad = async (event) => {
	const { user, lender } = await requireLender(event);
	return { lender, advances: await lenderAdvances(user) };
};
