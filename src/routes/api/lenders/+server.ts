import { json } from '@sveltejs/kit';
import { endpoint, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { lenderList } from '$lib/server/lenders';
import { advanceTerms } from '$lib/server/procurement/config';
import type { RequestHandler } from './$types';

/**
 * `{lenders: [{id, name, products, advanceTerms}]}`: the lender organisations a seller may send a KUR application to,
 * by name, to anyone signed in. The phone keeps the last answer (src/lib/client/lenders.ts), so the form
 * offers them with no signal; `financing.submit` checks the choice again against this same table.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const terms = advanceTerms();
	return json({ lenders: (await lenderList(getDb())).map((lender) => ({ ...lender, advanceTerms: terms })) });
});
