import type { LayoutServerLoad } from './$types';

// The portal is drawn on the server and works as plain HTML forms and links: no JavaScript to download or
// to trust with personal data.
export const csr = false;
export const ssr = true;
export const prerender = false;

export const load: LayoutServerLoad = ({ locals, setHeaders }) => {
	// Names, NIKs and decisions: no cache, shared or private, may keep a portal page.
	setHeaders({ 'cache-control': 'private, no-store' });
	const user = locals.user;
	return { user: user ? { name: user.name, role: user.role } : null };
};
