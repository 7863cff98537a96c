import { describe, expect, it } from 'vitest';
import { declaredPhotoType, detectPhotoType, isPhotoHash } from './photos';

const bytes = (...parts: (number[] | string)[]) =>
	Uint8Array.from(
		parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part))
	);

describe('photo checks', () => {
	it.each([
		['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
		['a JPEG with EXIF', bytes([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg'],
		['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image/png'],
		['a WebP', bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8L'), 'image/webp'],
		['a WAV (RIFF but not WEBP)', bytes('RIFF', [0x1a, 0, 0, 0], 'WAVEfmt '), null],
		['a PNG cut short', bytes([0x89, 0x50, 0x4e, 0x47]), null],
		['two JPEG bytes', bytes([0xff, 0xd8]), null],
		['a GIF', bytes('GIF89a'), null],
		['text', bytes('harga kopi 2500'), null],
		['nothing', bytes(), null]
	])('reads %s as %s', (_what, input, type) => {
		expect(detectPhotoType(input)).toBe(type);
	});

	it.each([
		['image/jpeg', 'image/jpeg'],
		['IMAGE/PNG', 'image/png'],
		['image/webp; charset=binary', 'image/webp'],
		['image/gif', null],
		['image/jpg', null],
		['application/octet-stream', null],
		['', null],
		[null, null]
	])('takes Content-Type %s as %s', (header, type) => {
		expect(declaredPhotoType(header)).toBe(type);
	});

	it.each([
		['a'.repeat(64), true],
		['0123456789abcdef'.repeat(4), true],
		['A'.repeat(64), false],
		['a'.repeat(63), false],
		['a'.repeat(65), false],
		[`../${'a'.repeat(61)}`, false],
		['g'.repeat(64), false]
	])('takes %s as a photo name: %s', (name, ok) => {
		expect(isPhotoHash(name)).toBe(ok);
	});
});
