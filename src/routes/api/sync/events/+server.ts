import { endpoint, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { readableSpaceIds } from '$lib/server/sync/access';
import { openPokeStream } from '$lib/server/sync/events';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return openPokeStream(user.id, () => readableSpaceIds(getDb(), user.id));
});
