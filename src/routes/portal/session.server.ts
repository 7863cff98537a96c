import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { User, UserRole } from '$lib/domain/auth';
import type { Lender } from '$lib/domain/financing';
import { getDb } from '$lib/server/db';
import { lenderOfUser } from '$lib/server/lenders';
import { buyerMembership } from '$lib/server/procurement/buyer-steps';
import type { OrganisationRole } from '$lib/domain/procurement';
import { t } from './text';

/** Where a portal user starts: lenders at the applications, admins at the program's figures. */
export function homeOf(role: UserRole): string | null {
	if (role === 'lender') return '/portal/pembiayaan';
	if (role === 'buyer') return '/portal/pengadaan';
	if (role === 'monitor') return '/portal/pantauan';
	if (role === 'admin') return '/portal/admin';
	return null;
}

/**
 * The session's user when they have `role`; without a session, a redirect to the portal's login (coming back
 * here afterwards); with another role, 403. Called by every portal load and form action: a layout's load
 * does not guard actions.
 */
export function requireRole(event: RequestEvent, role: 'lender' | 'admin' | 'buyer' | 'monitor'): User {
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

/** A buyer account's organisation and the roles it holds there (pemesan, penyetuju, keuangan, admin). */
export interface BuyerSession {
	user: User;
	organisation: { id: string; name: string; code: string };
	roles: OrganisationRole[];
}

/**
 * A buyer account and its organisation, read from the membership rows (never from the address): a buyer
 * who belongs to no organisation gets 403. When `role` is given, the person must also hold it there.
 * Guards like requireRole.
 */
export async function requireBuyer(event: RequestEvent, role?: OrganisationRole): Promise<BuyerSession> {
	const user = requireRole(event, 'buyer');
	const membership = await buyerMembership(getDb(), user.id);
	if (!membership) error(403, t('portal.forbidden'));
	if (role && !membership.roles.includes(role)) error(403, t('portal.forbidden'));
	return { user, ...membership };
}
