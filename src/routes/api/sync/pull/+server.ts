import { pullRequest, type PullRequest } from '$lib/domain/mutations';
import { ApiFailure, compressedJson, endpoint, parseBody, requireUser } from '$lib/server/api';
import { hashToken, loadSession, SESSION_COOKIE } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { pollAnswer, pull } from '$lib/server/sync/pull';
import type { RequestHandler } from './$types';

/**
 * The hook leaves the session to this route (auth.ts SESSION_READ_BY_ROUTE): a poll with every cursor up to
 * date is answered from one read of the session, the client and the spaces (pollAnswer); any other pull
 * looks the session up as the hook does and runs `pull`.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) throw new ApiFailure(401, 'unauthorized');
	const db = getDb();
	let body: PullRequest;
	try {
		body = await parseBody(event.request, pullRequest);
	} catch (error) {
		// Without a valid session the answer is 401, whatever the body.
		await loadSession(db, event);
		requireUser(event);
		throw error;
	}
	const sessionId = hashToken(token);
	const poll = await pollAnswer(db, sessionId, body);
	if (poll) {
		event.locals.user = poll.user;
		event.locals.sessionId = sessionId;
		if (poll.answer) return compressedJson(event.request, poll.answer);
	} else {
		await loadSession(db, event);
	}
	return compressedJson(event.request, await pull(db, requireUser(event), body));
});
