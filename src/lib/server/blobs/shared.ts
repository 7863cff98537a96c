/**
 * Where photos and documents are kept: one small interface with two backends, files under DATA_DIR
 * (files.ts) and S3-compatible object storage (s3.ts). Neither knows what it holds; the checks (hash, magic
 * bytes, size, who may read) are made above it, in photos.ts and documents.ts, the same for both.
 */
export interface BlobStore {
	/** Where the blobs are, for the start-up line and error messages (never a credential). */
	readonly description: string;
	/**
	 * Stores the bytes under the key, replacing what was there. When it resolves they are durable, and a
	 * reader never sees half of them: it finds the old blob, the new one, or none.
	 */
	put(key: string, bytes: Uint8Array, options: { contentType: string }): Promise<void>;
	/** The bytes stored under the key, or null when there are none. */
	get(key: string): Promise<Buffer | null>;
	has(key: string): Promise<boolean>;
	/** Removes the blob; a key with no blob is not an error. */
	delete(key: string): Promise<void>;
	/** Throws, saying what is wrong, when the store cannot be reached or read (run once at start). */
	check(): Promise<void>;
}

/**
 * Keys are `/`-separated names of letters, digits and dashes (`photos/ab/abcdef…`): never `..`, never a dot
 * that could meet a temporary file's name, the same layout in a folder and in a bucket.
 */
const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/i;

export function assertBlobKey(key: string): void {
	if (!KEY.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
}
