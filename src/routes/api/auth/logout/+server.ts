import { endpoint } from '$lib/server/api';
import { clearSessionCookie, deleteSession } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async ({ cookies, url, locals }) => {
	if (locals.sessionId) await deleteSession(getDb(), locals.sessionId);
	clearSessionCookie(cookies, url);
	return new Response(null, { status: 204 });
});
