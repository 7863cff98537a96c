import { json } from '@sveltejs/kit';
import { pushRequest } from '$lib/domain/mutations';
import { endpoint, parseBody, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { push } from '$lib/server/sync/push';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	// The text of each mutation's arguments is checked by applyMutation, one mutation at a time.
	const body = await parseBody(event.request, pushRequest, { checkText: false });
	return json(await push(getDb(), user, body));
});
