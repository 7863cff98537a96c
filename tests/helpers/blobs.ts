/**
 * The two blob stores a test server can keep photos and documents in (src/lib/server/blobs): files under its
 * DATA_DIR, or a bucket on a real S3-protocol server (s3rver) that the test starts on 127.0.0.1 with its own
 * temporary folder, and stops afterwards.
 */
import S3rver from '@20minutes/s3rver';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type BlobBackendName = 'files' | 's3';

export const blobBackends: { blobs: BlobBackendName }[] = [{ blobs: 'files' }, { blobs: 's3' }];

/** s3rver's one account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'lapak-test';

export interface TestBlobs {
	name: BlobBackendName;
	/** What the server is started with to use this store (nothing for files: DATA_DIR is the database's). */
	env: Record<string, string>;
	/** Every key under `folder/` (temporary files too), relative to it, sorted: `ab/abcdef…`. */
	keys(folder: string): Promise<string[]>;
	/** Removes the blob under a key (`photos/w320/ab/abcdef…`), as if it had never been made. */
	remove(key: string): Promise<void>;
	stop(): Promise<void>;
}

/** The files under `DATA_DIR/folder`, as keys. */
export async function fileKeys(dataDir: string, folder: string): Promise<string[]> {
	const root = path.join(dataDir, folder);
	try {
		const entries = await readdir(root, { recursive: true, withFileTypes: true });
		return entries
			.filter((entry) => entry.isFile())
			.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
			.sort();
	} catch {
		return [];
	}
}

/** A bucket on an S3-protocol server of its own, listed through the S3 API as any client would. */
export class TestBucket implements TestBlobs {
	readonly name = 's3';
	private readonly client: S3Client;

	private constructor(
		private readonly server: S3rver,
		private readonly directory: string,
		readonly endpoint: string
	) {
		this.client = new S3Client({
			endpoint,
			region: 'us-east-1',
			forcePathStyle: true,
			credentials: CREDENTIALS
		});
		// s3rver signs a bucket's own address as `/bucket`, the SDK sends `/bucket/`
		// (lib/middleware/authentication.js), so a listing fails with SignatureDoesNotMatch unless the slash goes
		// before signing. Object requests, the only ones the app makes, are not affected.
		this.client.middlewareStack.add(
			(next) => (args) => {
				const request = args.request as { path?: string };
				if (request.path === `/${BUCKET}/`) request.path = `/${BUCKET}`;
				return next(args);
			},
			{ step: 'build' }
		);
	}

	static async start(): Promise<TestBucket> {
		const directory = await mkdtemp(path.join(tmpdir(), 'lapak-s3-'));
		const server = new S3rver({
			address: '127.0.0.1',
			port: 0,
			silent: true,
			directory,
			configureBuckets: [{ name: BUCKET }]
		});
		const { port } = await server.run();
		return new TestBucket(server, directory, `http://127.0.0.1:${port}`);
	}

	get env(): Record<string, string> {
		return {
			S3_ENDPOINT: this.endpoint,
			S3_BUCKET: BUCKET,
			S3_REGION: 'us-east-1',
			S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
			S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey
		};
	}

	async keys(folder: string): Promise<string[]> {
		const prefix = `${folder}/`;
		const keys: string[] = [];
		let token: string | undefined;
		do {
			const page = await this.client.send(
				new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token })
			);
			for (const object of page.Contents ?? []) keys.push(object.Key!.slice(prefix.length));
			token = page.NextContinuationToken;
		} while (token);
		return keys.sort();
	}

	async remove(key: string): Promise<void> {
		await this.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
	}

	async stop(): Promise<void> {
		this.client.destroy();
		await this.server.close();
		await rm(this.directory, { recursive: true, force: true });
	}
}

/** The blob store `name` for a server whose DATA_DIR is `dataDir`. */
export async function startTestBlobs(name: BlobBackendName, dataDir: string): Promise<TestBlobs> {
	if (name === 's3') return TestBucket.start();
	return {
		name,
		env: {},
		keys: (folder) => fileKeys(dataDir, folder),
		remove: (key) => rm(path.join(dataDir, ...key.split('/')), { force: true }),
		async stop() {}
	};
}
