import { endpoint, requireUser } from '$lib/server/api';
import { sessionExists } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { readableSpaceIds } from '$lib/server/sync/access';
import { openPokeStream } from '$lib/server/sync/events';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const sessionId = event.locals.sessionId!;
	return openPokeStream(
		{ userId: user.id, sessionId, sessionAlive: () => sessionExists(getDb(), sessionId) },
		() => readableSpaceIds(getDb(), user.id)
	);
});
