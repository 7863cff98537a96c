import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema';

/** The pg pool behind each PostgreSQL Kysely this process made (db/index.ts registers it). */
const pools = new WeakMap<Kysely<Database>, pg.Pool>();

export function registerPool(db: Kysely<Database>, pool: pg.Pool): void {
	pools.set(db, pool);
}

/** A parameter of the query as it is built once: replaced by the caller's value at each run. */
class Slot {
	constructor(readonly name: string) {}
}

interface Compiled {
	sql: string;
	/** Each parameter of `sql`: a Slot, filled at each run, or a value the builder wrote in. */
	parameters: unknown[];
}

/**
 * A hot read, built with Kysely and compiled to SQL once per database instead of at every call; each run
 * only fills in the parameters. On PostgreSQL it runs on the process's pool as a named prepared statement,
 * so each pooled connection parses and plans it once; inside a transaction (another Kysely instance) and on
 * SQLite (whose driver keeps the statement prepared, db/index.ts) it runs through Kysely as any query.
 * `build` must use each parameter as a plain value (`where(column, '=', params.x)`), not inside `in` lists.
 */
export function preparedQuery<Params extends Record<string, unknown>, Row>(
	name: string,
	build: (db: Kysely<Database>, params: Params) => Compilable<Row>
): (db: Kysely<Database>, params: Params) => Promise<Row[]> {
	const compiledFor = new WeakMap<Kysely<Database>, Compiled>();
	const compile = (db: Kysely<Database>): Compiled => {
		const slots = new Proxy({} as Params, { get: (_, key) => new Slot(String(key)) });
		const query = build(db, slots).compile();
		return { sql: query.sql, parameters: [...query.parameters] };
	};
	return async (db, params) => {
		let compiled = compiledFor.get(db);
		if (!compiled) compiledFor.set(db, (compiled = compile(db)));
		const values = compiled.parameters.map((value) => (value instanceof Slot ? params[value.name] : value));
		const pool = pools.get(db);
		if (pool) return (await pool.query({ name, text: compiled.sql, values })).rows as Row[];
		return (await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values))).rows;
	};
}
