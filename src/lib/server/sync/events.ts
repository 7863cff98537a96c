import { ApiFailure } from '../api';
import { ALL_SPACES, SESSION_ENDED, subscribePokes } from './pokes';

/** Proxies and mobile carriers cut connections that stay silent for a minute or so. */
const KEEP_ALIVE_MS = 25_000;
/** Streams one session may hold open in one process: a phone has one per open tab, and a closed one may linger until the network says so. */
export const MAX_STREAMS_PER_SESSION = 5;

const openStreams = new Set<() => void>();
const streamsOfSession = new Map<string, number>();

/** Who a stream belongs to, and how it learns that its session is over. */
export interface StreamOwner {
	userId: string;
	sessionId: string;
	/** Asked at every keep-alive: false once the session has expired or was ended; the stream then closes. */
	sessionAlive: () => Promise<boolean>;
}

/**
 * A Server-Sent Events stream of `poke` events for the spaces the user reads. A poke only says "pull now".
 * `readSpaces` gives those spaces: read when the stream opens, and again whenever a poke says the user's
 * own access to a space changed (a facilitator who made a space, a seller just activated, a facilitator
 * removed), so the stream follows without reconnecting. That space is poked too when the user could read
 * it before or can now: a removed facilitator's phone pulls, is refused, and reloads its account.
 */
export async function openPokeStream(
	owner: StreamOwner,
	readSpaces: () => Promise<string[]>
): Promise<Response> {
	const { userId, sessionId } = owner;
	const held = streamsOfSession.get(sessionId) ?? 0;
	if (held >= MAX_STREAMS_PER_SESSION) throw new ApiFailure(429, 'too_many_streams');
	streamsOfSession.set(sessionId, held + 1);
	let spaces: Set<string>;
	try {
		spaces = new Set(await readSpaces());
	} catch (error) {
		release(sessionId);
		throw error;
	}
	// Re-reads run one after another, so an older answer never replaces a newer one.
	let reading: Promise<unknown> = Promise.resolve();
	const reread = (then: (before: Set<string>) => void) => {
		reading = reading
			.then(async () => {
				const before = spaces;
				spaces = new Set(await readSpaces());
				then(before);
			})
			.catch((error) =>
				console.error(
					'Could not read the spaces of a poke stream:',
					error instanceof Error ? error.message : error
				)
			);
	};
	const encoder = new TextEncoder();
	let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
	let closed = false;

	const send = (text: string) => {
		if (closed || !controller) return;
		try {
			controller.enqueue(encoder.encode(text));
		} catch {
			close();
		}
	};
	const poke = (space: string) => send(`event: poke\ndata: ${JSON.stringify({ space })}\n\n`);

	// Subscribed before the answer starts: a change made once the device sees the stream open is never missed.
	const unsubscribe = await subscribePokes(({ space, member }) => {
		if (closed) return;
		if (space === SESSION_ENDED) {
			if (member === sessionId) close();
		} else if (space === ALL_SPACES) {
			// Pokes may have been missed, memberships changes among them.
			reread(() => spaces.forEach(poke));
		} else if (member === userId) {
			reread((before) => {
				if (before.has(space) || spaces.has(space)) poke(space);
			});
		} else if (spaces.has(space)) poke(space);
	});
	const keepAlive = setInterval(() => {
		owner.sessionAlive().then(
			(alive) => (alive ? send(': keep-alive\n\n') : close()),
			() => send(': keep-alive\n\n')
		);
	}, KEEP_ALIVE_MS);

	function cleanup() {
		if (closed) return;
		closed = true;
		clearInterval(keepAlive);
		unsubscribe();
		openStreams.delete(close);
		release(sessionId);
	}
	function close() {
		const current = controller;
		cleanup();
		try {
			current?.close();
		} catch {
			// already closed or cancelled
		}
	}
	openStreams.add(close);

	const body = new ReadableStream<Uint8Array>({
		start(streamController) {
			controller = streamController;
			// `retry` tells EventSource how soon to reconnect; the comment makes proxies pass the headers on now.
			send('retry: 5000\n: connected\n\n');
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			// nginx buffers responses unless told not to
			'x-accel-buffering': 'no'
		}
	});
}

function release(sessionId: string): void {
	const held = (streamsOfSession.get(sessionId) ?? 1) - 1;
	if (held > 0) streamsOfSession.set(sessionId, held);
	else streamsOfSession.delete(sessionId);
}

/** Ends every open stream, so a graceful shutdown does not wait for devices to hang up. */
export function closeAllPokeStreams(): void {
	for (const close of [...openStreams]) close();
}
