/** Someone using the server-rendered portal pages (plain HTML forms, no JavaScript), keeping the cookie. */

export interface PortalAnswer {
	status: number;
	html: string;
	headers: Headers;
	/** The `Location` of a redirect (not followed). */
	location: string | null;
}

export class PortalBrowser {
	cookie: string | null = null;

	/**
	 * `origin` is what a browser sends with a form: adapter-node without ORIGIN takes itself to be served over
	 * https (behind a TLS proxy), so that is the origin a browser has; give the plain-http one for a server
	 * started with `plainHttp`.
	 */
	constructor(
		readonly base: string,
		readonly origin = `https://${new URL(base).host}`
	) {}

	private async send(path: string, init: RequestInit): Promise<PortalAnswer> {
		const headers = new Headers(init.headers);
		headers.set('accept', 'text/html');
		if (this.cookie) headers.set('cookie', `session=${this.cookie}`);
		const response = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
		for (const line of response.headers.getSetCookie()) {
			const match = /^session=([^;]*)/.exec(line);
			if (match) this.cookie = match[1] || null;
		}
		return {
			status: response.status,
			html: await response.text(),
			headers: response.headers,
			location: response.headers.get('location')
		};
	}

	get(path: string): Promise<PortalAnswer> {
		return this.send(path, { method: 'GET' });
	}

	/** Sends a form to `path` (with its `?/action`), as a browser with JavaScript off does. */
	submit(path: string, fields: Record<string, string>): Promise<PortalAnswer> {
		return this.send(path, {
			method: 'POST',
			headers: { origin: this.origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	}

	/**
	 * Logs in through the portal's form (sent from `/portal/masuk?ke=<returnTo>` when given); returns the
	 * answer (303 to the role's page, or back to `returnTo`, when it worked).
	 */
	login(phone: string, pin: string, returnTo?: string): Promise<PortalAnswer> {
		const back = returnTo ? `&ke=${encodeURIComponent(returnTo)}` : '';
		return this.submit(`/portal/masuk?/masuk${back}`, { phone, pin });
	}
}
