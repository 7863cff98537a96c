import { json } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { endpoint, readJson, requireUser, validate } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { issueSessionCredential } from '$lib/server/auth';
import type { RequestHandler } from './$types';

const credentialRequest = z.object({ clientId: z.uuid('err.id_invalid') });

/**
 * `{clientId}` → `{credential}`: a device credential for a phone that is logged in without one (an account
 * switched on it, or a login from before credentials existed). The session decides the user; 404 `not_found`
 * when the install belongs to another account.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { clientId } = validate(credentialRequest, await readJson(event.request));
	return json(await issueSessionCredential(getDb(), event.locals.sessionId!, user, clientId));
});
