import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
