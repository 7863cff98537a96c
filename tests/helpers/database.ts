import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/lib/server/db/schema';
import type { TestDatabase } from './server';

/**
 * A direct connection to a test server's database, for what the API does not show (how many rows a table
 * holds) and for setting up data the way an older release left it. Close it with `destroy()`.
 */
export function openDatabase(database: TestDatabase): Kysely<Database> {
	if (database.backend === 'postgres') {
		return new Kysely<Database>({
			dialect: new PostgresDialect({
				pool: new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 })
			})
		});
	}
	const sqlite = new SqliteDatabase(path.join(database.dataDir, 'lapak.db'));
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Runs `work` on a fresh connection and closes it. */
export async function withDatabase<T>(
	database: TestDatabase,
	work: (db: Kysely<Database>) => Promise<T>
): Promise<T> {
	const db = openDatabase(database);
	try {
		return await work(db);
	} finally {
		await db.destroy();
	}
}
