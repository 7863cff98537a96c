import type { ApiError as ApiErrorBody } from '$lib/domain/errors';

/** The server answered with an error status; `code` is the API's error code (`wrong_pin`, `invalid`…). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly body: unknown
	) {
		super(message);
	}
}

/** No answer at all: no signal, the server is down, or the request was cut. */
export class NetworkError extends Error {}

export type Fetch = typeof fetch;

/** Renews a lost session cookie (the device credential): `renewed`, `refused` or `unreachable`. */
export type SessionRenewer = () => Promise<'renewed' | 'refused' | 'unreachable'>;

let renewSession: SessionRenewer | null = null;

/**
 * Set by the runtime once it has loaded: a 401 from the API is first answered by renewing the session
 * from the device credential, and the request is sent once more; only if that is refused does the
 * caller hear the 401 (and the seller is asked for the PIN).
 */
export function setSessionRenewer(renewer: SessionRenewer | null): void {
	renewSession = renewer;
}

/** POSTs (or GETs, without a body) JSON to the API and returns the parsed answer. */
export async function callApi<T>(path: string, body?: unknown, fetchImpl: Fetch = fetch): Promise<T> {
	try {
		return await callApiOnce<T>(path, body, fetchImpl);
	} catch (error) {
		const renewable = error instanceof ApiError && error.status === 401 && !path.startsWith('/api/auth/');
		if (!renewable || !renewSession) throw error;
		const outcome = await renewSession();
		if (outcome === 'unreachable') throw new NetworkError('session renewal unreachable');
		if (outcome === 'refused') throw error;
		return callApiOnce<T>(path, body, fetchImpl);
	}
}

async function callApiOnce<T>(path: string, body: unknown, fetchImpl: Fetch): Promise<T> {
	let response: Response;
	try {
		response = await fetchImpl(path, {
			method: body === undefined ? 'GET' : 'POST',
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			credentials: 'same-origin'
		});
	} catch (cause) {
		throw new NetworkError(String(cause));
	}
	if (response.status === 204) return undefined as T;
	let parsed: unknown;
	try {
		parsed = await response.json();
	} catch {
		if (response.ok) throw new NetworkError('unreadable answer');
		parsed = undefined;
	}
	if (!response.ok) {
		const error = (parsed as { error?: ApiErrorBody } | undefined)?.error;
		throw new ApiError(
			response.status,
			error?.code ?? `http_${response.status}`,
			error?.message ?? '',
			parsed
		);
	}
	return parsed as T;
}
