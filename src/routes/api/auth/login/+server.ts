import { json } from '@sveltejs/kit';
import { loginRequest } from '$lib/domain/auth';
import { endpoint, readJson, validate } from '$lib/server/api';
import { createSession, deleteSession, loadAccount, login, setSessionCookie } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField, deviceCodeFor } from '$lib/server/devices';
import type { RequestHandler } from './$types';

/** `{phone, pin, clientId?}` → `{user, spaces, deviceCode?}`: the code when the phone names its install. */
export const POST: RequestHandler = endpoint(async ({ request, cookies, url, locals, getClientAddress }) => {
	const body = await readJson(request);
	const input = validate(loginRequest, body);
	const { clientId } = validate(clientIdField, body);
	const db = getDb();
	const user = await login(db, input, getClientAddress());
	if (locals.sessionId) await deleteSession(db, locals.sessionId);
	const { token, expiresAt } = await createSession(db, user.id);
	setSessionCookie(cookies, url, token, expiresAt);
	const deviceCode = clientId ? await deviceCodeFor(db, user.id, clientId) : undefined;
	return json({ ...(await loadAccount(db, user)), ...(deviceCode ? { deviceCode } : {}) });
});
