import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeys, TestBucket } from '../helpers/blobs';
import { ApiClient, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { documentPhoto, uploadDocument } from '../helpers/financing';
import { cameraJpeg, jpegLike, pngLike, sha256, tinyPng, tinyWebp, webpLike } from '../helpers/images';
import {
	backends,
	createTestDatabase,
	storageBackends,
	TestServer,
	useTestServer,
	type TestDatabase
} from '../helpers/server';

const MB = 1024 * 1024;

/** Uploads with chunked transfer encoding (no Content-Length), as a streaming client would. */
function putChunked(url: string, cookie: string, bytes: Buffer): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, {
			method: 'PUT',
			headers: { 'content-type': 'image/jpeg', cookie: `session=${cookie}`, 'transfer-encoding': 'chunked' }
		});
		req.on('response', (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
			req.write(bytes.subarray(offset, offset + 64 * 1024));
		req.end();
	});
}

describe.each(storageBackends)('photos on $name, kept in $blobs', ({ name, blobs }) => {
	const context = useTestServer(name, {}, blobs);
	let sari: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
	});

	/** Every blob under `photos/` (temporary files too), relative to it: files in DATA_DIR, or the bucket's. */
	function storedFiles(): Promise<string[]> {
		return context.blobs.keys('photos');
	}

	async function photoRows(hash: string) {
		return withDatabase(context.database, (db) =>
			db.selectFrom('photos').selectAll().where('sha256', '=', hash).execute()
		);
	}

	/** What the public sees: status, headers and bytes, without a session. */
	async function fetchPhoto(hash: string, headers: Record<string, string> = {}) {
		const response = await fetch(`${context.server.url}/api/photos/${hash}`, { headers });
		return { response, bytes: Buffer.from(await response.arrayBuffer()) };
	}

	async function expectNothingStored(hash: string, filesBefore: string[]) {
		expect((await fetchPhoto(hash)).response.status).toBe(404);
		expect(await photoRows(hash)).toEqual([]);
		expect(await storedFiles()).toEqual(filesBefore);
	}

	it('stores a camera JPEG once: 201, then 200 for the same upload, one row, one file, served byte for byte', async () => {
		const hash = sha256(cameraJpeg);
		const before = await storedFiles();

		const first = await sari.api.putPhoto(hash, cameraJpeg, 'image/jpeg');
		expect(first.status).toBe(201);
		const again = await sari.api.putPhoto(hash, cameraJpeg, 'image/jpeg');
		expect(again.status).toBe(200);

		expect(await storedFiles()).toEqual([...before, `${hash.slice(0, 2)}/${hash}`].sort());
		// in the bucket when there is one, and then nothing of it on this machine's disk
		if (blobs === 's3') expect(await fileKeys(context.database.dataDir, 'photos')).toEqual([]);
		const rows = await photoRows(hash);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			content_type: 'image/jpeg',
			size: cameraJpeg.length,
			uploaded_by: sari.account.user.id
		});

		// public: the shop page shows it to buyers with no account
		const served = await fetchPhoto(hash);
		expect(served.response.status).toBe(200);
		expect(served.bytes.equals(cameraJpeg)).toBe(true);
		expect(served.response.headers.get('content-type')).toBe('image/jpeg');
		expect(served.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(served.response.headers.get('x-content-type-options')).toBe('nosniff');
		const etag = served.response.headers.get('etag');
		expect(etag).toBe(`"${hash}"`);

		const revalidated = await fetchPhoto(hash, { 'if-none-match': etag! });
		expect(revalidated.response.status).toBe(304);
		expect(revalidated.bytes.length).toBe(0);
	});

	it('stores a WebP and a PNG under their own types', async () => {
		for (const [bytes, type] of [
			[tinyWebp, 'image/webp'],
			[tinyPng, 'image/png']
		] as const) {
			const hash = sha256(bytes);
			expect((await sari.api.putPhoto(hash, bytes, `${type}; charset=binary`)).status).toBe(201);
			const served = await fetchPhoto(hash);
			expect(served.response.headers.get('content-type')).toBe(type);
			expect(served.bytes.equals(bytes)).toBe(true);
		}
	});

	it('accepts a photo once when the same upload arrives several times at once', async () => {
		const bytes = jpegLike(300 * 1024);
		const hash = sha256(bytes);
		const answers = await Promise.all(
			Array.from({ length: 4 }, () => sari.api.putPhoto(hash, bytes, 'image/jpeg'))
		);
		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
		expect(await photoRows(hash)).toHaveLength(1);
		const files = await storedFiles();
		expect(files.filter((file) => file.includes(hash))).toEqual([`${hash.slice(0, 2)}/${hash}`]);
		expect(files.some((file) => file.endsWith('.tmp'))).toBe(false);
	});

	it('refuses bytes that are not the named hash, and stores nothing', async () => {
		const bytes = jpegLike(10_000);
		const wrongName = sha256(Buffer.from('something else'));
		const before = await storedFiles();
		const answer = await sari.api.putPhoto(wrongName, bytes, 'image/jpeg');
		expect(answer.status).toBe(400);
		expect(answer.body.error).toEqual({
			code: 'photo_hash_mismatch',
			message: 'Isi foto tidak cocok dengan namanya'
		});
		await expectNothingStored(wrongName, before);
		await expectNothingStored(sha256(bytes), before);
	});

	it('refuses a file that is not a JPEG, PNG or WebP, or not the type it claims (400 photo_type)', async () => {
		const before = await storedFiles();
		const cases: [Buffer, string][] = [
			[Buffer.from(`Daftar harga: kopi 2500, teh 2000 ${crypto.randomUUID()}\n`), 'image/jpeg'],
			[pngLike(2_000), 'image/jpeg'],
			[webpLike(2_000), 'image/png'],
			[jpegLike(2_000), 'image/webp'],
			[jpegLike(2_000), 'application/octet-stream'],
			[jpegLike(2_000), 'image/gif'],
			// RIFF without WEBP is a WAV or an AVI
			[Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '), jpegLike(100)]), 'image/webp'],
			[Buffer.alloc(0), 'image/jpeg']
		];
		for (const [bytes, type] of cases) {
			const hash = sha256(bytes);
			const answer = await sari.api.putPhoto(hash, bytes, type);
			expect(answer.status, `${type} with ${bytes.subarray(0, 4).toString('hex')}`).toBe(400);
			expect(answer.body.error).toEqual({
				code: 'photo_type',
				message: 'File ini bukan foto JPEG, PNG, atau WebP'
			});
			await expectNothingStored(hash, before);
		}
	});

	it('takes a photo of exactly 2 MB and refuses one byte more with 413, declared or streamed', async () => {
		const limit = jpegLike(2 * MB);
		expect((await sari.api.putPhoto(sha256(limit), limit, 'image/jpeg')).status).toBe(201);

		const before = await storedFiles();
		for (const size of [2 * MB + 1, 6 * MB]) {
			const bytes = jpegLike(size);
			const hash = sha256(bytes);
			const declared = await sari.api.putPhoto(hash, bytes, 'image/jpeg');
			expect(declared.status, `${size} bytes`).toBe(413);
			expect(declared.body.error).toEqual({
				code: 'photo_too_large',
				message: 'Foto terlalu besar (paling banyak 2 MB)'
			});
			const streamed = await putChunked(`${context.server.url}/api/photos/${hash}`, sari.api.cookie!, bytes);
			expect(streamed.status, `${size} bytes streamed`).toBe(413);
			expect(JSON.parse(streamed.body).error.code).toBe('photo_too_large');
			await expectNothingStored(hash, before);
		}
	});

	it('refuses an upload without a session (401) and a name that is not a SHA-256 (400)', async () => {
		const bytes = jpegLike(5_000);
		const hash = sha256(bytes);
		const before = await storedFiles();
		const anonymous = await new ApiClient(context.server.url).putPhoto(hash, bytes, 'image/jpeg');
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('unauthorized');
		await expectNothingStored(hash, before);
		// a phone whose session ran out, still sending a big photo, gets the 401 and not a reset connection
		for (let attempt = 0; attempt < 3; attempt++) {
			const big = jpegLike(2 * MB - 1000);
			const answer = await new ApiClient(context.server.url).putPhoto(sha256(big), big, 'image/jpeg');
			expect(answer.status).toBe(401);
			await expectNothingStored(sha256(big), before);
		}

		for (const name of [hash.toUpperCase(), hash.slice(1), `${hash}0`, 'foto.jpg']) {
			const answer = await sari.api.putPhoto(name, bytes, 'image/jpeg');
			expect(answer.status, name).toBe(400);
			expect(answer.body.error.code).toBe('photo_invalid');
		}
		expect(await storedFiles()).toEqual(before);
	});

	it('answers 404 for a photo nobody uploaded, even to a client that claims to have it', async () => {
		const hash = sha256(Buffer.from('tidak ada'));
		const { response } = await fetchPhoto(hash);
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toContain('application/json');
		expect((await fetchPhoto(hash, { 'if-none-match': `"${hash}"` })).response.status).toBe(404);
	});
});

