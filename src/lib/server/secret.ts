import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/** The setting's name predates its second use (activation codes); renaming it would change every key. */
const SECRET_SETTING = 'order_token_secret';
let secret: Promise<Buffer> | null = null;

/**
 * The server's signing key (buyers' order links, sellers' activation codes): LAPAK_SECRET, or else one made
 * at random the first time and kept in `settings`, so every server process (and every restart) signs
 * alike. Call it with the process's own database, never inside a transaction: a key inserted by a
 * transaction that later rolls back would be cached here and lost there.
 */
export function serverSecret(db: Kysely<Database>): Promise<Buffer> {
	secret ??= (async () => {
		const fromEnv = process.env.LAPAK_SECRET;
		if (fromEnv) return Buffer.from(fromEnv, 'utf8');
		await db
			.insertInto('settings')
			.values({ key: SECRET_SETTING, value: randomBytes(32).toString('hex') })
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
		const row = await db
			.selectFrom('settings')
			.select('value')
			.where('key', '=', SECRET_SETTING)
			.executeTakeFirstOrThrow();
		return Buffer.from(row.value, 'hex');
	})().catch((error) => {
		secret = null;
		throw error;
	});
	return secret;
}
