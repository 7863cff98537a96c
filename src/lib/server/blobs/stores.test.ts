import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBucket } from '../../../../tests/helpers/blobs';
import { blobConfig } from './config';
import { FileBlobStore } from './files';
import { S3BlobStore } from './s3';
import type { BlobStore } from './shared';

/** The same contract, on a folder and on a bucket of a real S3-protocol server. */
describe.each(['files', 's3'] as const)('the %s blob store', (kind) => {
	let store: BlobStore;
	let folder: string;
	let bucket: TestBucket | undefined;

	beforeAll(async () => {
		folder = await mkdtemp(path.join(tmpdir(), 'lapak-blobs-'));
		if (kind === 'files') {
			store = new FileBlobStore(folder);
		} else {
			bucket = await TestBucket.start();
			const config = blobConfig(bucket.env, folder);
			if (config.kind !== 's3') throw new Error('the test bucket is not an S3 configuration');
			store = new S3BlobStore(config);
		}
	});

	afterAll(async () => {
		await bucket?.stop();
		await rm(folder, { recursive: true, force: true });
	});

	const jpeg = 'image/jpeg';

	it('keeps bytes under a key until they are replaced or deleted', async () => {
		const key = 'photos/ab/abcdef';
		expect(await store.has(key)).toBe(false);
		expect(await store.get(key)).toBeNull();

		await store.put(key, Buffer.from('first'), { contentType: jpeg });
		expect(await store.has(key)).toBe(true);
		expect((await store.get(key))?.toString()).toBe('first');
		await store.put(key, Buffer.from('second'), { contentType: jpeg });
		expect((await store.get(key))?.toString()).toBe('second');
		// a neighbour is another blob
		expect(await store.has('photos/ab/abcdeg')).toBe(false);

		await store.delete(key);
		expect(await store.has(key)).toBe(false);
		expect(await store.get(key)).toBeNull();
		// deleting what is not there is no error
		await store.delete(key);
	});

	it('keeps an empty blob and bytes that are not text, byte for byte', async () => {
		const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
		await store.put('documents/00/binary', bytes, { contentType: 'image/png' });
		expect((await store.get('documents/00/binary'))?.equals(bytes)).toBe(true);
		await store.put('documents/00/empty', new Uint8Array(), { contentType: 'image/png' });
		expect((await store.get('documents/00/empty'))?.length).toBe(0);
		expect(await store.has('documents/00/empty')).toBe(true);
	});

	it.each(['../lapak.db', 'photos/../../etc/passwd', '/photos/ab', 'photos//ab', 'photos/ab.tmp', ''])(
		'refuses the key %j',
		async (key) => {
			await expect(store.get(key)).rejects.toThrow('not a blob key');
			await expect(store.put(key, Buffer.from('x'), { contentType: jpeg })).rejects.toThrow('not a blob key');
		}
	);

	it('passes its start-up check', async () => {
		await expect(store.check()).resolves.toBeUndefined();
	});

	if (kind === 'files') {
		it('leaves no temporary file behind, and the layout of DATA_DIR as it was', async () => {
			await store.put('photos/cd/cdef', Buffer.from('x'), { contentType: jpeg });
			expect(await readdir(path.join(folder, 'photos', 'cd'))).toEqual(['cdef']);
		});
	}
});
