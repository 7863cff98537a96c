import { json } from '@sveltejs/kit';
import { registerRequest } from '$lib/domain/auth';
import { endpoint, readJson, validate } from '$lib/server/api';
import { registerSeller, signIn } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField } from '$lib/server/devices';
import type { RequestHandler } from './$types';

/** `{name, phone, pin, businessName, clientId?}` → 201 `{user, spaces, deviceCode?}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJson(event.request);
	const input = validate(registerRequest, body);
	const { clientId } = validate(clientIdField, body);
	const db = getDb();
	const user = await registerSeller(db, input);
	return json(await signIn(db, event, user, clientId), { status: 201 });
});
