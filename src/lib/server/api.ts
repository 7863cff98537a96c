import { json, type RequestEvent } from '@sveltejs/kit';
import type * as z from 'zod/mini';
import type { User } from '$lib/domain/auth';
import type { ApiError } from '$lib/domain/errors';
import { MAX_BODY_BYTES } from '$lib/domain/mutations';
import { indonesian } from '$lib/i18n/messages';

type Issue = NonNullable<ApiError['issues']>[number];

/**
 * An answer other than success, thrown from anywhere below an endpoint and turned into
 * `{error: {code, message, issues?}}` (plus `extra` fields beside `error`) by `endpoint()`.
 */
export class ApiFailure extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly options: { messageKey?: string; issues?: Issue[]; extra?: Record<string, unknown> } = {}
	) {
		super(code);
	}

	toResponse(): Response {
		return errorResponse(this.status, this.code, this.options);
	}
}

/** The one place error bodies are made: the message is the Indonesian text of `err.<code>` unless given. */
export function errorResponse(
	status: number,
	code: string,
	options: { messageKey?: string; issues?: Issue[]; extra?: Record<string, unknown> } = {}
): Response {
	const error: ApiError = { code, message: indonesian(options.messageKey ?? `err.${code}`) };
	if (options.issues) error.issues = options.issues;
	return json({ ...options.extra, error }, { status });
}

/**
 * Wraps an API handler: ApiFailure becomes its JSON answer; anything else is logged (method and path only:
 * bodies hold PINs and personal data) and answered 500 `server`.
 */
export function endpoint<E extends RequestEvent>(handler: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await handler(event);
		} catch (error) {
			if (error instanceof ApiFailure) return error.toResponse();
			console.error(`${event.request.method} ${event.url.pathname} failed:`, error);
			return errorResponse(500, 'server');
		}
	};
}

export function requireUser(event: RequestEvent): User {
	if (!event.locals.user) throw new ApiFailure(401, 'unauthorized');
	return event.locals.user;
}

/**
 * Reads a request body, refusing more than MAX_BODY_BYTES even when the client sent no Content-Length
 * (the hook already refuses a declared length above it, before anything is read). Past the limit the rest
 * is read and dropped rather than cancelled: cancelling destroys the socket and the client would never see
 * the 413. adapter-node's BODY_SIZE_LIMIT (just above ours) ends the stream soon after; a hard stop at twice
 * the limit covers a server started without it.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit) chunks.push(value);
			else if (size > 2 * limit) {
				await reader.cancel().catch(() => {});
				break;
			}
		}
	} catch (error) {
		// adapter-node's own BODY_SIZE_LIMIT errors the stream with a 413
		if ((error as { status?: unknown })?.status === 413) throw new ApiFailure(413, 'too_large');
		throw new ApiFailure(400, 'json');
	}
	if (size > limit) throw new ApiFailure(413, 'too_large');
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
	} catch {
		throw new ApiFailure(400, 'json');
	}
}

export async function readJson(request: Request): Promise<unknown> {
	const text = await readBodyText(request);
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiFailure(400, 'json');
	}
}

/** zod issues as the API shows them: our schemas carry `err.*` keys as messages; zod's own wording is not shown. */
export function toIssues(error: z.core.$ZodError): Issue[] {
	return error.issues.map((issue) => ({
		path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
		message: indonesian(issue.message.startsWith('err.') ? issue.message : 'err.invalid')
	}));
}

/** Throws 400 `invalid` with the issues when the value does not fit; the first issue's message is the message. */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issues = toIssues(result.error);
	throw new ApiFailure(400, 'invalid', { issues, messageKey: firstMessageKey(result.error) });
}

/** The `err.*` key of the first issue, for the top-level message. */
export function firstMessageKey(error: z.core.$ZodError): string {
	const message = error.issues[0]?.message ?? '';
	return message.startsWith('err.') ? message : 'err.invalid';
}

export async function parseBody<S extends z.ZodMiniType>(request: Request, schema: S): Promise<z.output<S>> {
	return validate(schema, await readJson(request));
}
