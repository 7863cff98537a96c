import { describe, expect, it } from 'vitest';
import fixtureUrl from '../../../tests/fixtures/warung-4000x3000-gps.jpg?url';
import { compressPhoto, sha256Hex } from './photos';

/** Whether the bytes carry an EXIF block with a GPS pointer (tag 0x8825), in either byte order. */
function hasExifGps(bytes: Uint8Array): boolean {
	const find = (needle: number[], from = 0, to = bytes.length) => {
		outer: for (let i = from; i <= Math.min(to, bytes.length) - needle.length; i++) {
			for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
			return i;
		}
		return -1;
	};
	const exif = find([0x45, 0x78, 0x69, 0x66, 0, 0]);
	if (exif < 0) return false;
	return find([0x88, 0x25], exif, exif + 65536) >= 0 || find([0x25, 0x88], exif, exif + 65536) >= 0;
}

describe('compressPhoto', () => {
	it('turns a 4000×3000 camera JPEG with a GPS tag into ≤ 960 px, ≤ 60 KB, without the GPS tag', async () => {
		const original = await (await fetch(fixtureUrl)).blob();
		const originalBytes = new Uint8Array(await original.arrayBuffer());
		expect(hasExifGps(originalBytes)).toBe(true);

		const photo = await compressPhoto(original);
		const bytes = new Uint8Array(await photo.blob.arrayBuffer());
		console.log(
			`photo: ${original.size} B 4000×3000 → ${photo.blob.size} B ${photo.width}×${photo.height} ${photo.blob.type}`
		);
		expect(Math.max(photo.width, photo.height)).toBeLessThanOrEqual(960);
		expect(photo.width / photo.height).toBeCloseTo(4 / 3, 2);
		expect(photo.blob.size).toBeLessThanOrEqual(60_000);
		expect(['image/webp', 'image/jpeg']).toContain(photo.blob.type);
		expect(hasExifGps(bytes)).toBe(false);
		expect(photo.sha256).toBe(await sha256Hex(photo.blob));
		expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	it('leaves a small picture at its size', async () => {
		const canvas = new OffscreenCanvas(300, 200);
		canvas.getContext('2d')!.fillRect(0, 0, 300, 200);
		const photo = await compressPhoto(await canvas.convertToBlob({ type: 'image/png' }));
		expect([photo.width, photo.height]).toEqual([300, 200]);
	});
});
