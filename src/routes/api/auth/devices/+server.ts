import { json } from '@sveltejs/kit';
import { endpoint, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { listDevices } from '$lib/server/device-credentials';
import type { RequestHandler } from './$types';

/** `{devices: [{clientId, deviceCode, createdAt, usedAt}]}`: the phones that stay logged in to this account. */
export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json({ devices: await listDevices(getDb(), user.id) });
});
