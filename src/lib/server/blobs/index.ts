import { dataDir } from '../db';
import { blobConfig } from './config';
import { FileBlobStore } from './files';
import type { BlobStore } from './shared';

export type { BlobStore } from './shared';

let store: Promise<BlobStore> | null = null;

/**
 * The process's blob store, chosen once from the environment (config.ts): files under DATA_DIR, or the
 * bucket S3_BUCKET names. The S3 SDK is loaded only when it is the one.
 */
export function blobStore(): Promise<BlobStore> {
	store ??= openBlobStore();
	return store;
}

async function openBlobStore(): Promise<BlobStore> {
	const config = blobConfig(process.env, dataDir());
	if (config.kind === 'files') return new FileBlobStore(config.root);
	const { S3BlobStore } = await import('./s3');
	return new S3BlobStore(config);
}
