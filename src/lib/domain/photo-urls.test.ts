import { describe, expect, it } from 'vitest';
import { photoSrcset, photoUrl } from './photo-urls';

const hash = 'ab'.repeat(32);

describe('photo addresses', () => {
	it.each([
		[undefined, `/api/photos/${hash}`],
		[320, `/api/photos/${hash}?w=320`],
		[640, `/api/photos/${hash}?w=640`]
	] as const)('width %s is %s', (width, url) => {
		expect(photoUrl(hash, width)).toBe(url);
	});

	it('offers both variants by their widths, smallest first', () => {
		expect(photoSrcset(hash)).toBe(`/api/photos/${hash}?w=320 320w, /api/photos/${hash}?w=640 640w`);
	});
});
