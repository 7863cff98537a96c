import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, TestServer, type BackendName, type TestDatabase } from './test-server';

export * from './test-server';

/**
 * Registers hooks that give the tests of one `describe` a fresh database and a running server (with `env`
 * added to its environment), removed afterwards. Read `.server` inside tests (it is set in beforeAll).
 */
export function useTestServer(
	backend: BackendName,
	env: Record<string, string> = {}
): { server: TestServer; database: TestDatabase } {
	const context = {} as { server: TestServer; database: TestDatabase };
	beforeAll(async () => {
		context.database = await createTestDatabase(backend);
		context.server = await TestServer.start(context.database, env);
	});
	afterAll(async () => {
		await context.server?.stop();
		await context.database?.drop();
	});
	return context;
}
