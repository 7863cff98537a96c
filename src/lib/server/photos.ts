import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { ApiFailure } from './api';
import { dataDir } from './db';
import type { Database } from './db/schema';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const HASH = /^[0-9a-f]{64}$/;

export function isPhotoHash(name: string): boolean {
	return HASH.test(name);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
	return bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/** The image type the file's first bytes say, whatever its name or Content-Type claim; null for anything else. */
export function detectPhotoType(bytes: Uint8Array): PhotoType | null {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

/** The media type of a Content-Type header (`image/jpeg; foo=bar` → `image/jpeg`), if it is a photo type. */
export function declaredPhotoType(header: string | null): PhotoType | null {
	const type = header?.split(';')[0].trim().toLowerCase();
	return (PHOTO_TYPES as readonly string[]).includes(type ?? '') ? (type as PhotoType) : null;
}

/**
 * `DATA_DIR/<folder>/ab/abcdef…`: 256 folders, so no one folder grows to hundreds of thousands of files.
 * Public photos live in `photos`, private documents (KTP …) in `documents`, never mixed.
 */
export function imagePath(folder: ImageFolder, hash: string): string {
	return path.join(dataDir(), folder, hash.slice(0, 2), hash);
}

export type ImageFolder = 'photos' | 'documents';

export function photoPath(hash: string): string {
	return imagePath('photos', hash);
}

async function fileExists(file: string): Promise<boolean> {
	try {
		return (await stat(file)).isFile();
	} catch {
		return false;
	}
}

/**
 * Writes the bytes under their final name through a temporary file in the same folder and a rename, so a
 * reader (or a crash) never sees half a photo. Synced to disk before the rename: the row that says the photo
 * is stored must not outlive a power cut that loses the bytes.
 */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
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

/** An upload: the name it is put under, the type its Content-Type declared, and its bytes. */
export interface ImageUpload {
	hash: string;
	declaredType: PhotoType;
	bytes: Buffer;
}

/**
 * Checks an uploaded image and stores it under its SHA-256 in `folder`, then records it with `record` (which
 * inserts the row and says whether it was new). Throws ApiFailure 400 `photo_type` when the bytes are not a
 * JPEG, PNG or WebP or not the declared type, 400 `photo_hash_mismatch` when they are not the named hash;
 * nothing is stored then. `isRecorded` says whether a row exists already. The one upload path of both the
 * public photos and the private documents.
 */
export async function storeImage(
	folder: ImageFolder,
	upload: ImageUpload,
	rows: {
		isRecorded(): Promise<boolean>;
		record(type: PhotoType): Promise<boolean>;
	}
): Promise<'created' | 'exists'> {
	const { hash, declaredType, bytes } = upload;
	const actualType = detectPhotoType(bytes);
	if (!actualType || actualType !== declaredType) throw new ApiFailure(400, 'photo_type');
	if (createHash('sha256').update(bytes).digest('hex') !== hash) {
		throw new ApiFailure(400, 'photo_hash_mismatch');
	}

	const file = imagePath(folder, hash);
	const recorded = await rows.isRecorded();
	const onDisk = await fileExists(file);
	if (recorded && onDisk) return 'exists';

	// File first, then the row: a row always means the bytes are there. Two uploads of one new image at once
	// both rename identical bytes into place, and the primary key lets one row in.
	if (!onDisk) await writeAtomically(file, bytes);
	try {
		return (await rows.record(actualType)) ? 'created' : 'exists';
	} catch (error) {
		// Nothing stays stored of a failed upload (a bare file would be served without being recorded).
		if (!onDisk && !recorded) await rm(file, { force: true });
		throw error;
	}
}

/**
 * Checks and stores an uploaded photo under its SHA-256 (see storeImage). Returns whether the photo is new
 * (`created`) or was already stored (`exists`; the first uploader stays on record).
 */
export async function storePhoto(
	db: Kysely<Database>,
	input: ImageUpload & { userId: string }
): Promise<'created' | 'exists'> {
	const { hash, bytes, userId } = input;
	return storeImage('photos', input, {
		async isRecorded() {
			return !!(await db.selectFrom('photos').select('sha256').where('sha256', '=', hash).executeTakeFirst());
		},
		async record(type) {
			const inserted = await db
				.insertInto('photos')
				.values({
					sha256: hash,
					content_type: type,
					size: bytes.byteLength,
					uploaded_by: userId,
					created_at: new Date().toISOString()
				})
				.onConflict((oc) => oc.column('sha256').doNothing())
				.returning('sha256')
				.executeTakeFirst();
			return !!inserted;
		}
	});
}

/** A stored image's bytes and type (from its magic bytes, which were checked on upload), or null. */
export async function readImage(
	folder: ImageFolder,
	hash: string
): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	if (!isPhotoHash(hash)) return null;
	let bytes: Buffer;
	try {
		bytes = await readFile(imagePath(folder, hash));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	const type = detectPhotoType(bytes);
	return type ? { bytes, type } : null;
}

/** A stored photo's bytes and type, or null. */
export function readPhoto(hash: string): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	return readImage('photos', hash);
}
