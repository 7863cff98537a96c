// The built server on a free port against a fresh database, as tests/helpers/test-server.ts starts it for the
// integration tests (that file is TypeScript, which plain Node cannot import).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ADAPTER_BODY_SIZE_LIMIT } from '../../body-limit.js';
import { root } from './paths.js';

const entry = path.join(root, 'build/index.js');

/** The server where PostgreSQL databases for the bench may be created and dropped. */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** True when PostgreSQL answers at postgresAdminUrl. */
export async function postgresAnswers() {
	const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/**
 * A fresh, empty database: a temp directory (DATA_DIR: the SQLite file and the photos), plus a new PostgreSQL
 * database for that backend.
 * @param {'sqlite' | 'postgres'} backend
 */
export async function createDatabase(backend) {
	const dir = await mkdtemp(path.join(tmpdir(), 'lapak-bench-'));
	const removeDir = () => rm(dir, { recursive: true, force: true });
	if (backend === 'sqlite') {
		return { backend, dataDir: dir, env: { DATA_DIR: dir }, drop: removeDir };
	}
	const name = `lapak_bench_${randomBytes(6).toString('hex')}`;
	await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
	const url = new URL(postgresAdminUrl);
	url.pathname = `/${name}`;
	return {
		backend,
		dataDir: dir,
		env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
		async drop() {
			await removeDir();
			await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
		}
	};
}

async function withAdmin(work) {
	const admin = new pg.Client({ connectionString: postgresAdminUrl });
	await admin.connect();
	try {
		return await work(admin);
	} finally {
		await admin.end();
	}
}

/** A port nothing listens on, on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
		});
	});
}

/** Waits until `url` answers `status`, or throws after `ms` (with what the process printed). */
export async function waitForAnswer(
	url,
	status,
	{ ms = 20_000, exited = () => null, output = () => '' } = {}
) {
	const deadline = Date.now() + ms;
	for (;;) {
		const code = exited();
		if (code !== null) throw new Error(`${url}: the process exited (${code}):\n${output()}`);
		try {
			const response = await fetch(url);
			await response.body?.cancel();
			if (response.status === status) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms / 1000} s:\n${output()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * `node build` on a free port of 127.0.0.1, told its own plain-http origin (as `npm start` does) so the
 * session cookie is not Secure and a browser keeps it.
 */
export async function startServer(database) {
	if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
	const port = await freePort();
	const env = { ...process.env };
	delete env.DATABASE_URL;
	delete env.DATA_DIR;
	delete env.ORIGIN;
	const child = spawn(process.execPath, [entry], {
		cwd: root,
		env: {
			...env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			BODY_SIZE_LIMIT: ADAPTER_BODY_SIZE_LIMIT,
			SHUTDOWN_TIMEOUT: '1',
			// The bench signs up hundreds of sellers from one address within the hour.
			REGISTRATIONS_PER_HOUR: '1000000',
			...database.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	let exitCode = null;
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exitCode = code ?? signal;
			resolve();
		})
	);
	const url = `http://127.0.0.1:${port}`;
	await waitForAnswer(`${url}/api/me`, 401, { exited: () => exitCode, output: () => output });
	return {
		url,
		pid: child.pid,
		get output() {
			return output;
		},
		/** Null while it runs; its exit code or signal once it has ended. */
		get exitCode() {
			return exitCode;
		},
		async stop() {
			if (exitCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
	};
}

/**
 * A fresh database and a server on it for `work`, both removed afterwards whatever happens.
 * @template T
 * @param {'sqlite' | 'postgres'} backend
 * @param {(server: Awaited<ReturnType<typeof startServer>>, database: Awaited<ReturnType<typeof createDatabase>>) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withServer(backend, work) {
	const database = await createDatabase(backend);
	try {
		const server = await startServer(database);
		try {
			return await work(server, database);
		} catch (error) {
			// What the server said is usually the reason.
			const tail = server.output.trim().split('\n').slice(-20).join('\n');
			if (tail) console.error(`  the server's last words:\n${tail}`);
			if (server.exitCode !== null) console.error(`  the server had exited (${server.exitCode})`);
			throw error;
		} finally {
			await server.stop();
		}
	} finally {
		await database.drop();
	}
}
