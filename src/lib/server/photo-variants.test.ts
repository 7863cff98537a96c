import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ApiFailure } from './api';
import { makeVariants, photoWidth, variantKey } from './photo-variants';

const hash = 'ab' + 'c'.repeat(62);

describe('photo variants', () => {
	it.each([
		[null, undefined],
		['320', 320],
		['640', 640]
	] as const)('w=%s is width %s', (value, width) => {
		expect(photoWidth(value)).toBe(width);
	});

	it.each(['', '0', '160', '320px', ' 320', '0320', '1280', 'abc'])(
		'refuses w=%j with 400 photo_width',
		(value) => {
			expect(() => photoWidth(value)).toThrow(expect.objectContaining({ status: 400, code: 'photo_width' }));
		}
	);

	it('keeps a variant beside its original, in a folder of its width', () => {
		expect(variantKey(hash, 320)).toBe(`photos/w320/ab/${hash}`);
		expect(variantKey(hash, 640)).toBe(`photos/w640/ab/${hash}`);
	});

	it('makes WebPs of the longest side asked, never larger, and keeps a small original that weighs less', async () => {
		const tall = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#c0392b' } })
			.jpeg()
			.toBuffer();
		const variants = await makeVariants(tall);
		for (const [width, bytes] of variants) {
			expect(await sharp(bytes).metadata()).toMatchObject({
				format: 'webp',
				height: width,
				width: (width * 3) / 4
			});
		}
		const small = await sharp({ create: { width: 100, height: 80, channels: 3, background: '#fff' } })
			.webp({ quality: 10 })
			.toBuffer();
		for (const bytes of (await makeVariants(small)).values()) {
			expect(await sharp(bytes).metadata()).toMatchObject({ width: 100, height: 80 });
			expect(bytes.length).toBeLessThanOrEqual(small.length);
		}
	});

	it('refuses bytes that do not decode with 400 photo_type', async () => {
		const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500)]);
		await expect(makeVariants(broken)).rejects.toBeInstanceOf(ApiFailure);
		await expect(makeVariants(broken)).rejects.toMatchObject({ status: 400, code: 'photo_type' });
	});
});
