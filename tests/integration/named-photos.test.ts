import { Migrator, type Kysely } from 'kysely';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import { migrationProvider } from '../../src/lib/server/db/migrations';
import { ApiClient, registerSeller } from '../helpers/client';
import { openDatabase, withDatabase } from '../helpers/database';
import { imageSize, productPhoto, sha256 } from '../helpers/images';
import { backends, createTestDatabase, TestServer } from '../helpers/server';

/** Rows as release 007 had them: the code's schema moves on without this test. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe.each(backends)('migration 008-named-photos on $name', ({ name }) => {
	it('keeps public every photo a product or a shop front names, active or not, and no other', async () => {
		const database = await createTestDatabase(name);
		let server: TestServer | null = null;
		try {
			// A database and a photo folder as release 007 left them: photos stored without variants.
			const photos = await Promise.all([11, 12, 13, 14, 15].map((seed) => productPhoto(seed)));
			const [active, hidden, deleted, front, abandoned] = photos.map(sha256);
			for (const bytes of photos) {
				const hash = sha256(bytes);
				const folder = path.join(database.dataDir, 'photos', hash.slice(0, 2));
				await mkdir(folder, { recursive: true });
				await writeFile(path.join(folder, hash), bytes);
			}
			const spaceId = crypto.randomUUID();
			const userId = crypto.randomUUID();
			const now = '2025-01-02T03:04:05.000Z';
			const db = openDatabase(database) as unknown as Kysely<AnyDatabase>;
			try {
				const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('007-lenders');
				expect(error).toBeUndefined();
				await db
					.insertInto('users')
					.values({
						id: userId,
						name: 'Sari',
						phone: '+6281200000001',
						pin_hash: 'x',
						role: 'seller',
						created_at: now
					})
					.execute();
				await db
					.insertInto('spaces')
					.values({ id: spaceId, name: 'Warung Lama', slug: 'warung-lama', version: 5, created_at: now })
					.execute();
				await db
					.insertInto('memberships')
					.values({ space_id: spaceId, user_id: userId, role: 'owner', created_at: now })
					.execute();
				const product = (photoList: string[], extra: Record<string, unknown>) => ({
					id: uuidv7(),
					space_id: spaceId,
					name: 'Kopi',
					price: 2500,
					unit: 'pcs',
					stock: 3,
					photos: JSON.stringify(photoList),
					active: 1,
					deleted: 0,
					version: 1,
					created_at: now,
					updated_at: now,
					...extra
				});
				await db
					.insertInto('products')
					.values([
						product([active], {}),
						product([hidden, active], { active: 0 }),
						product([deleted], { deleted: 1 }),
						product([], {})
					])
					.execute();
				await db
					.insertInto('sellers')
					.values({
						id: spaceId,
						space_id: spaceId,
						owner_name: 'Sari',
						phone: '+6281200000001',
						business_name: 'Warung Lama',
						slug: 'warung-lama',
						onboarded_by: '{"id":"u1","name":"Budi"}',
						activation_status: 'activated',
						storefront_photo: front,
						version: 2,
						created_at: now,
						updated_at: now
					})
					.execute();
				await db
					.insertInto('photos')
					.values(
						photos.map((bytes) => ({
							sha256: sha256(bytes),
							content_type: 'image/jpeg',
							size: bytes.length,
							uploaded_by: userId,
							created_at: now
						}))
					)
					.execute();
			} finally {
				await db.destroy();
			}

			server = await TestServer.start(database);
			const buyer = new ApiClient(server.url);
			for (const hash of [active, hidden, deleted, front]) {
				const original = await buyer.get(`/api/photos/${hash}`);
				expect(original.status).toBe(200);
				expect(original.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
				// its variant, made now from the original kept as it was
				const small = await fetch(`${server.url}/api/photos/${hash}?w=320`);
				expect(small.status).toBe(200);
				expect(await imageSize(Buffer.from(await small.arrayBuffer()))).toMatchObject({ width: 320 });
			}
			// the photo picked and then abandoned: no record names it, only the shop's own people see it
			expect((await buyer.get(`/api/photos/${abandoned}`)).status).toBe(404);
			expect((await buyer.get(`/api/photos/${abandoned}?w=320`)).status).toBe(404);
			const stranger = await registerSeller(server.url, 'Tono', 'Warung Tono');
			expect((await stranger.api.get(`/api/photos/${abandoned}`)).status).toBe(404);
			const named = await withDatabase(database, (db) =>
				db.selectFrom('named_photos').select('sha256').orderBy('sha256').execute()
			);
			expect(named.map((row) => row.sha256)).toEqual([active, hidden, deleted, front].sort());
		} finally {
			await server?.stop();
			await database.drop();
		}
	});
});
