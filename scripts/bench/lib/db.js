// A direct connection to a bench server's database (the SQLite file or the PostgreSQL database), for seeding
// big spaces quickly and for the in-process write loops. Queries are written with `?` placeholders.
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** `?` → `$1`, `$2` … for PostgreSQL. */
function numbered(sql) {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Opens the database the server of `database` uses. `query` answers rows, `transaction(work)` runs `work`
 * inside BEGIN … COMMIT on one connection.
 */
export async function openDirect(database) {
	if (database.backend === 'postgres') {
		const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
		await client.connect();
		const query = async (sql, params = []) => (await client.query(numbered(sql), params)).rows;
		return {
			backend: 'postgres',
			query,
			async transaction(work) {
				await client.query('BEGIN');
				try {
					const result = await work(query);
					await client.query('COMMIT');
					return result;
				} catch (error) {
					await client.query('ROLLBACK');
					throw error;
				}
			},
			close: () => client.end()
		};
	}
	const sqlite = openSqlite(database);
	const statements = new Map();
	const query = async (sql, params = []) => {
		let statement = statements.get(sql);
		if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
		return statement.reader ? statement.all(params) : (statement.run(params), []);
	};
	return {
		backend: 'sqlite',
		sqlite,
		query,
		async transaction(work) {
			sqlite.exec('BEGIN IMMEDIATE');
			try {
				const result = await work(query);
				sqlite.exec('COMMIT');
				return result;
			} catch (error) {
				sqlite.exec('ROLLBACK');
				throw error;
			}
		},
		close: async () => sqlite.close()
	};
}

/**
 * The server's SQLite file with the settings the server uses (src/lib/server/db/index.ts): WAL, and
 * synchronous FULL, so a commit is on disk before it is answered.
 */
export function openSqlite(database) {
	const sqlite = new SqliteDatabase(path.join(database.dataDir, 'lapak.db'));
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	return sqlite;
}

/** Inserts `rows` (objects with the same keys) into `table`, many rows per statement on PostgreSQL. */
export async function insertRows(direct, table, rows) {
	if (rows.length === 0) return;
	const columns = Object.keys(rows[0]);
	const names = columns.map((column) => `"${column}"`).join(', ');
	if (direct.backend === 'sqlite') {
		const statement = direct.sqlite.prepare(
			`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => '?').join(', ')})`
		);
		direct.sqlite.transaction(() => {
			for (const row of rows) statement.run(columns.map((column) => row[column]));
		})();
		return;
	}
	const perStatement = Math.floor(30_000 / columns.length);
	await direct.transaction(async (query) => {
		for (let start = 0; start < rows.length; start += perStatement) {
			const chunk = rows.slice(start, start + perStatement);
			const tuples = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
			await query(
				`INSERT INTO ${table} (${names}) VALUES ${tuples}`,
				chunk.flatMap((row) => columns.map((column) => row[column]))
			);
		}
	});
}

/**
 * Lets this process's event loop run after synchronous SQLite work. While it was blocked, the server may have
 * closed idle keep-alive connections; until their close is read, fetch would reuse one and fail with "other
 * side closed".
 */
export function settle() {
	return new Promise((resolve) => setTimeout(resolve, 100));
}
