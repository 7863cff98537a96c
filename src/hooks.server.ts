import type { Handle, ServerInit } from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { isCleanText } from '$lib/domain/text';
import { bodyLimitFor, discardBody, errorResponse } from '$lib/server/api';
import { loadSession, SESSION_READ_BY_ROUTE } from '$lib/server/auth';
import { blobStore } from '$lib/server/blobs';
import { closeDb, getDb, migrateToLatest } from '$lib/server/db';
import { formBodyRefusal } from '$lib/server/form-body';
import { kurRates } from '$lib/server/kur-config';
import { closeAllPokeStreams } from '$lib/server/sync/events';
import { stopPokes } from '$lib/server/sync/pokes';

/**
 * Runs once when the server starts (not while building): checks the configuration (a malformed KUR_RATES or
 * S3 setting, or a bucket it cannot read, stops the start, rather than failing the first financing form or
 * photo) and brings the database schema up to date.
 */
export const init: ServerInit = async () => {
	if (building) return;
	kurRates();
	await (await blobStore()).check();
	await migrateToLatest(getDb());
	if (dev) return;
	// adapter-node waits for open connections before it shuts down; SSE streams never end on their own.
	process.once('SIGTERM', closeAllPokeStreams);
	process.once('SIGINT', closeAllPokeStreams);
	// adapter-node emits this once the HTTP server has closed.
	process.once('sveltekit:shutdown', () => {
		void stopPokes().then(closeDb);
	});
};

/** The address as its segments read once decoded; an undecodable one as it came. */
function decodedPath(pathname: string): string {
	try {
		return decodeURIComponent(pathname);
	} catch {
		return pathname;
	}
}

function isApi(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

function secure(response: Response, api: boolean): Response {
	try {
		response.headers.set('x-content-type-options', 'nosniff');
		response.headers.set('referrer-policy', 'same-origin');
		// API answers are personal and change every moment: no cache, shared or private, may keep them.
		if (api && !response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	} catch {
		// a Response with immutable headers (a proxied fetch) keeps its own
	}
	return response;
}

export const handle: Handle = async (input) => {
	const response = await answer(input);
	// An answer given without reading the request body (413 by its declared length, 401 to a photo upload whose
	// session ran out): read the body now, or the phone still sending it sees a reset connection, not the answer.
	if (!building && isApi(input.event.url.pathname)) await discardBody(input.event.request);
	return response;
};

const answer: Handle = async ({ event, resolve }) => {
	const api = isApi(event.url.pathname);
	event.locals.user = null;
	event.locals.sessionId = null;
	if (building) return resolve(event);

	// Refuse an oversized body before reading any of it; bodies without a length are capped while read.
	// Photo uploads have their own, smaller limit (and their own message) instead of the JSON one.
	if (api) {
		const limit = bodyLimitFor(event.url.pathname);
		if (Number(event.request.headers.get('content-length') ?? 0) > limit.bytes) {
			return secure(errorResponse(413, limit.code), true);
		}
	}

	if (!SESSION_READ_BY_ROUTE.has(event.route.id ?? '')) {
		try {
			await loadSession(getDb(), event);
		} catch (error) {
			console.error('Session lookup failed:', error);
			if (api) return secure(errorResponse(500, 'server'), true);
			throw error;
		}
	}

	if (api && event.route.id === null) return secure(errorResponse(404, 'not_found'), true);
	// An address with a control character in it (`/toko/%00`) names nothing: 404, before any lookup.
	if (!isCleanText(decodedPath(event.url.pathname))) {
		return secure(
			api ? errorResponse(404, 'not_found') : new Response('Tidak ditemukan', { status: 404 }),
			api
		);
	}
	// A form action's body that is not a readable form: a plain Indonesian page, never a 500.
	if (!api && event.request.method === 'POST') {
		const refusal = await formBodyRefusal(event.request);
		if (refusal) return secure(refusal, false);
	}
	const response = await resolve(event);
	// SvelteKit answers a method an endpoint does not export in plain text; the API speaks JSON.
	if (api && response.status === 405 && !response.headers.get('content-type')?.includes('json')) {
		const answer = errorResponse(405, 'method_not_allowed');
		const allow = response.headers.get('allow');
		if (allow) answer.headers.set('allow', allow);
		return secure(answer, true);
	}
	return secure(response, api);
};
