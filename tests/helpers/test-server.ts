/**
 * Test servers and databases, without Vitest: the Playwright tests use them too. server.ts adds the Vitest
 * hooks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { ADAPTER_BODY_SIZE_LIMIT } from '../../scripts/body-limit.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = path.join(root, 'build/index.js');
const headers = pathToFileURL(path.join(root, 'scripts/security-headers.js')).href;

export type BackendName = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server where test databases may be created. */
export const backends: { name: BackendName }[] = [
	{ name: 'sqlite' },
	...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres' as const }] : [])
];

/**
 * A fresh, empty database for one test file: a temp directory (DATA_DIR, which also holds the photos), plus a
 * new PostgreSQL database on that backend.
 */
export interface TestDatabase {
	backend: BackendName;
	/** The server's DATA_DIR: the SQLite file, and the photos and documents unless they are in a bucket. */
	dataDir: string;
	env: Record<string, string>;
	drop(): Promise<void>;
}

export async function createTestDatabase(backend: BackendName): Promise<TestDatabase> {
	const dir = await mkdtemp(path.join(tmpdir(), 'lapak-test-'));
	const removeDir = () => rm(dir, { recursive: true, force: true });
	if (backend === 'sqlite') {
		return { backend, dataDir: dir, env: { DATA_DIR: dir }, drop: removeDir };
	}
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
	const name = `lapak_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		backend,
		dataDir: dir,
		// photos go to DATA_DIR on PostgreSQL too (never the repository's ./data)
		env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
		async drop() {
			await removeDir();
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			try {
				await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			} finally {
				await client.end();
			}
		}
	};
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
		});
	});
}

/** The real built server (`node build/index.js`) in a child process, on a free port. */
export class TestServer {
	private child: ChildProcess | null = null;
	private exited: Promise<void> = Promise.resolve();
	/** stdout and stderr, for the failure message when the server does not come up. */
	output = '';

	private constructor(
		readonly port: number,
		private readonly env: Record<string, string>
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * `plainHttp`: the server is told its own address (ORIGIN=http://127.0.0.1:port), as `npm start` does, so
	 * a browser's form posts pass SvelteKit's same-origin check and the cookie is not Secure. Without it the
	 * server takes itself to be behind a TLS proxy (https).
	 */
	static async start(
		database: TestDatabase,
		env: Record<string, string> = {},
		options: { plainHttp?: boolean } = {}
	): Promise<TestServer> {
		if (!existsSync(entry)) {
			throw new Error(`${entry} is missing: run \`npm run build\` before the integration tests.`);
		}
		const port = await freePort();
		const origin: Record<string, string> = options.plainHttp ? { ORIGIN: `http://127.0.0.1:${port}` } : {};
		const server = new TestServer(port, { ...database.env, ...origin, ...env });
		await server.launch();
		return server;
	}

	private async launch(): Promise<void> {
		const env: Record<string, string | undefined> = { ...process.env };
		delete env.DATABASE_URL;
		delete env.DATA_DIR;
		delete env.ORIGIN;
		// a developer's own bucket never reaches a test server: a test that wants one passes it in `env`
		for (const name of Object.keys(env)) if (name.startsWith('S3_')) delete env[name];
		// As `npm start` runs it: with the security headers of every answer (scripts/security-headers.js).
		const child = spawn(process.execPath, ['--import', headers, entry], {
			cwd: root,
			env: {
				...env,
				// Test files register many sellers from one address; limits.test.ts sets its own.
				REGISTRATIONS_PER_HOUR: '100000',
				NODE_ENV: 'production',
				HOST: '127.0.0.1',
				PORT: String(this.port),
				BODY_SIZE_LIMIT: ADAPTER_BODY_SIZE_LIMIT,
				// idle connections a client opened but never used hold a graceful stop this long
				SHUTDOWN_TIMEOUT: '1',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child = child;
		this.output = '';
		child.stdout?.on('data', (chunk) => (this.output += chunk));
		child.stderr?.on('data', (chunk) => (this.output += chunk));
		let exitCode: number | string | null = null;
		this.exited = new Promise((resolve) =>
			child.once('exit', (code, signal) => {
				exitCode = code ?? signal;
				resolve();
			})
		);
		const deadline = Date.now() + 20_000;
		for (;;) {
			if (exitCode !== null) throw new Error(`server exited (${exitCode}):\n${this.output}`);
			try {
				const response = await fetch(`${this.url}/api/me`);
				await response.body?.cancel();
				if (response.status === 401) return;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`server did not answer within 20 s:\n${this.output}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/** Ends the process; SIGKILL is a crash (no cleanup, no flush), SIGTERM a graceful stop. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await this.exited;
		clearTimeout(timer);
		this.child = null;
	}

	/** Starts the process again on the same port and database. */
	async restart(): Promise<void> {
		await this.kill();
		await this.launch();
	}

	async stop(): Promise<void> {
		await this.kill('SIGTERM');
	}
}
