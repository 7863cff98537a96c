import { ALL_SPACES, subscribePokes } from './pokes';

/** Proxies and mobile carriers cut connections that stay silent for a minute or so. */
const KEEP_ALIVE_MS = 25_000;

const openStreams = new Set<() => void>();

/**
 * A Server-Sent Events stream of `poke` events for the given spaces (those the user reads when the stream
 * opens; a device that gains a space pulls it on its next sync and reconnects). A poke only says "pull now".
 */
export async function openPokeStream(spaceIds: string[]): Promise<Response> {
	const spaces = new Set(spaceIds);
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
	const unsubscribe = await subscribePokes((space) => {
		if (space === ALL_SPACES) spaces.forEach(poke);
		else if (spaces.has(space)) poke(space);
	});
	const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS);

	function cleanup() {
		if (closed) return;
		closed = true;
		clearInterval(keepAlive);
		unsubscribe();
		openStreams.delete(close);
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

/** Ends every open stream, so a graceful shutdown does not wait for devices to hang up. */
export function closeAllPokeStreams(): void {
	for (const close of [...openStreams]) close();
}
