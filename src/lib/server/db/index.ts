import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import { registerPool } from './prepared';
import type { Database } from './schema';

export type DbKind = 'sqlite' | 'postgres';

/** `postgres://…` / `postgresql://…` in DATABASE_URL selects PostgreSQL; anything else is the SQLite file. */
export function postgresUrl(): string | null {
	const url = process.env.DATABASE_URL;
	return url && /^postgres(ql)?:\/\//.test(url) ? url : null;
}

export function dbKind(): DbKind {
	return postgresUrl() ? 'postgres' : 'sqlite';
}

/**
 * Where the server keeps files: the SQLite database, and the photos and documents unless S3_BUCKET puts
 * them in a bucket (blobs/), as several server processes on different machines need.
 */
export function dataDir(): string {
	return process.env.DATA_DIR ?? './data';
}

export function sqlitePath(): string {
	return path.join(dataDir(), 'lapak.db');
}

/**
 * pg returns int8 (bigint columns, count(*)) as strings because they can exceed 2^53. Our bigints are money
 * and stock, bounded far below that, so they are read as numbers like SQLite does.
 */
const pgTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.INT8 && format !== 'binary'
			? (value: string) => Number(value)
			: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

/** A pg client outside the pool, for LISTEN (a pooled client would be handed to other queries). */
export function newPgClient(): pg.Client {
	const url = postgresUrl();
	if (!url) throw new Error('PostgreSQL is not configured');
	return new pg.Client({ connectionString: url, types: pgTypes });
}

function createDb(): Kysely<Database> {
	const url = postgresUrl();
	if (url) {
		const pool = new pg.Pool({
			connectionString: url,
			types: pgTypes,
			max: Number(process.env.PG_POOL_SIZE ?? 10)
		});
		// An idle client losing its connection (database restart) must not crash the process.
		pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
		const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		registerPool(kysely, pool);
		return kysely;
	}
	const file = sqlitePath();
	mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new SqliteDatabase(file);
	sqlite.pragma('journal_mode = WAL');
	// synchronous FULL: a push answered `applied` must survive a power cut, or the device, which has dropped
	// that mutation from its outbox, and the server would disagree for ever. Said outright: better-sqlite3 is
	// built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a database reopened in WAL mode would run NORMAL.
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	reusePreparedStatements(sqlite);
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** How many different statements the SQLite connection keeps prepared. */
const PREPARED_STATEMENTS = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query it sends, and preparing costs more than running the
 * hot statements of a push: the same SQL text is prepared once and reused (the least recently used one is
 * dropped past PREPARED_STATEMENTS). Safe because Kysely's SQLite driver runs each statement to its end
 * synchronously, so a statement is never in use twice at once.
 */
function reusePreparedStatements(sqlite: SqliteDatabase.Database): void {
	const prepare = sqlite.prepare.bind(sqlite);
	const prepared = new Map<string, SqliteDatabase.Statement>();
	sqlite.prepare = ((source: string) => {
		let statement = prepared.get(source);
		if (statement) {
			prepared.delete(source);
		} else {
			statement = prepare(source);
			if (prepared.size >= PREPARED_STATEMENTS) prepared.delete(prepared.keys().next().value!);
		}
		prepared.set(source, statement);
		return statement;
	}) as typeof sqlite.prepare;
}

let db: Kysely<Database> | null = null;

/** The one database of this process (a pool on PostgreSQL, the single connection on SQLite). */
export function getDb(): Kysely<Database> {
	db ??= createDb();
	return db;
}

export async function closeDb(): Promise<void> {
	const current = db;
	db = null;
	await current?.destroy();
}

/** Brings the schema up to date. Safe with several processes starting at once (Kysely takes a lock). */
export async function migrateToLatest(database: Kysely<Database> = getDb()): Promise<void> {
	const migrator = new Migrator({ db: database, provider: migrationProvider });
	const { error, results } = await migrator.migrateToLatest();
	for (const result of results ?? []) {
		if (result.status === 'Error') console.error(`Migration ${result.migrationName} failed`);
		else if (result.status === 'Success') console.log(`Migration ${result.migrationName} applied`);
	}
	if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** True for a unique / primary key violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
	if (typeof error !== 'object' || error === null || !('code' in error)) return false;
	const code = (error as { code: unknown }).code;
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True for an error by which the database refused the data itself, not the request as a whole: a value out
 * of range, a text it cannot store, a broken constraint (PostgreSQL's classes 22 and 23; SQLite's
 * constraint, mismatch and too-big codes; better-sqlite3's range errors for numbers it cannot bind).
 */
export function isDataRefusal(error: unknown): boolean {
	if (error instanceof RangeError) return true;
	if (typeof error !== 'object' || error === null || !('code' in error)) return false;
	const code = String((error as { code: unknown }).code);
	return (
		/^2[23][0-9A-Z]{3}$/.test(code) ||
		code.startsWith('SQLITE_CONSTRAINT') ||
		code === 'SQLITE_MISMATCH' ||
		code === 'SQLITE_TOOBIG'
	);
}

/** True when the database cannot be reached at all (down, restarting, refusing connections): retry later. */
export function isDatabaseUnavailable(error: unknown): boolean {
	if (typeof error !== 'object' || error === null || !('code' in error)) return false;
	const code = String((error as { code: unknown }).code);
	return (
		/^(08|57P)/.test(code) ||
		['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_IOERR'].includes(code) ||
		code.startsWith('SQLITE_IOERR')
	);
}
