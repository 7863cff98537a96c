import { logoutRequest } from '$lib/domain/auth';
import { endpoint, readBodyText } from '$lib/server/api';
import { clearSessionCookie, logout } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `{clientId?, credential?}` → 204: the session ends and the phone's device credential is revoked (the one
 * the session was made for, and the one named in the body when it matches: a phone whose cookie was lost
 * still revokes its credential). An empty or unreadable body is a logout of the session alone.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	// Logging out always ends the session: a body that cannot be read only names no credential.
	let body: unknown = {};
	try {
		body = JSON.parse(await readBodyText(event.request));
	} catch {
		body = {};
	}
	const parsed = logoutRequest.safeParse(body);
	await logout(getDb(), event.locals, parsed.success ? parsed.data : {});
	clearSessionCookie(event.cookies, event.url);
	return new Response(null, { status: 204 });
});
