import { json } from '@sveltejs/kit';
import { endpoint, requireUser, validate } from '$lib/server/api';
import { loadAccount } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField, deviceCodeFor } from '$lib/server/devices';
import type { RequestHandler } from './$types';

/** `{user, spaces}`, plus `deviceCode` with `?clientId=…` (a phone that missed it at login asks again). */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const clientId = event.url.searchParams.get('clientId');
	const db = getDb();
	const account = await loadAccount(db, user);
	if (clientId === null) return json(account);
	validate(clientIdField, { clientId });
	const deviceCode = await deviceCodeFor(db, user.id, clientId);
	return json({ ...account, ...(deviceCode ? { deviceCode } : {}) });
});
