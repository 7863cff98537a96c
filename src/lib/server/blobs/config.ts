/** Where the blobs go, read from the environment. Pure: no SDK is loaded to decide. */
export type BlobConfig = { kind: 'files'; root: string } | ({ kind: 's3' } & S3Config);

export interface S3Config {
	bucket: string;
	/** An S3-compatible server's address (MinIO, Garage, R2 …); unset: Amazon S3 itself. */
	endpoint: string | null;
	region: string;
	/** Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID …, an instance or task role). */
	credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

const S3_VARIABLES = ['S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];

/**
 * S3_BUCKET selects object storage; without it, files under DATA_DIR. A half-given configuration (an
 * endpoint without a bucket, a key id without its secret, an endpoint that is no http(s) address) stops the
 * start: photos silently landing on one machine's disk would be found missing only on the others.
 */
export function blobConfig(env: Record<string, string | undefined>, dataDir: string): BlobConfig {
	const value = (name: string) => env[name]?.trim() || null;
	const bucket = value('S3_BUCKET');
	if (!bucket) {
		const stray = S3_VARIABLES.filter((name) => value(name));
		if (stray.length) throw new Error(`${stray.join(', ')} set without S3_BUCKET`);
		return { kind: 'files', root: dataDir };
	}
	const endpoint = value('S3_ENDPOINT');
	if (endpoint !== null && !/^https?:\/\/[^/]/.test(endpoint)) {
		throw new Error(`S3_ENDPOINT must be an http:// or https:// address, not ${JSON.stringify(endpoint)}`);
	}
	const accessKeyId = value('S3_ACCESS_KEY_ID');
	const secretAccessKey = value('S3_SECRET_ACCESS_KEY');
	if (!accessKeyId !== !secretAccessKey) {
		throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither');
	}
	return {
		kind: 's3',
		bucket,
		endpoint,
		region: value('S3_REGION') ?? 'us-east-1',
		credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null
	};
}
