import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertBlobKey, type BlobStore } from './shared';

/**
 * Blobs as files under a folder (DATA_DIR), a key's `/` a subfolder: `photos/ab/abcdef…` is
 * `DATA_DIR/photos/ab/abcdef…`, as Lapak has always stored them. Several processes share it only when they
 * share the disk.
 */
export class FileBlobStore implements BlobStore {
	constructor(private readonly root: string) {}

	get description(): string {
		return this.root;
	}

	private file(key: string): string {
		assertBlobKey(key);
		return path.join(this.root, ...key.split('/'));
	}

	/**
	 * Writes through a temporary file in the same folder and a rename, so a reader (or a crash) never sees
	 * half a blob. Synced to disk before the rename: the row that says a photo is stored must not outlive a
	 * power cut that loses the bytes.
	 */
	async put(key: string, bytes: Uint8Array): Promise<void> {
		const file = this.file(key);
		await mkdir(path.dirname(file), { recursive: true });
		const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
		try {
			const handle = await open(temporary, 'wx');
			try {
				await handle.writeFile(bytes);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temporary, file);
		} catch (error) {
			await rm(temporary, { force: true });
			throw error;
		}
	}

	async get(key: string): Promise<Buffer | null> {
		try {
			return await readFile(this.file(key));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}

	async has(key: string): Promise<boolean> {
		try {
			return (await stat(this.file(key))).isFile();
		} catch (error) {
			if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
			throw error;
		}
	}

	async delete(key: string): Promise<void> {
		await rm(this.file(key), { force: true });
	}

	/** The folder is made on the first write; nothing to check before. */
	async check(): Promise<void> {}
}
