import { json } from '@sveltejs/kit';
import { activateRequest } from '$lib/domain/seller';
import { endpoint, readJson, validate } from '$lib/server/api';
import { activateSeller, signIn } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `{phone, code, pin, clientId?}` → `{user, spaces, deviceCode?}` and the session cookie, as login answers:
 * the seller a facilitator signed up is signed in as the owner of their shop. 401 `wrong_code`, 410
 * `code_expired`, 429 `too_many_attempts`, 400 `invalid` (a PIN that is not 6 digits).
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const input = validate(activateRequest, await readJson(event.request));
	const db = getDb();
	const user = await activateSeller(db, input, event.getClientAddress());
	return json(await signIn(db, event, user, input.clientId));
});
