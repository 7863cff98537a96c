import { json } from '@sveltejs/kit';
import { registerRequest } from '$lib/domain/auth';
import { endpoint, readJson, validate } from '$lib/server/api';
import {
	createSession,
	deleteSession,
	loadAccount,
	registerSeller,
	setSessionCookie
} from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField, deviceCodeFor } from '$lib/server/devices';
import type { RequestHandler } from './$types';

/** `{name, phone, pin, businessName, clientId?}` → 201 `{user, spaces, deviceCode?}`. */
export const POST: RequestHandler = endpoint(async ({ request, cookies, url, locals }) => {
	const body = await readJson(request);
	const input = validate(registerRequest, body);
	const { clientId } = validate(clientIdField, body);
	const db = getDb();
	const user = await registerSeller(db, input);
	if (locals.sessionId) await deleteSession(db, locals.sessionId);
	const { token, expiresAt } = await createSession(db, user.id);
	setSessionCookie(cookies, url, token, expiresAt);
	const deviceCode = clientId ? await deviceCodeFor(db, user.id, clientId) : undefined;
	return json({ ...(await loadAccount(db, user)), ...(deviceCode ? { deviceCode } : {}) }, { status: 201 });
});
