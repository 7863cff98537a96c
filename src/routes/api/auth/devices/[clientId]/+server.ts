import { clientIdField } from '$lib/server/devices';
import { ApiFailure, endpoint, requireUser, validate } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { removeDevice } from '$lib/server/device-credentials';
import type { RequestHandler } from './$types';

/**
 * Removes one of the user's phones from the account → 204: its device credential is revoked (`removed`)
 * and its sessions end, so it needs the PIN again. 404 for a phone that is not the user's (or already gone).
 */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { clientId } = validate(clientIdField, { clientId: event.params.clientId });
	if (!clientId || !(await removeDevice(getDb(), user.id, clientId))) throw new ApiFailure(404, 'not_found');
	return new Response(null, { status: 204 });
});
