/** Longest side of a stored photo, in pixels. */
export const PHOTO_MAX_SIDE = 1280;
/** What a stored photo should weigh at most; the encoder lowers quality, then size, to get there. */
export const PHOTO_TARGET_BYTES = 150_000;

export interface CompressedPhoto {
	blob: Blob;
	width: number;
	height: number;
	/** SHA-256 of the bytes, hex: the photo's name on the server (`PUT /api/photos/{sha256}`). */
	sha256: string;
}

const QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.4];

/**
 * Resizes and re-encodes a camera photo on the phone: longest side ≤ 1280 px, WebP where the browser can
 * write it (JPEG otherwise), ≤ 150 KB where quality allows. Drawing to a canvas keeps only the pixels, so
 * EXIF metadata — including the GPS position of the seller's home — never leaves the phone.
 */
export async function compressPhoto(
	file: Blob,
	{ maxSide = PHOTO_MAX_SIDE, targetBytes = PHOTO_TARGET_BYTES } = {}
): Promise<CompressedPhoto> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		let scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
		for (;;) {
			const width = Math.max(1, Math.round(bitmap.width * scale));
			const height = Math.max(1, Math.round(bitmap.height * scale));
			const canvas = new OffscreenCanvas(width, height);
			const context = canvas.getContext('2d');
			if (!context) throw new Error('canvas 2d is not available');
			context.drawImage(bitmap, 0, 0, width, height);
			let blob: Blob | undefined;
			for (const quality of QUALITIES) {
				blob = await encode(canvas, quality);
				if (blob.size <= targetBytes) break;
			}
			// A busy picture that is still too heavy at low quality gets smaller instead.
			if (blob!.size <= targetBytes || Math.max(width, height) <= 320) {
				return { blob: blob!, width, height, sha256: await sha256Hex(blob!) };
			}
			scale *= 0.8;
		}
	} finally {
		bitmap.close();
	}
}

async function encode(canvas: OffscreenCanvas, quality: number): Promise<Blob> {
	const webp = await canvas.convertToBlob({ type: 'image/webp', quality });
	// Browsers that cannot write WebP hand back PNG; JPEG is the smaller fallback for photos.
	if (webp.type === 'image/webp') return webp;
	return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** Hex SHA-256 of a blob's bytes. */
export async function sha256Hex(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
