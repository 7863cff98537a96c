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

/** `DATA_DIR/photos/ab/abcdef…`: 256 folders, so no one folder grows to hundreds of thousands of files. */
export function photoPath(hash: string): string {
	return path.join(dataDir(), 'photos', hash.slice(0, 2), hash);
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

/**
 * Checks and stores an uploaded photo under its SHA-256. Throws ApiFailure 400 `photo_type` when the bytes are
 * not a JPEG, PNG or WebP or not the declared type, 400 `photo_hash_mismatch` when they are not the named hash;
 * nothing is stored then. Returns whether the photo is new (`created`) or was already stored (`exists`; the
 * first uploader stays on record).
 */
export async function storePhoto(
	db: Kysely<Database>,
	input: { hash: string; declaredType: PhotoType; bytes: Buffer; userId: string }
): Promise<'created' | 'exists'> {
	const { hash, declaredType, bytes, userId } = input;
	const actualType = detectPhotoType(bytes);
	if (!actualType || actualType !== declaredType) throw new ApiFailure(400, 'photo_type');
	if (createHash('sha256').update(bytes).digest('hex') !== hash) {
		throw new ApiFailure(400, 'photo_hash_mismatch');
	}

	const file = photoPath(hash);
	const recorded = await db
		.selectFrom('photos')
		.select('sha256')
		.where('sha256', '=', hash)
		.executeTakeFirst();
	const onDisk = await fileExists(file);
	if (recorded && onDisk) return 'exists';

	// File first, then the row: a row always means the bytes are there. Two uploads of one new photo at once
	// both rename identical bytes into place, and the primary key lets one row in.
	if (!onDisk) await writeAtomically(file, bytes);
	try {
		const inserted = await db
			.insertInto('photos')
			.values({
				sha256: hash,
				content_type: actualType,
				size: bytes.byteLength,
				uploaded_by: userId,
				created_at: new Date().toISOString()
			})
			.onConflict((oc) => oc.column('sha256').doNothing())
			.returning('sha256')
			.executeTakeFirst();
		return inserted ? 'created' : 'exists';
	} catch (error) {
		// Nothing stays stored of a failed upload (a bare file would be served without being recorded).
		if (!onDisk && !recorded) await rm(file, { force: true });
		throw error;
	}
}

/** A stored photo's bytes and type (from its magic bytes, which were checked on upload), or null. */
export async function readPhoto(hash: string): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	if (!isPhotoHash(hash)) return null;
	let bytes: Buffer;
	try {
		bytes = await readFile(photoPath(hash));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	const type = detectPhotoType(bytes);
	return type ? { bytes, type } : null;
}
