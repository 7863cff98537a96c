import { fail, redirect } from '@sveltejs/kit';
import { loginRequest } from '$lib/domain/auth';
import { ApiFailure, firstMessageKey } from '$lib/server/api';
import { clearSessionCookie, createSession, deleteSession, login, setSessionCookie } from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import { say } from '$lib/server/words';
import { homeOf, returnAddress } from '../session.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = locals.user;
	if (user && homeOf(user.role)) redirect(303, returnAddress(url.searchParams.get('ke'), user.role));
	// Someone logged in to the seller app in this browser: say plainly that this is not their place.
	return { notStaff: !!user, returnTo: url.searchParams.get('ke') };
};

export const actions: Actions = {
	/**
	 * Phone and PIN, checked by the same login as the app (same attempt limits); the same session cookie.
	 * Only lenders and admins get a session here: anyone else is told plainly where they belong.
	 */
	masuk: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await request.formData();
		const phone = String(form.get('phone') ?? '');
		const parsed = loginRequest.safeParse({ phone, pin: String(form.get('pin') ?? '') });
		if (!parsed.success) return fail(400, { phone, error: say(firstMessageKey(parsed.error)) });
		const db = getDb();
		let user;
		try {
			user = await login(db, parsed.data, getClientAddress());
		} catch (error) {
			if (error instanceof ApiFailure) return fail(error.status, { phone, error: say(`err.${error.code}`) });
			throw error;
		}
		if (!homeOf(user.role)) return fail(403, { phone, notStaff: true });
		if (locals.sessionId) await deleteSession(db, locals.sessionId);
		const { token, expiresAt } = await createSession(db, user.id);
		setSessionCookie(cookies, url, token, expiresAt);
		redirect(303, returnAddress(url.searchParams.get('ke'), user.role));
	},

	/** Ends the session (the header's "Keluar"). */
	keluar: async ({ cookies, url, locals }) => {
		if (locals.sessionId) await deleteSession(getDb(), locals.sessionId);
		clearSessionCookie(cookies, url);
		redirect(303, '/portal/masuk');
	}
};
