import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiFailure } from './api';
import { ensureRoomFor } from './storage-quota';
import { blobStore } from './blobs';
import type { Database } from './db/schema';
import { makeVariants, storeVariants, type PhotoWidth } from './photo-variants';

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

export type ImageFolder = 'photos' | 'documents';

/**
 * `<folder>/ab/abcdef…`: the blob key of an image (`DATA_DIR/photos/ab/abcdef…` with files), 256 prefixes
 * so no one folder grows to hundreds of thousands of files. Public photos live under `photos`, private
 * documents (KTP …) under `documents`, never mixed.
 */
export function imageKey(folder: ImageFolder, hash: string): string {
	return `${folder}/${hash.slice(0, 2)}/${hash}`;
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
 * nothing is stored then. `isRecorded` says whether a row exists already. `check`, when given, looks
 * further at a new image's bytes before anything is stored (it throws to refuse them). The one upload path
 * of both the public photos and the private documents.
 */
export async function storeImage(
	folder: ImageFolder,
	upload: ImageUpload,
	rows: {
		isRecorded(): Promise<boolean>;
		record(type: PhotoType): Promise<boolean>;
		check?(bytes: Buffer): Promise<void>;
	}
): Promise<'created' | 'exists'> {
	const { hash, declaredType, bytes } = upload;
	const actualType = detectPhotoType(bytes);
	if (!actualType || actualType !== declaredType) throw new ApiFailure(400, 'photo_type');
	if (createHash('sha256').update(bytes).digest('hex') !== hash) {
		throw new ApiFailure(400, 'photo_hash_mismatch');
	}

	const blobs = await blobStore();
	const key = imageKey(folder, hash);
	const recorded = await rows.isRecorded();
	const stored = await blobs.has(key);
	if (recorded && stored) return 'exists';
	await rows.check?.(bytes);

	// Bytes first, then the row: a row always means the bytes are there. Two uploads of one new image at once
	// (through one process or two) both put identical bytes under one key, and the primary key lets one row in.
	if (!stored) await blobs.put(key, bytes, { contentType: actualType });
	try {
		return (await rows.record(actualType)) ? 'created' : 'exists';
	} catch (error) {
		// Nothing stays stored of a failed upload (a bare blob would be served without being recorded).
		if (!stored && !recorded) await blobs.delete(key);
		throw error;
	}
}

/**
 * Checks and stores an uploaded photo under its SHA-256 (see storeImage), and its small variants beside it
 * (photo-variants.ts): sharp decodes the whole upload to make them, so a file that only starts like an image
 * is refused 400 `photo_type` and nothing is stored. Returns whether the photo is new (`created`) or was
 * already stored (`exists`; the first uploader stays on record).
 */
export async function storePhoto(
	db: Kysely<Database>,
	input: ImageUpload & { userId: string }
): Promise<'created' | 'exists'> {
	const { hash, bytes, userId } = input;
	let variants: Map<PhotoWidth, Buffer> | undefined;
	const outcome = await storeImage('photos', input, {
		async check(checked) {
			variants = await makeVariants(checked);
		},
		async isRecorded() {
			return !!(await db.selectFrom('photos').select('sha256').where('sha256', '=', hash).executeTakeFirst());
		},
		async record(type) {
			await ensureRoomFor(db, { photosOf: userId }, bytes.byteLength);
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
	// After the original: a variant missing (the process stopped in between) is made on its first request.
	if (variants) await storeVariants(hash, variants);
	return outcome;
}

/** A stored image's bytes and type (from its magic bytes, which were checked on upload), or null. */
export async function readImage(
	folder: ImageFolder,
	hash: string
): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	if (!isPhotoHash(hash)) return null;
	const bytes = await (await blobStore()).get(imageKey(folder, hash));
	const type = bytes ? detectPhotoType(bytes) : null;
	return bytes && type ? { bytes, type } : null;
}

/** A stored photo's bytes and type, or null. */
export function readPhoto(hash: string): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	return readImage('photos', hash);
}

/** Whether a photo is stored, without reading its bytes. */
export async function hasPhoto(hash: string): Promise<boolean> {
	return isPhotoHash(hash) && (await blobStore()).has(imageKey('photos', hash));
}
