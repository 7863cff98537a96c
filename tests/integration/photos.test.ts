import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeys, TestBucket } from '../helpers/blobs';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { documentPhoto, uploadDocument } from '../helpers/financing';
import {
	cameraJpeg,
	imageSize,
	jpegLike,
	pngLike,
	productPhoto,
	realJpegOfSize,
	sha256,
	tinyPng,
	tinyWebp,
	webpLike
} from '../helpers/images';
import {
	backends,
	createTestDatabase,
	storageBackends,
	TestServer,
	useTestServer,
	type TestDatabase
} from '../helpers/server';

const MB = 1024 * 1024;

/** The keys under `photos/` of a photo and its two variants. */
function photoAndVariants(hash: string): string[] {
	const tail = `${hash.slice(0, 2)}/${hash}`;
	return [tail, `w320/${tail}`, `w640/${tail}`];
}

/** Names photos in a product of the seller's space, as the phone's push does: from then on they are public. */
async function nameInProduct(seller: Seller, photos: string[]): Promise<void> {
	const device = new Device(seller.api);
	const answer = await device.push([device.mutation('product.put', seller.spaceId, productArgs({ photos }))]);
	expect(answer.body.results[0]).toMatchObject({ status: 'applied' });
}

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

		expect(await storedFiles()).toEqual([...before, ...photoAndVariants(hash)].sort());
		// in the bucket when there is one, and then nothing of it on this machine's disk
		if (blobs === 's3') expect(await fileKeys(context.database.dataDir, 'photos')).toEqual([]);
		const rows = await photoRows(hash);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			content_type: 'image/jpeg',
			size: cameraJpeg.length,
			uploaded_by: sari.account.user.id
		});

		// nobody's record names it yet: the uploader is served it, nobody else
		expect((await fetchPhoto(hash)).response.status).toBe(404);
		const own = await sari.api.get(`/api/photos/${hash}`);
		expect(own.status).toBe(200);
		expect(own.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		await nameInProduct(sari, [hash]);

		// public once a product names it: the shop page shows it to buyers with no account
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
			await nameInProduct(sari, [hash]);
			const served = await fetchPhoto(hash);
			expect(served.response.headers.get('content-type')).toBe(type);
			expect(served.bytes.equals(bytes)).toBe(true);
		}
	});

	it('accepts a photo once when the same upload arrives several times at once', async () => {
		const bytes = realJpegOfSize(300 * 1024);
		const hash = sha256(bytes);
		const answers = await Promise.all(
			Array.from({ length: 4 }, () => sari.api.putPhoto(hash, bytes, 'image/jpeg'))
		);
		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
		expect(await photoRows(hash)).toHaveLength(1);
		const files = await storedFiles();
		expect(files.filter((file) => file.includes(hash))).toEqual(photoAndVariants(hash));
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

	it('refuses a file that is not a JPEG, PNG or WebP, or not the type it claims, or does not decode (400 photo_type)', async () => {
		const before = await storedFiles();
		const cases: [Buffer, string][] = [
			// they start as their type says, and are no image: the server decodes what it stores
			[jpegLike(2_000), 'image/jpeg'],
			[pngLike(2_000), 'image/png'],
			[webpLike(2_000), 'image/webp'],
			[cameraJpeg.subarray(0, cameraJpeg.length / 2), 'image/jpeg'],
			// 30 megapixels in a few KB: more than the server decodes for a photo (24 MP)
			[
				await sharp({ create: { width: 6000, height: 5000, channels: 3, background: '#f5deb3' } })
					.png()
					.toBuffer(),
				'image/png'
			],
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
		const limit = realJpegOfSize(2 * MB);
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

	it('serves a 320 and a 640 px WebP of a photo, each with its own ETag, and refuses any other width', async () => {
		const original = await productPhoto(1);
		const hash = sha256(original);
		expect((await sari.api.putPhoto(hash, original, 'image/jpeg')).status).toBe(201);
		await nameInProduct(sari, [hash]);
		const etags = new Set<string | null>();
		for (const width of [320, 640]) {
			const { response, bytes } = await fetchPhoto(`${hash}?w=${width}`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('image/webp');
			expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
			expect(await imageSize(bytes)).toEqual({ width, height: (width * 3) / 4, format: 'webp' });
			expect(bytes.length).toBeLessThan(original.length / 3);
			const etag = response.headers.get('etag');
			expect(etag).toBe(`"${hash}-w${width}"`);
			etags.add(etag);
			const again = await fetchPhoto(`${hash}?w=${width}`, { 'if-none-match': etag! });
			expect(again.response.status).toBe(304);
			// the original's ETag does not stand for a variant
			expect((await fetchPhoto(`${hash}?w=${width}`, { 'if-none-match': `"${hash}"` })).response.status).toBe(
				200
			);
		}
		expect(etags.size).toBe(2);
		// without w: the original, byte for byte
		expect((await fetchPhoto(hash)).bytes.equals(original)).toBe(true);
		for (const width of ['100', '0', '320px', '', '1280']) {
			const { response, bytes } = await fetchPhoto(`${hash}?w=${width}`);
			expect(response.status, width).toBe(400);
			expect(JSON.parse(bytes.toString()).error.code).toBe('photo_width');
		}
	});

	it('never enlarges a photo smaller than the variant, and turns a sideways camera photo upright', async () => {
		const small = tinyPng;
		const smallHash = sha256(small);
		// (stored by an earlier test already)
		expect([200, 201]).toContain((await sari.api.putPhoto(smallHash, small, 'image/png')).status);
		// a 1280 × 960 photo whose EXIF says "turn 90°": its variant is 240 × 320, upright, without the EXIF
		const sideways = await sharp(await productPhoto(2))
			.withMetadata({ orientation: 6 })
			.jpeg()
			.toBuffer();
		const sidewaysHash = sha256(sideways);
		expect((await sari.api.putPhoto(sidewaysHash, sideways, 'image/jpeg')).status).toBe(201);
		await nameInProduct(sari, [smallHash, sidewaysHash]);

		const tiny = await fetchPhoto(`${smallHash}?w=320`);
		expect(tiny.response.status).toBe(200);
		expect(await imageSize(tiny.bytes)).toMatchObject({ width: 1, height: 1 });
		expect(tiny.bytes.length).toBeLessThanOrEqual(small.length);
		const upright = await fetchPhoto(`${sidewaysHash}?w=320`);
		expect(await imageSize(upright.bytes)).toEqual({ width: 240, height: 320, format: 'webp' });
		expect((await sharp(upright.bytes).metadata()).orientation).toBeUndefined();
	});

	it('makes the variant of an old photo stored without any on its first request, and keeps it', async () => {
		const original = await productPhoto(4, 'webp');
		const hash = sha256(original);
		expect((await sari.api.putPhoto(hash, original, 'image/webp')).status).toBe(201);
		await nameInProduct(sari, [hash]);
		// as a photo uploaded before the server made variants: the original alone
		const [tail, w320, w640] = photoAndVariants(hash);
		await context.blobs.remove(`photos/${w320}`);
		await context.blobs.remove(`photos/${w640}`);
		expect((await storedFiles()).filter((file) => file.includes(hash))).toEqual([tail]);

		const { response, bytes } = await fetchPhoto(`${hash}?w=320`);
		expect(response.status).toBe(200);
		expect(await imageSize(bytes)).toEqual({ width: 320, height: 240, format: 'webp' });
		expect((await storedFiles()).filter((file) => file.includes(hash))).toEqual([tail, w320]);
		expect((await fetchPhoto(`${hash}?w=320`)).bytes.equals(bytes)).toBe(true);
		// with a validator of the variant, before anything is made of it
		expect((await fetchPhoto(`${hash}?w=640`, { 'if-none-match': `"${hash}-w640"` })).response.status).toBe(
			304
		);
	});

	it("serves a photo no record names only to the members of its uploader's spaces, then to anyone once a product names it", async () => {
		const bytes = await productPhoto(5);
		const hash = sha256(bytes);
		expect((await sari.api.putPhoto(hash, bytes, 'image/jpeg')).status).toBe(201);
		// Budi helps in Sari's shop; Tono has a shop of his own; a buyer has no account
		const budi = await registerSeller(context.server.url, 'Budi', 'Warung Budi');
		const tono = await registerSeller(context.server.url, 'Tono', 'Warung Tono');
		await withDatabase(context.database, (db) =>
			db
				.insertInto('memberships')
				.values({
					space_id: sari.spaceId,
					user_id: budi.account.user.id,
					role: 'facilitator',
					created_at: new Date().toISOString()
				})
				.execute()
		);
		const asks = async (who: Seller | null, query = '') => {
			const path = `/api/photos/${hash}${query}`;
			const answer = who ? await who.api.get(path) : await new ApiClient(context.server.url).get(path);
			return answer.status;
		};
		for (const query of ['', '?w=320', '?w=640']) {
			expect(await asks(sari, query), `Sari ${query}`).toBe(200);
			expect(await asks(budi, query), `Budi ${query}`).toBe(200);
			expect(await asks(tono, query), `Tono ${query}`).toBe(404);
			expect(await asks(null, query), `a buyer ${query}`).toBe(404);
		}
		// a validator proves nothing: a stranger who claims to have the photo is not told it exists
		const claimed = await fetchPhoto(hash, { 'if-none-match': `"${hash}"` });
		expect(claimed.response.status).toBe(404);
		// a record of another space that names it makes it public too: the hash was all it took to name it
		await nameInProduct(budi, [hash]);
		for (const query of ['', '?w=320', '?w=640']) {
			expect(await asks(tono, query), `Tono ${query}`).toBe(200);
			const { response } = await fetchPhoto(`${hash}${query}`);
			expect(response.status, `a buyer ${query}`).toBe(200);
			expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		}
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
			const bytes = realJpegOfSize(150 * 1024);
			const hash = sha256(bytes);
			// B has never heard of it
			expect((await fetch(`${second.url}/api/photos/${hash}`)).status).toBe(404);
			expect((await sari.api.putPhoto(hash, bytes, 'image/jpeg')).status).toBe(201);
			await nameInProduct(sari, [hash]);

			const served = await fetch(`${second.url}/api/photos/${hash}`);
			expect(served.status).toBe(200);
			expect(served.headers.get('content-type')).toBe('image/jpeg');
			expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
			// the same upload through B finds it stored: one row, one object
			const viaSecond = new ApiClient(second.url);
			viaSecond.cookie = sari.api.cookie;
			expect((await viaSecond.putPhoto(hash, bytes, 'image/jpeg')).status).toBe(200);
			expect(await bucket.keys('photos')).toEqual(photoAndVariants(hash));
			expect((await fetch(`${second.url}/api/photos/${hash}?w=320`)).status).toBe(200);
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
