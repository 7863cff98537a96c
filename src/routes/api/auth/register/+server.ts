import { json } from '@sveltejs/kit';
import { registerRequest } from '$lib/domain/auth';
import { ApiFailure, endpoint, readJson, validate } from '$lib/server/api';
import { registerSeller, signIn } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { clientIdField } from '$lib/server/devices';
import { registrationLimitKeys, takeAttempt } from '$lib/server/login-limits';
import type { RequestHandler } from './$types';

/** `{name, phone, pin, businessName, clientId?}` → 201 `{user, spaces, deviceCode?}`. */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJson(event.request);
	const input = validate(registerRequest, body);
	const { clientId } = validate(clientIdField, body);
	const db = getDb();
	// Every registration counts, made or not: the 11th from one address within the hour is refused.
	if (!(await takeAttempt(db, registrationLimitKeys(event.getClientAddress())))) {
		throw new ApiFailure(429, 'too_many_registrations');
	}
	const user = await registerSeller(db, input);
	return json(await signIn(db, event, user, clientId), { status: 201 });
});