// PostgreSQL only: with SQLite there is one process
if (backends.some((backend) => backend.name === 'postgres')) {
	describe('photos and documents across two processes on one PostgreSQL and one bucket', () => {
		let database: TestDatabase;
		let bucket: TestBucket;
		/** Process B's own DATA_DIR: the two share no disk, only the database and the bucket. */
		let otherDataDir: string;
		let first: TestServer;
		let second: TestServer;

		beforeAll(async () => {
			database = await createTestDatabase('postgres');
			bucket = await TestBucket.start();
			otherDataDir = await mkdtemp(path.join(tmpdir(), 'lapak-test-'));
			[first, second] = await Promise.all([
				TestServer.start(database, bucket.env),
				TestServer.start(database, { ...bucket.env, DATA_DIR: otherDataDir })
			]);
		});

		afterAll(async () => {
			await Promise.all([first?.stop(), second?.stop()]);
			await bucket?.stop();
			await database?.drop();
			if (otherDataDir) await rm(otherDataDir, { recursive: true, force: true });
		});

		it('serves through process B a photo and a KTP uploaded through process A', async () => {
			const sari = await registerSeller(first.url);
			const bytes = jpegLike(150 * 1024);
			const hash = sha256(bytes);
			// B has never heard of it
			expect((await fetch(`${second.url}/api/photos/${hash}`)).status).toBe(404);
			expect((await sari.api.putPhoto(hash, bytes, 'image/jpeg')).status).toBe(201);

			const served = await fetch(`${second.url}/api/photos/${hash}`);
			expect(served.status).toBe(200);
			expect(served.headers.get('content-type')).toBe('image/jpeg');
			expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
			// the same upload through B finds it stored: one row, one object
			const viaSecond = new ApiClient(second.url);
			viaSecond.cookie = sari.api.cookie;
			expect((await viaSecond.putPhoto(hash, bytes, 'image/jpeg')).status).toBe(200);
			expect(await bucket.keys('photos')).toEqual([`${hash.slice(0, 2)}/${hash}`]);
			const rows = await withDatabase(database, (db) =>
				db.selectFrom('photos').select('uploaded_by').where('sha256', '=', hash).execute()
			);
			expect(rows).toEqual([{ uploaded_by: sari.account.user.id }]);

			// a KTP: private, still checked by B for who asks
			const ktp = documentPhoto();
			expect((await uploadDocument(sari.api, sari.spaceId, ktp)).status).toBe(201);
			const url = `/api/documents/${ktp.hash}?space=${sari.spaceId}`;
			const document = await fetch(second.url + url, { headers: { cookie: `session=${sari.api.cookie}` } });
			expect(document.status).toBe(200);
			expect(Buffer.from(await document.arrayBuffer()).equals(ktp.bytes)).toBe(true);
			const budi = await registerSeller(second.url);
			expect((await budi.api.get(url)).status).toBe(403);

			// nothing went to either machine's disk
			for (const dataDir of [database.dataDir, otherDataDir]) {
				expect(await fileKeys(dataDir, 'photos')).toEqual([]);
				expect(await fileKeys(dataDir, 'documents')).toEqual([]);
			}
		});
	});
}

describe('a server told to keep photos in a bucket it cannot use', () => {
	let database: TestDatabase;
	let bucket: TestBucket;

	beforeAll(async () => {
		database = await createTestDatabase('sqlite');
		bucket = await TestBucket.start();
	});

	afterAll(async () => {
		await bucket?.stop();
		await database?.drop();
	});

	it.each([
		[
			{ S3_SECRET_ACCESS_KEY: 'wrong' },
			/Object storage s3:\/\/lapak-test at http:\/\/127\.0\.0\.1:\d+ cannot be read/
		],
		[{ S3_BUCKET: 'no-such-bucket' }, /s3:\/\/no-such-bucket .* cannot be read: NoSuchBucket/],
		[
			{ S3_BUCKET: '' },
			/S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY set without S3_BUCKET/
		]
	])('does not start with %o, and says why', async (override, message) => {
		const started = TestServer.start(database, { ...bucket.env, ...override });
		await expect(started).rejects.toThrow(message);
	});
});
