import { ALL_SPACES, subscribePokes } from './pokes';

/** Proxies and mobile carriers cut connections that stay silent for a minute or so. */
const KEEP_ALIVE_MS = 25_000;

const openStreams = new Set<() => void>();

/**
 * A Server-Sent Events stream of `poke` events for the spaces the user reads. A poke only says "pull now".
 * `readSpaces` gives those spaces: read when the stream opens, and again whenever a poke says the user's
 * own access to a space changed (a facilitator who made a space, a seller just activated, a facilitator
 * removed), so the stream follows without reconnecting. That space is poked too when the user could read
 * it before or can now: a removed facilitator's phone pulls, is refused, and reloads its account.
 */
export async function openPokeStream(userId: string, readSpaces: () => Promise<string[]>): Promise<Response> {
	let spaces = new Set(await readSpaces());
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
		if (space === ALL_SPACES) {
			// Pokes may have been missed, memberships changes among them.
			reread(() => spaces.forEach(poke));
		} else if (member === userId) {
			reread((before) => {
				if (before.has(space) || spaces.has(space)) poke(space);
			});
		} else if (spaces.has(space)) poke(space);
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
