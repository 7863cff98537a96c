import { json } from '@sveltejs/kit';
import { loginRequest } from '$lib/domain/auth';
import { endpoint, readJson, validate } from '$lib/server/api';
import { login, signIn } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField } from '$lib/server/devices';
import type { RequestHandler } from './$types';

/** `{phone, pin, clientId?}` → `{user, spaces, deviceCode?}`: the code when the phone names its install. */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJson(event.request);
	const input = validate(loginRequest, body);
	const { clientId } = validate(clientIdField, body);
	const db = getDb();
	const user = await login(db, input, event.getClientAddress());
	return json(await signIn(db, event, user, clientId));
});
