import type { ApiClient } from './client';

export interface ServerEvent {
	event: string;
	data: string;
}

/** An open `GET /api/sync/events` stream, read with fetch like the app's EventSource would. */
export interface EventStream {
	status: number;
	/** The next event (comments skipped), or null when none arrives within `timeoutMs`. */
	next(timeoutMs: number): Promise<ServerEvent | null>;
	/** True once the server has ended the stream (seen by `next`). */
	readonly ended: boolean;
	close(): void;
}

export async function openEvents(api: ApiClient): Promise<EventStream> {
	const abort = new AbortController();
	const response = await fetch(`${api.base}/api/sync/events`, {
		headers: api.cookie ? { cookie: `session=${api.cookie}` } : {},
		signal: abort.signal
	});
	const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
	const queue: ServerEvent[] = [];
	let buffer = '';
	let pending: Promise<ReadableStreamReadResult<string>> | null = null;
	let ended = false;

	const parse = () => {
		let end: number;
		while ((end = buffer.indexOf('\n\n')) >= 0) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			let event = 'message';
			const data: string[] = [];
			for (const line of block.split('\n')) {
				if (line.startsWith('event:')) event = line.slice(6).trim();
				else if (line.startsWith('data:')) data.push(line.slice(5).trim());
			}
			if (data.length) queue.push({ event, data: data.join('\n') });
		}
	};

	return {
		status: response.status,
		get ended() {
			return ended;
		},
		async next(timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (queue.length === 0) {
				const left = deadline - Date.now();
				if (left <= 0) return null;
				pending ??= reader.read();
				let timer: NodeJS.Timeout | undefined;
				const result = await Promise.race([
					pending,
					new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left)))
				]);
				clearTimeout(timer);
				if (result === null) return null;
				pending = null;
				if (result.done) {
					ended = true;
					return null;
				}
				buffer += result.value;
				parse();
			}
			return queue.shift()!;
		},
		close() {
			abort.abort();
			reader.cancel().catch(() => {});
		}
	};
}
