import { pullRequest } from '$lib/domain/mutations';
import { compressedJson, endpoint, parseBody, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { pull } from '$lib/server/sync/pull';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const body = await parseBody(event.request, pullRequest);
	return compressedJson(event.request, await pull(getDb(), user, body));
});
