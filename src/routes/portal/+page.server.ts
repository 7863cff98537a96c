import { redirect } from '@sveltejs/kit';
import { homeOf } from './session.server';
import type { PageServerLoad } from './$types';

/** `/portal` sends each person to their place: lenders to the applications, admins to the figures. */
export const load: PageServerLoad = ({ locals }) => {
	const home = locals.user ? homeOf(locals.user.role) : null;
	redirect(303, home ?? '/portal/masuk');
};
