import { gzipSync } from 'node:zlib';
import { json, type RequestEvent } from '@sveltejs/kit';
import type * as z from 'zod/mini';
import type { User } from '$lib/domain/auth';
import { uncleanTextPath } from '$lib/domain/text';
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

/** A body size limit, the error code answered (413) above it, and the one (400) when the body breaks off. */
export interface BodyLimit {
	bytes: number;
	code: string;
	brokenCode: string;
}

export const JSON_BODY_LIMIT: BodyLimit = { bytes: MAX_BODY_BYTES, code: 'too_large', brokenCode: 'json' };
/** Photos come compressed from the phone (≈150 KB); 2 MB leaves room for a photo taken on a computer. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const PHOTO_BODY_LIMIT: BodyLimit = {
	bytes: MAX_PHOTO_BYTES,
	code: 'photo_too_large',
	brokenCode: 'invalid'
};

/**
 * The body limit of an API path: photo and document uploads have their own, every other request the JSON
 * one.
 */
export function bodyLimitFor(pathname: string): BodyLimit {
	return pathname.startsWith('/api/photos/') || pathname.startsWith('/api/documents/')
		? PHOTO_BODY_LIMIT
		: JSON_BODY_LIMIT;
}

/**
 * How much of a body past its limit is read and dropped before the connection is cut. Answering while the
 * client is still sending and then closing the socket with unread bytes makes the kernel reset the
 * connection, and the client never sees the answer; so the rest is read first. adapter-node's
 * BODY_SIZE_LIMIT (6 MB, scripts/body-limit.js) ends a longer body first; this stops a server started
 * without it.
 */
const DRAIN_CAP_BYTES = 2 * MAX_BODY_BYTES;

/**
 * Reads what is left of a request body that the answer does not need (an upload refused before it was read),
 * so the client, still sending, gets the answer instead of a reset connection. Past DRAIN_CAP_BYTES the
 * connection is cut.
 */
export async function discardBody(request: Request): Promise<void> {
	if (!request.body || request.bodyUsed || request.body.locked) return;
	const reader = request.body.getReader();
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			size += value.byteLength;
			if (size > DRAIN_CAP_BYTES) {
				await reader.cancel().catch(() => {});
				return;
			}
		}
	} catch {
		// the client hung up, or adapter-node's own limit ended the stream: nothing more to read
	}
}

/**
 * Reads a request body, refusing more than `limit.bytes` even when the client sent no Content-Length
 * (the hook already refuses a declared length above it, before anything is read). Past the limit the rest
 * is read and dropped rather than cancelled, up to DRAIN_CAP_BYTES (see there).
 */
export async function readBodyBytes(request: Request, limit: BodyLimit = JSON_BODY_LIMIT): Promise<Buffer> {
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit.bytes) chunks.push(value);
			else if (size > DRAIN_CAP_BYTES) {
				await reader.cancel().catch(() => {});
				break;
			}
		}
	} catch (error) {
		// adapter-node's own BODY_SIZE_LIMIT errors the stream with a 413
		if ((error as { status?: unknown })?.status === 413) throw new ApiFailure(413, limit.code);
		throw new ApiFailure(400, limit.brokenCode);
	}
	if (size > limit.bytes) throw new ApiFailure(413, limit.code);
	return Buffer.concat(chunks);
}

/** A request body as UTF-8 text, within the JSON limit; anything that is not UTF-8 is 400 `json`. */
export async function readBodyText(request: Request, limit: BodyLimit = JSON_BODY_LIMIT): Promise<string> {
	const bytes = await readBodyBytes(request, limit);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
export function validate<S extends z.ZodMiniType>(
	schema: S,
	value: unknown,
	options: { checkText?: boolean } = {}
): z.output<S> {
	// Control characters, bidi overrides and lone surrogates, in any text of the body: refused before any
	// schema reads it (PostgreSQL refuses a NUL outright). A push checks each mutation's own instead, so one
	// bad mutation is refused alone and never blocks the queue behind it.
	const unclean = options.checkText === false ? null : uncleanTextPath(value);
	if (unclean) {
		const path = unclean.map((part) => (typeof part === 'number' ? part : String(part)));
		const message = indonesian('err.text_invalid_chars');
		throw new ApiFailure(400, 'invalid', {
			issues: [{ path, message }],
			messageKey: 'err.text_invalid_chars'
		});
	}
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issues = toIssues(result.error);
	throw new ApiFailure(400, 'invalid', { issues, messageKey: firstMessageKey(result.error) });
}

/** The message key of the first issue (`err.*`, or a section's own `procurement.err_*`), for the top-level message. */
export function firstMessageKey(error: z.core.$ZodError): string {
	const message = error.issues[0]?.message ?? '';
	return /^(err\.|[a-z]+\.err_)[a-z0-9_]+$/.test(message) ? message : 'err.invalid';
}

export async function parseBody<S extends z.ZodMiniType>(
	request: Request,
	schema: S,
	options: { checkText?: boolean } = {}
): Promise<z.output<S>> {
	return validate(schema, await readJson(request), options);
}

/** Below this a JSON answer goes as it is: compressing it would cost more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer, gzip-compressed when the client takes it: a page of pulled records repeats its field
 * names and values hundreds of times, and a phone on a slow link pays for every byte.
 */
export function compressedJson(request: Request, value: unknown): Response {
	const text = JSON.stringify(value);
	const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'accept-encoding' };
	const takesGzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	if (!takesGzip || text.length < COMPRESS_FROM_BYTES) return new Response(text, { headers });
	const body = gzipSync(text, { level: 5 });
	return new Response(body, { headers: { ...headers, 'content-encoding': 'gzip' } });
}
