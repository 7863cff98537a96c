import { describe, expect, it } from 'vitest';
import { registerSeller } from '../helpers/client';
import { useTestServer } from '../helpers/server';

/** The headers every answer carries (DESIGN.md §6), whoever serves it: SvelteKit, or adapter-node's files. */
function expectSecurityHeaders(headers: Headers, what: string) {
	const policy = headers.get('content-security-policy') ?? '';
	expect(policy, what).toContain("frame-ancestors 'none'");
	expect(policy, what).toContain("default-src 'self'");
	expect(headers.get('x-content-type-options'), what).toBe('nosniff');
	expect(headers.get('referrer-policy'), what).toBeTruthy();
	expect(headers.get('permissions-policy'), what).toContain('camera=(self)');
	expect(headers.get('permissions-policy'), what).toContain('geolocation=(self)');
}

describe('security headers and form bodies', () => {
	const context = useTestServer('sqlite');

	it('sends the headers on the prerendered app, a static file, a shop page and the portal', async () => {
		const seller = await registerSeller(context.server.url);
		const slug = seller.account.spaces[0].slug;
		for (const path of [
			'/app',
			'/app/masuk',
			'/manifest.webmanifest',
			'/icons/icon-192.png',
			`/toko/${slug}`,
			'/toko/tidak-ada',
			'/portal/masuk',
			'/api/me'
		]) {
			const response = await fetch(context.server.url + path, { redirect: 'manual' });
			expectSecurityHeaders(response.headers, path);
		}
		// The prerendered shell's policy is the one of its <meta> tag (with the hash of SvelteKit's start-up
		// script), sent as a header so that it can forbid framing too.
		const shell = await fetch(context.server.url + '/app');
		const html = await shell.text();
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
		expect(meta).toBeTruthy();
		expect(shell.headers.get('content-security-policy')).toBe(`${meta}; frame-ancestors 'none'`);
	});

	it('keeps a page’s own policy when the browser asks again and hears 304 Not Modified', async () => {
		// A seller page that is not prerendered (the facilitator's seller), opened a second time: the 304
		// must not carry a policy of its own, or the browser would put it on the page it kept.
		for (const path of ['/app/pendamping/01a2532a-d1e8-7847-bf0a-95578868e06b', '/app']) {
			const first = await fetch(context.server.url + path);
			const etag = first.headers.get('etag');
			expect(etag, path).toBeTruthy();
			expect(first.headers.get('content-security-policy'), path).toContain('script-src');
			const again = await fetch(context.server.url + path, { headers: { 'if-none-match': etag! } });
			expect(again.status, path).toBe(304);
			expect(again.headers.get('content-security-policy'), path).toBeNull();
			expect(again.headers.get('x-content-type-options'), path).toBe('nosniff');
		}
	});

	it('answers a body that is not a form, sent to a form action, with 415 or 400 and an Indonesian page', async () => {
		const seller = await registerSeller(context.server.url);
		const slug = seller.account.spaces[0].slug;
		// What a browser sends: adapter-node without ORIGIN takes itself to be behind https (tests/helpers/portal.ts).
		const origin = `https://${new URL(context.server.url).host}`;
		for (const path of ['/portal/masuk', '/portal/admin?/akun', `/toko/${slug}?/periksa`]) {
			const plain = await fetch(context.server.url + path, {
				method: 'POST',
				headers: { origin, 'content-type': 'text/plain' },
				body: 'phone=0812&pin=123456'
			});
			expect(plain.status, path).toBe(415);
			const page = await plain.text();
			expect(page, path).toContain('Halaman ini hanya menerima isian formulir.');
			expectSecurityHeaders(plain.headers, path);

			const broken = await fetch(context.server.url + path, {
				method: 'POST',
				headers: { origin, 'content-type': 'multipart/form-data; boundary=xyz' },
				body: '--xyz\r\nContent-Disposition: form-data; name="phone"\r\n\r\n0812'
			});
			expect(broken.status, path).toBe(400);
			expect(await broken.text(), path).toContain('Isian formulir tidak bisa dibaca.');
		}
	});
});
