import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** A 1×1 PNG. */
export const tinyPng = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64'
);

/** A 1×1 lossless WebP. */
export const tinyWebp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** A real camera JPEG (4000×3000, about 1 MB). */
export const cameraJpeg = readFileSync(
	fileURLToPath(new URL('../fixtures/warung-4000x3000-gps.jpg', import.meta.url))
);

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** `size` bytes that start with `magic` and differ on every call (a new photo each time). */
function startingWith(magic: Uint8Array, size: number): Buffer {
	const bytes = Buffer.alloc(size);
	bytes.set(magic);
	bytes.write(crypto.randomUUID(), 16, 'ascii');
	return bytes;
}

/** Starts like a JPEG (FF D8 FF). */
export const jpegLike = (size: number) => startingWith(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), size);
/** Starts like a PNG (89 50 4E 47 0D 0A 1A 0A). */
export const pngLike = (size: number) => startingWith(tinyPng.subarray(0, 8), size);
/** Starts like a WebP (RIFF, size, WEBP). */
export const webpLike = (size: number) => startingWith(tinyWebp.subarray(0, 16), size);

/** An 8×8 orange JPEG, whole (it decodes). */
export const tinyJpeg = Buffer.from(
	'/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKQAI2f/2Q==',
	'base64'
);

/**
 * A JPEG that decodes, of exactly `size` bytes and new on every call: tinyJpeg followed by bytes after its
 * end marker, which decoders ignore (the server decodes every photo it is sent).
 */
export function realJpegOfSize(size: number): Buffer {
	const bytes = Buffer.alloc(size);
	tinyJpeg.copy(bytes);
	bytes.write(crypto.randomUUID(), tinyJpeg.length, 'ascii');
	return bytes;
}

/**
 * A product photo as the phone makes it today (1280 × 960 JPEG, 100–160 KB), a different one for every
 * `seed`: a part of the camera fixture, its colours turned.
 */
export async function productPhoto(seed: number, type: 'jpeg' | 'webp' = 'jpeg'): Promise<Buffer> {
	const image = sharp(cameraJpeg)
		.extract({ left: (seed * 97) % 1600, top: (seed * 53) % 1200, width: 2400, height: 1800 })
		.modulate({ hue: (seed * 37) % 360 })
		.resize(1280, 960);
	return type === 'jpeg' ? image.jpeg({ quality: 80 }).toBuffer() : image.webp({ quality: 80 }).toBuffer();
}

/** The width and height of an image's pixels, and its type, as sharp reads them. */
export async function imageSize(bytes: Uint8Array) {
	const { width, height, format } = await sharp(bytes).metadata();
	return { width, height, format };
}
