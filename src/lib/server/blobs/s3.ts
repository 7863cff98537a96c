import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	PutObjectCommand,
	S3Client
} from '@aws-sdk/client-s3';
import type { S3Config } from './config';
import { assertBlobKey, type BlobStore } from './shared';

/** The fields of an SDK error that say what S3 answered. */
interface S3Answer {
	name?: string;
	$metadata?: { httpStatusCode?: number };
}

/** S3 said this key holds nothing (GET: NoSuchKey; HEAD, which has no body: a bare 404). */
function isNoSuchKey(error: unknown): boolean {
	const { name, $metadata } = error as S3Answer;
	return name === 'NoSuchKey' || (name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404);
}

/**
 * Blobs as objects in one bucket of Amazon S3 or an S3-compatible server, under the same keys as the files
 * backend (`photos/ab/abcdef…`), so moving from one to the other is a copy of DATA_DIR/photos and
 * DATA_DIR/documents. The bucket stays private: documents are identity papers, and every read goes through
 * the server's access checks. Every process pointed at the bucket sees every blob as soon as it is put (S3
 * is read-after-write consistent).
 */
export class S3BlobStore implements BlobStore {
	private readonly client: S3Client;
	readonly description: string;

	constructor(private readonly config: S3Config) {
		const { endpoint } = config;
		this.description = `s3://${config.bucket}${endpoint ? ` at ${new URL(endpoint).origin}` : ''}`;
		this.client = new S3Client({
			region: config.region,
			...(config.credentials ? { credentials: config.credentials } : {}),
			...(endpoint
				? {
						endpoint,
						// Servers other than Amazon's answer `endpoint/bucket/key`; a bucket name as a subdomain
						// needs DNS set up for it.
						forcePathStyle: true,
						// https://github.com/aws/aws-sdk-js-v3/issues/6810: since 3.729 the SDK adds CRC32 checksum
						// headers that many S3-compatible servers refuse. The SigV4 signature still covers the
						// payload's SHA-256, so the server checks the bytes arrived whole either way.
						requestChecksumCalculation: 'WHEN_REQUIRED' as const,
						responseChecksumValidation: 'WHEN_REQUIRED' as const
					}
				: {}),
			// A photo is at most 2 MB: a request that takes longer than this has hung, and the phone retries.
			requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 }
		});
	}

	private address(key: string) {
		assertBlobKey(key);
		return { Bucket: this.config.bucket, Key: key };
	}

	async put(key: string, bytes: Uint8Array, options: { contentType: string }): Promise<void> {
		await this.client.send(
			new PutObjectCommand({
				...this.address(key),
				Body: bytes,
				ContentLength: bytes.byteLength,
				ContentType: options.contentType
			})
		);
	}

	async get(key: string): Promise<Buffer | null> {
		try {
			const answer = await this.client.send(new GetObjectCommand(this.address(key)));
			const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
			return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		} catch (error) {
			if (isNoSuchKey(error)) return null;
			throw error;
		}
	}

	async has(key: string): Promise<boolean> {
		try {
			await this.client.send(new HeadObjectCommand(this.address(key)));
			return true;
		} catch (error) {
			if (isNoSuchKey(error)) return false;
			throw error;
		}
	}

	async delete(key: string): Promise<void> {
		await this.client.send(new DeleteObjectCommand(this.address(key)));
	}

	/**
	 * Reads a key that is never written: NoSuchKey proves the bucket is there and the credentials may read
	 * it. (Amazon answers a missing key 403 instead unless they may also list the bucket: the README says
	 * which permissions to grant.)
	 */
	async check(): Promise<void> {
		try {
			await this.get('lapak-start-check');
		} catch (error) {
			const { name, $metadata } = error as S3Answer;
			const status = $metadata?.httpStatusCode ? ` (HTTP ${$metadata.httpStatusCode})` : '';
			throw new Error(`Object storage ${this.description} cannot be read: ${name ?? 'Error'}${status}`, {
				cause: error
			});
		}
	}
}
