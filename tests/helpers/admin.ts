import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './test-server';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs the admin command line (`npm run admin -- …` with `npm: true`, else `node scripts/admin.js …`) on a
 * test database (or any server's, given its DATA_DIR / DATABASE_URL as `env`), as an admin would on the
 * server's machine.
 */
export function runAdmin(
	database: Pick<TestDatabase, 'env'>,
	args: string[],
	options: { npm?: boolean } = {}
): Promise<CommandResult> {
	const env: Record<string, string | undefined> = { ...process.env };
	delete env.DATABASE_URL;
	delete env.DATA_DIR;
	const [command, commandArgs] = options.npm
		? ['npm', ['run', '--silent', 'admin', '--', ...args]]
		: [process.execPath, [path.join(root, 'scripts/admin.js'), ...args]];
	return new Promise((resolve, reject) => {
		const child = spawn(command, commandArgs, {
			cwd: root,
			env: { ...env, ...database.env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Creates an account with the command line and fails loudly if it does not work. */
export async function createAccount(
	database: Pick<TestDatabase, 'env'>,
	role: 'lender' | 'facilitator' | 'admin',
	name: string,
	phone: string,
	pin = '123456'
): Promise<void> {
	const result = await runAdmin(database, [
		'create-user',
		'--role',
		role,
		'--name',
		name,
		'--phone',
		phone,
		'--pin',
		pin
	]);
	if (result.code !== 0) {
		throw new Error(`admin create-user failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
}
