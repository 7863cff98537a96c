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

/** POSTs (or GETs, without a body) JSON to the API and returns the parsed answer. */
export async function callApi<T>(path: string, body?: unknown, fetchImpl: Fetch = fetch): Promise<T> {
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
