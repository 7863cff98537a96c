import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type pg from 'pg';
import { dbKind, getDb, newPgClient } from '../db';

/**
 * "Space X changed, pull now" for the SSE streams. On SQLite there is one process, so an EventEmitter is
 * enough. On PostgreSQL several processes may serve the same sellers: each LISTENs on one dedicated
 * connection and a publish is a NOTIFY, which every process (this one included) hears and passes on locally.
 */
const CHANNEL = 'lapak_poke';
/** Sent to subscribers when pokes may have been missed (the LISTEN connection came back): pull everything. */
export const ALL_SPACES = '*';
/** A poke's `space` when a session ended (logout): `member` is the session's id; its streams close. */
export const SESSION_ENDED = '!session';

/**
 * A change to announce: the space, and the user whose memberships of it changed, if any (a facilitator who
 * made the space, a seller just activated, a facilitator removed): their open streams read their spaces
 * again; every other reader of the space takes it as a plain poke.
 */
export interface Poke {
	space: string;
	member?: string;
}

/** One text per poke, as NOTIFY carries it: `space` or `space member` (ids hold no spaces). */
function encode(poke: string | Poke): string {
	if (typeof poke === 'string') return poke;
	return poke.member ? `${poke.space} ${poke.member}` : poke.space;
}

function decode(payload: string): Poke {
	const [space, member] = payload.split(' ');
	return member ? { space, member } : { space };
}

const local = new EventEmitter();
local.setMaxListeners(0);

let listener: Promise<pg.Client> | null = null;
let stopping = false;

function listen(): Promise<pg.Client> {
	listener ??= (async () => {
		const client = newPgClient();
		let reconnecting = false;
		const reconnect = (reason: string) => {
			if (reconnecting || stopping) return;
			reconnecting = true;
			console.error(`Poke listener lost (${reason}); reconnecting`);
			listener = null;
			client.end().catch(() => {});
			setTimeout(() => {
				if (stopping) return;
				listen().then(
					() => local.emit('poke', ALL_SPACES),
					() => {}
				);
			}, 1000).unref();
		};
		client.on('notification', (message) => {
			if (message.channel === CHANNEL && message.payload) local.emit('poke', message.payload);
		});
		client.on('error', (error) => reconnect(error.message));
		client.on('end', () => reconnect('connection ended'));
		try {
			await client.connect();
			await client.query(`LISTEN ${CHANNEL}`);
		} catch (error) {
			listener = null;
			client.end().catch(() => {});
			throw error;
		}
		return client;
	})();
	return listener;
}

/**
 * Calls `onPoke` for every changed space (or ALL_SPACES) until the returned function is called. Resolves
 * once pokes are flowing, so a change made after it resolves is never missed.
 */
export async function subscribePokes(onPoke: (poke: Poke) => void): Promise<() => void> {
	if (dbKind() === 'postgres') await listen();
	const listener = (payload: string) => onPoke(decode(payload));
	local.on('poke', listener);
	return () => local.off('poke', listener);
}

/**
 * Announces committed changes: space ids, or pokes naming the member whose access changed. Call after the
 * commit: a poke must never arrive before the data.
 */
export async function publishPokes(pokes: Iterable<string | Poke>): Promise<void> {
	const unique = [...new Set([...pokes].map(encode))];
	if (unique.length === 0) return;
	if (dbKind() === 'sqlite') {
		for (const payload of unique) local.emit('poke', payload);
		return;
	}
	try {
		const db = getDb();
		for (const payload of unique) await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(db);
	} catch (error) {
		// A lost poke only delays another device's sync until its next trigger; the push itself succeeded.
		console.error('Could not publish poke:', error instanceof Error ? error.message : error);
	}
}

export async function stopPokes(): Promise<void> {
	stopping = true;
	const current = listener;
	listener = null;
	local.removeAllListeners();
	if (current) await (await current.catch(() => null))?.end();
}
