/*
 * Longest side and quality, chosen by photo-quality.browser.test.ts: each photo compressed in Chromium
 * (the WebP encoder of Chrome on Android too), shown 720 device px wide (a 360 px phone at DPR 2) beside
 * the original shown the same, compared by mean SSIM. Size in KB, SSIM at 720 px (`VITE_PHOTO_SWEEP=1`):
 *
 * side q    collage 1440×1080 | collage upright | camera 4000×3000 | hubble 1000×872 (starfield)
 *  800 0.7   50 KB 0.958      |  50 KB 0.944    |  56 KB 0.974     |  45 KB 0.912
 *  800 0.8   64 KB 0.966      |  64 KB 0.953    |  69 KB 0.983     |  66 KB 0.927
 *  960 0.5   50 KB 0.960      |  50 KB 0.954    |  57 KB 0.970     |  39 KB 0.907
 *  960 0.6   56 KB 0.965      |  56 KB 0.959    |  63 KB 0.973     |  48 KB 0.917
 *  960 0.7   64 KB 0.970      |  64 KB 0.965    |  69 KB 0.979     |  58 KB 0.925
 *  960 0.8   84 KB 0.977      |  84 KB 0.974    |  84 KB 0.987     |  85 KB 0.941
 * 1024 0.5   56 KB 0.965      |  56 KB 0.951    |  62 KB 0.973     |  55 KB 0.925
 * 1024 0.6   63 KB 0.970      |  63 KB 0.956    |  68 KB 0.977     |  72 KB 0.936
 * 1280 0.5   72 KB 0.971      |       —         |  79 KB 0.980     |  55 KB 0.925
 *
 * 960 px is the smallest side that fills a 360 px screen at DPR 2 in portrait (720×960) as well as in
 * landscape; smaller (800) costs as much for a worse picture, since the phone then enlarges it. At 960
 * the busiest photos land at quality 0.5–0.6 within 60 KB, and a plain product on a plain table keeps
 * 0.8 (coffee 600×400: 39 KB, SSIM 0.980). The old 1280 px / 150 KB rule made 114 KB photos.
 */

/** Longest side of a stored photo, in pixels. */
export const PHOTO_MAX_SIDE = 960;
/** What a stored photo should weigh at most; the encoder lowers quality, then size, to get there. */
export const PHOTO_TARGET_BYTES = 60_000;

export interface CompressedPhoto {
	blob: Blob;
	width: number;
	height: number;
	/** SHA-256 of the bytes, hex: the photo's name on the server (`PUT /api/photos/{sha256}`). */
	sha256: string;
}

/** WebP qualities tried in turn until the photo weighs at most the target. */
export const PHOTO_QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.4];

/**
 * Resizes and re-encodes a camera photo on the phone: longest side ≤ 960 px, WebP where the browser can
 * write it (JPEG otherwise), the best quality that weighs ≤ 60 KB (smaller still if even 0.4 does not). Drawing to a canvas keeps only the pixels, so
 * EXIF metadata — including the GPS position of the seller's home — never leaves the phone.
 */
export async function compressPhoto(
	file: Blob,
	{
		maxSide = PHOTO_MAX_SIDE,
		targetBytes = PHOTO_TARGET_BYTES,
		qualities = PHOTO_QUALITIES,
		smoothing = 'high' as ImageSmoothingQuality
	} = {}
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
			// The default ("low") shrinks a camera photo by skipping pixels: aliased edges and noise, which
			// look worse and cost more bytes.
			context.imageSmoothingQuality = smoothing;
			context.drawImage(bitmap, 0, 0, width, height);
			let blob: Blob | undefined;
			for (const quality of qualities) {
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
