import sharp from 'sharp';
import { PHOTO_WIDTHS, type PhotoWidth } from '$lib/domain/photo-urls';
import { ApiFailure } from './api';
import { blobStore } from './blobs';
import { detectPhotoType, imageKey, type PhotoType } from './photos';

export type { PhotoWidth } from '$lib/domain/photo-urls';

/**
 * WebP quality of a variant. A variant is drawn at half its width or less where it is used (320 px for a
 * 72 px box on a 2× screen, 640 px for a full-width header), so the encoder's loss does not show; 60 keeps a
 * 320 px variant of a busy 1280 px product photo near 13 KB, 30 of them within the shop page's 500 KB.
 */
const WEBP_QUALITY = 60;

/**
 * At most this many pixels are decoded from an upload (a 2 MB PNG can claim 100,000 × 100,000): 24 MP holds
 * any phone camera's photo, and the phone sends 1280 px ones.
 */
const MAX_INPUT_PIXELS = 24_000_000;

// A small server: one libvips thread per image, no operation cache kept in memory between requests, and at
// most two images worked on at once (below).
sharp.concurrency(1);
sharp.cache(false);
const MAX_JOBS = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function inJobSlot<T>(job: () => Promise<T>): Promise<T> {
	if (running >= MAX_JOBS) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await job();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/** `?w=` of a photo address: undefined without one, a width the server makes, else 400 `photo_width`. */
export function photoWidth(value: string | null): PhotoWidth | undefined {
	if (value === null) return undefined;
	const width = PHOTO_WIDTHS.find((candidate) => String(candidate) === value);
	if (!width) throw new ApiFailure(400, 'photo_width');
	return width;
}

/** `photos/w320/ab/abcdef…`: a variant beside its original (`photos/ab/abcdef…`), in the same store. */
export function variantKey(hash: string, width: PhotoWidth): string {
	return imageKey('photos', hash).replace(/^photos\//, `photos/w${width}/`);
}

/**
 * Decodes a photo and makes its variants: the longest side `width` at most (never enlarged), turned upright
 * by its EXIF orientation (the variant keeps no metadata, GPS included), as WebP. A variant that would
 * weigh more than the original (a small photo already well compressed) is the original's bytes instead.
 * Throws ApiFailure 400 `photo_type` for bytes that do not decode as an image: the server checks what it
 * stores, not only the first bytes.
 */
export async function makeVariants(
	original: Buffer,
	widths: readonly PhotoWidth[] = PHOTO_WIDTHS
): Promise<Map<PhotoWidth, Buffer>> {
	return inJobSlot(async () => {
		const variants = new Map<PhotoWidth, Buffer>();
		try {
			// failOn 'error': a file that does not decode is refused; a harmless warning (bytes after the end of
			// a JPEG) is not. The whole image is decoded for the first variant, so a truncated one fails here.
			const image = sharp(original, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
			for (const width of widths) {
				const resized = await image
					.clone()
					.resize(width, width, { fit: 'inside', withoutEnlargement: true })
					.webp({ quality: WEBP_QUALITY })
					.toBuffer();
				variants.set(width, resized.byteLength < original.byteLength ? resized : original);
			}
		} catch {
			throw new ApiFailure(400, 'photo_type');
		}
		return variants;
	});
}

/** Stores the variants of a photo beside it. */
export async function storeVariants(hash: string, variants: Map<PhotoWidth, Buffer>): Promise<void> {
	const blobs = await blobStore();
	for (const [width, bytes] of variants) {
		await blobs.put(variantKey(hash, width), bytes, { contentType: detectPhotoType(bytes) ?? 'image/webp' });
	}
}

/**
 * A stored photo's variant, made now from the original and kept when it is not there yet (photos uploaded
 * before variants existed get theirs on first request, so their blobs need no migration). Null when the
 * original is not stored.
 */
export async function readVariant(
	hash: string,
	width: PhotoWidth
): Promise<{ bytes: Buffer; type: PhotoType } | null> {
	const blobs = await blobStore();
	let bytes = await blobs.get(variantKey(hash, width));
	if (!bytes) {
		const original = await blobs.get(imageKey('photos', hash));
		if (!original) return null;
		let variants: Map<PhotoWidth, Buffer>;
		try {
			variants = await makeVariants(original, [width]);
		} catch (error) {
			// An original that was stored before the server decoded uploads, and does not decode: it is served
			// as it is at every size, the browser does no worse with it than before.
			if (!(error instanceof ApiFailure)) throw error;
			const type = detectPhotoType(original);
			return type ? { bytes: original, type } : null;
		}
		await storeVariants(hash, variants);
		bytes = variants.get(width)!;
	}
	const type = detectPhotoType(bytes);
	return type ? { bytes, type } : null;
}

/** Whether a variant is stored (made at upload, or on an earlier request). */
export async function hasVariant(hash: string, width: PhotoWidth): Promise<boolean> {
	return (await blobStore()).has(variantKey(hash, width));
}
