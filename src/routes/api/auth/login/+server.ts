import { json } from '@sveltejs/kit';
import { loginRequest } from '$lib/domain/auth';
import { endpoint, parseBody } from '$lib/server/api';
import { createSession, deleteSession, loadAccount, login, setSessionCookie } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = endpoint(async ({ request, cookies, url, locals, getClientAddress }) => {
	const input = await parseBody(request, loginRequest);
	const db = getDb();
	const user = await login(db, input, getClientAddress());
	if (locals.sessionId) await deleteSession(db, locals.sessionId);
	const { token, expiresAt } = await createSession(db, user.id);
	setSessionCookie(cookies, url, token, expiresAt);
	return json(await loadAccount(db, user));
});
