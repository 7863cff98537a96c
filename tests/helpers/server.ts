import { afterAll, beforeAll } from 'vitest';
import { blobBackends, startTestBlobs, type BlobBackendName, type TestBlobs } from './blobs';
import { backends, createTestDatabase, TestServer, type BackendName, type TestDatabase } from './test-server';

export * from './test-server';
export { blobBackends, type BlobBackendName, type TestBlobs } from './blobs';

/** A database and where the photos and documents are kept. */
export type StorageBackend = { name: BackendName; blobs: BlobBackendName };

/**
 * Every database with every blob store, for the tests of what is kept in blobs (photos):
 * `{ name: 'sqlite', blobs: 'files' }`, `{ name: 'sqlite', blobs: 's3' }` …
 */
export const storageBackends: StorageBackend[] = backends.flatMap((database) =>
	blobBackends.map((store) => ({ ...database, ...store }))
);

/**
 * Each database with files, and the bucket once, beside PostgreSQL when the tests have it (production's
 * pair): for a file whose blobs are a small part of what it tests (financing and its documents), three
 * servers instead of four.
 */
export const storagePairs: StorageBackend[] = [
	...backends.map(({ name }): StorageBackend => ({ name, blobs: 'files' })),
	{ name: backends[backends.length - 1].name, blobs: 's3' }
];

/**
 * Registers hooks that give the tests of one `describe` a fresh database, a blob store (files under its
 * DATA_DIR unless `blobs` says `s3`: a bucket on an S3-protocol server of its own) and a running server (with
 * `env` added to its environment), removed afterwards. Read `.server` inside tests (it is set in beforeAll).
 */
export function useTestServer(
	backend: BackendName,
	env: Record<string, string> = {},
	blobs: BlobBackendName = 'files'
): { server: TestServer; database: TestDatabase; blobs: TestBlobs } {
	const context = {} as { server: TestServer; database: TestDatabase; blobs: TestBlobs };
	beforeAll(async () => {
		context.database = await createTestDatabase(backend);
		context.blobs = await startTestBlobs(blobs, context.database.dataDir);
		context.server = await TestServer.start(context.database, { ...context.blobs.env, ...env });
	});
	afterAll(async () => {
		await context.server?.stop();
		await context.blobs?.stop();
		await context.database?.drop();
	});
	return context;
}
