import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { User, UserRole } from '$lib/domain/auth';
import type { Lender } from '$lib/domain/financing';
import { getDb } from '$lib/server/db';
import { lenderOfUser } from '$lib/server/lenders';
import { t } from './text';

/** Where a portal user starts: lenders at the applications, admins at the program's figures. */
export function homeOf(role: UserRole): string | null {
	if (role === 'lender') return '/portal/pembiayaan';
	if (role === 'admin') return '/portal/admin';
	return null;
}

/**
 * The session's user when they have `role`; without a session, a redirect to the portal's login (coming back
 * here afterwards); with another role, 403. Called by every portal load and form action: a layout's load
 * does not guard actions.
 */
export function requireRole(event: RequestEvent, role: 'lender' | 'admin'): User {
	const user = event.locals.user;
	if (!user) {
		redirect(303, `/portal/masuk?ke=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (user.role !== role) error(403, t('portal.forbidden'));
	return user;
}

/** A `ke` (return to) address that stays inside the portal; anything else is the role's home. */
export function returnAddress(value: string | null, role: UserRole): string {
	if (value && /^\/portal(\/[\w\-/%]*)?(\?[\w\-=&%.]*)?$/.test(value) && !value.startsWith('/portal/masuk')) {
		return value;
	}
	return homeOf(role) ?? '/portal';
}

/**
 * A lender account and the lender organisation it belongs to, whose applications are the only ones it
 * sees (null for an account that belongs to none: it sees none). Guards like requireRole.
 */
export async function requireLender(event: RequestEvent): Promise<{ user: User; lender: Lender | null }> {
	const user = requireRole(event, 'lender');
	return { user, lender: await lenderOfUser(getDb(), user.id) };
}
