// Security headers on every answer of the production server, the prerendered pages and the static files
// included: adapter-node serves those itself, before SvelteKit's hooks run, so hooks.server.ts cannot add
// them. Loaded before build/index.js (`npm start` imports it; the tests start `node --import` it), it adds
// each header an answer does not set itself.
//
// The prerendered pages (/app and its screens) carry their Content-Security-Policy as a <meta> tag, with
// the hash of SvelteKit's inline start-up script; a <meta> policy cannot forbid framing, so the same policy
// is sent again as a header, with frame-ancestors 'none' added. Other answers without a policy of their own
// (scripts, images, the API) get the app's plain one.
import { readdirSync, readFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prerendered = path.join(root, 'build', 'prerendered');

const FRAMING = "frame-ancestors 'none'";
const PLAIN_POLICY = `default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'self'; form-action 'self'; ${FRAMING}`;

const HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	// The camera (product and document photos) and the GPS position (a facilitator's sign-up) for the app
	// itself only; nothing else a page could ask for.
	'permissions-policy':
		'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), serial=(), hid=(), interest-cohort=()',
	'x-frame-options': 'DENY'
};

/** The address each prerendered page answers (`/app/masuk`) with its policy, read from its <meta> tag. */
function prerenderedPolicies() {
	const policies = new Map();
	/** @param {string} dir */
	const walk = (dir) => {
		let entries;
		try {
			entries = readdirSync(dir, { withFileTypes: true });
		} catch {
			return; // no build yet (the tests of this file run without one)
		}
		for (const entry of entries) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.html')) {
				const html = readFileSync(file, 'utf8');
				const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html);
				const address =
					'/' +
					path
						.relative(prerendered, file)
						.replace(/\.html$/, '')
						.split(path.sep)
						.join('/');
				policies.set(
					address === '/index' ? '/' : address,
					`${meta ? meta[1] : PLAIN_POLICY.replace(`; ${FRAMING}`, '')}; ${FRAMING}`
				);
			}
		}
	};
	walk(prerendered);
	return policies;
}

const policies = prerenderedPolicies();

/**
 * The names of the headers a writeHead call passes itself (an object, or a flat array of names and values).
 * @param {unknown} headers
 * @returns {string[]}
 */
function namesIn(headers) {
	if (!headers) return [];
	if (Array.isArray(headers))
		return headers.filter((_, index) => index % 2 === 0).map((name) => String(name).toLowerCase());
	return Object.keys(/** @type {object} */ (headers)).map((name) => name.toLowerCase());
}

const writeHead = ServerResponse.prototype.writeHead;
/**
 * @this {ServerResponse}
 * @param {number} statusCode
 * @param {any[]} rest
 */
function writeHeadWithSecurityHeaders(statusCode, ...rest) {
	if (!this.headersSent) {
		const given = new Set(namesIn(typeof rest[0] === 'string' ? rest[1] : rest[0]));
		/** @param {string} name */
		const missing = (name) => !given.has(name) && !this.hasHeader(name);
		for (const [name, value] of Object.entries(HEADERS)) if (missing(name)) this.setHeader(name, value);
		// Not on a 304: the browser merges a 304's headers into the page it kept, so a plain policy there
		// would replace the page's own (with its start-up script's hash) and leave the screen blank.
		if (statusCode !== 304 && missing('content-security-policy')) {
			const address = (this.req?.url ?? '/').split('?')[0].replace(/\/$/, '') || '/';
			this.setHeader('content-security-policy', policies.get(address) ?? PLAIN_POLICY);
		}
	}
	return /** @type {any} */ (writeHead).call(this, statusCode, ...rest);
}
ServerResponse.prototype.writeHead = /** @type {any} */ (writeHeadWithSecurityHeaders);
