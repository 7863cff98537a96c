import { json } from '@sveltejs/kit';
import { renewRequest } from '$lib/domain/auth';
import { endpoint, readJson, validate } from '$lib/server/api';
import { renewSession } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `{clientId, credential}` → `{user, spaces, credential}` and a new session cookie, without the PIN: the
 * phone's device credential (given at login, register and activation) renews a session whose cookie was
 * lost. The answer's `credential` replaces the one sent (which still works until the new one is used).
 * 401 `credential_invalid` / `credential_logged_out` / `credential_removed` / `credential_expired`, 429
 * `too_many_attempts`.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const input = validate(renewRequest, await readJson(event.request));
	return json(await renewSession(getDb(), event, input, event.getClientAddress()));
});
