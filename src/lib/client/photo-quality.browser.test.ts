import { describe, expect, it } from 'vitest';
import { ssim } from 'ssim.js';
import cameraUrl from '../../../tests/fixtures/warung-4000x3000-gps.jpg?url';
import astronautUrl from '../../../tests/fixtures/photos/astronaut.jpg?url';
import chelseaUrl from '../../../tests/fixtures/photos/chelsea.jpg?url';
import coffeeUrl from '../../../tests/fixtures/photos/coffee.jpg?url';
import hubbleUrl from '../../../tests/fixtures/photos/hubble.jpg?url';
import rocketUrl from '../../../tests/fixtures/photos/rocket.jpg?url';
import { compressPhoto } from './photos';

const bitmapOf = async (url: string) => createImageBitmap(await (await fetch(url)).blob());

/**
 * A busy 1440×1080 "camera photo" made of real photographs cut at their own scale (no smooth
 * upscaling that would flatter the encoder): fur, foliage, a starfield, metal, cloth, skin and the
 * synthetic camera fixture's hard edges and lettering, each in a 480×360 cell, saved as a camera would
 * (JPEG 0.92).
 */
async function collage(): Promise<Blob> {
	const sources = await Promise.all(
		[coffeeUrl, chelseaUrl, astronautUrl, hubbleUrl, rocketUrl, cameraUrl].map(bitmapOf)
	);
	const canvas = new OffscreenCanvas(1440, 1080);
	const context = canvas.getContext('2d')!;
	context.imageSmoothingQuality = 'high';
	const cells = [
		[0, 0.5, 0.5],
		[1, 0.5, 0.5],
		[2, 0.5, 0.3],
		[3, 0.2, 0.2],
		[4, 0.5, 0.5],
		[5, 0.15, 0.5],
		[3, 0.8, 0.8],
		[2, 0.6, 0.9],
		[0, 0.1, 0.9]
	] as const;
	cells.forEach(([source, x, y], index) => {
		const image = sources[source];
		// At least 1:1, and covering the cell (chelsea, 451×300, needs 1.2×; the 4000 px fixture 1:1 too).
		const scale = Math.max(1, 480 / image.width, 360 / image.height);
		const width = 480 / scale;
		const height = 360 / scale;
		const left = (image.width - width) * x;
		const top = (image.height - height) * y;
		const dx = (index % 3) * 480;
		const dy = Math.floor(index / 3) * 360;
		context.drawImage(image, left, top, width, height, dx, dy, 480, 360);
	});
	return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

/** The picture as a phone shows it `width` device pixels wide (the browser's own high-quality scaling). */
async function shown(picture: Blob, width: number): Promise<ImageData> {
	const bitmap = await createImageBitmap(picture);
	const height = Math.round((bitmap.height * width) / bitmap.width);
	const canvas = new OffscreenCanvas(width, height);
	const context = canvas.getContext('2d')!;
	context.imageSmoothingQuality = 'high';
	context.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	return context.getImageData(0, 0, width, height);
}

/**
 * Mean SSIM of the compressed photo against the original, both shown at `width`: 720 device px is a
 * photo across a 360 px phone screen at DPR 2 (the product page, the shop's big picture), 320 a
 * 160 px tile. ssim.js's own downsampling is off: the comparison is at the size the eye sees.
 */
async function similarity(original: Blob, compressed: Blob, width: number): Promise<number> {
	const [a, b] = await Promise.all([shown(original, width), shown(compressed, width)]);
	return ssim(a, b, { downsample: false }).mssim;
}

/** The collage turned upright: a portrait photo fills a 360 px screen's width at 720 device px 1:1. */
async function portrait(landscape: Blob): Promise<Blob> {
	const bitmap = await createImageBitmap(landscape);
	const canvas = new OffscreenCanvas(bitmap.height, bitmap.width);
	const context = canvas.getContext('2d')!;
	context.translate(bitmap.height, 0);
	context.rotate(Math.PI / 2);
	context.drawImage(bitmap, 0, 0);
	return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

async function photos(): Promise<[string, Blob][]> {
	const fetched = async (url: string) => (await fetch(url)).blob();
	const landscape = await collage();
	return [
		['collage 1440×1080', landscape],
		['collage upright 1080×1440', await portrait(landscape)],
		['camera fixture 4000×3000', await fetched(cameraUrl)],
		['hubble 1000×872', await fetched(hubbleUrl)],
		['coffee 600×400', await fetched(coffeeUrl)],
		['astronaut 512×512', await fetched(astronautUrl)]
	];
}

/**
 * The floors, and why: mean SSIM ≥ 0.95 is where side-by-side crops at 1:1 stop showing a difference
 * one can point at on these photos (0.96–0.97 on the busy ones is what 60 KB buys). The Hubble starfield
 * is held to 0.92: SSIM counts the smoothing of its faint background noise as loss, while side by side
 * at 720 px every galaxy and star is there; a product photo is never that much noise.
 */
const FLOOR_720: Record<string, number> = { 'hubble 1000×872': 0.92 };

describe('product photo size and quality', () => {
	it('is ≤ 60 KB with no visible loss at a phone’s display size (mean SSIM ≥ 0.95 at 720 px)', async () => {
		for (const [name, original] of await photos()) {
			const photo = await compressPhoto(original);
			const at720 = await similarity(original, photo.blob, 720);
			const at320 = await similarity(original, photo.blob, 320);
			console.log(
				`${name}: ${photo.width}×${photo.height} ${photo.blob.size} B, SSIM ${at720.toFixed(4)} at 720, ${at320.toFixed(4)} at 320`
			);
			expect(photo.blob.size, name).toBeLessThanOrEqual(60_000);
			expect(at720, name).toBeGreaterThanOrEqual(FLOOR_720[name] ?? 0.95);
			expect(at320, name).toBeGreaterThanOrEqual(0.97);
		}
	});

	// The measurement behind PHOTO_MAX_SIDE and PHOTO_QUALITIES: `VITE_PHOTO_SWEEP=1 npx vitest run
	// --project browser src/lib/client/photo-quality.browser.test.ts`.
	it.skipIf(!import.meta.env.VITE_PHOTO_SWEEP)(
		'sweep of longest side × quality',
		async () => {
			const rows: string[] = [];
			const sources = await photos();
			for (const smoothing of ['high'] as const) {
				for (const side of [800, 960, 1024]) {
					for (const quality of [0.4, 0.5, 0.6, 0.7, 0.8]) {
						const cells: string[] = [];
						for (const [, original] of sources) {
							const photo = await compressPhoto(original, {
								maxSide: side,
								qualities: [quality],
								targetBytes: Infinity,
								smoothing
							});
							const at720 = await similarity(original, photo.blob, 720);
							cells.push(`${(photo.blob.size / 1000).toFixed(0).padStart(4)} KB ${at720.toFixed(3)}`);
						}
						rows.push(`${smoothing.padEnd(4)} ${String(side).padStart(4)} ${quality}  ${cells.join(' | ')}`);
					}
				}
			}
			console.log(`smoothing side q  ${sources.map(([name]) => name).join(' | ')}\n${rows.join('\n')}`);
		},
		600_000
	);
});
