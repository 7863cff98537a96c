import { json } from '@sveltejs/kit';
import { endpoint, requireUser } from '$lib/server/api';
import { loadAccount } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json(await loadAccount(getDb(), user));
});
