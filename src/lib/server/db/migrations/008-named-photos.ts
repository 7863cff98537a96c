import type { Kysely } from 'kysely';

// The rows of this release, typed where they are read: the code's schema moves on without this file.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Kysely<any>;

/** Products read, and names written, at a time: a big catalog is never held in memory at once. */
const BATCH = 500;
const HASH = /^[0-9a-f]{64}$/;

/**
 * Photos a synced record names (`named_photos`): a photo is served to anyone only once a product (active or
 * not, deleted or not) or a shop's front photo names it, before that only to the members of its uploader's
 * spaces. Every photo that a product or a seller profile names today is named now, so every photo a shop
 * page shows today stays public; a photo no record names (picked, then abandoned) stops being public. The
 * blobs are untouched: the small variants of old photos are made on their first request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await namedPhotos(db);
	else await db.transaction().execute(namedPhotos);
}

async function namedPhotos(untyped: Kysely<unknown>): Promise<void> {
	const db = untyped as Any;
	await db.schema
		.createTable('named_photos')
		.addColumn('sha256', 'text', (col) => col.primaryKey())
		.addColumn('named_at', 'text', (col) => col.notNull())
		.execute();

	const now = new Date().toISOString();
	const name = async (hashes: Iterable<string>) => {
		const rows = [...new Set(hashes)].filter((hash) => HASH.test(hash));
		for (let at = 0; at < rows.length; at += BATCH) {
			await db
				.insertInto('named_photos')
				.values(rows.slice(at, at + BATCH).map((sha256) => ({ sha256, named_at: now })))
				.onConflict((oc) => oc.column('sha256').doNothing())
				.execute();
		}
	};

	let after = '';
	for (;;) {
		const products: { id: string; photos: string }[] = await db
			.selectFrom('products')
			.select(['id', 'photos'])
			.where('id', '>', after)
			.where('photos', '!=', '[]')
			.orderBy('id')
			.limit(BATCH)
			.execute();
		if (products.length === 0) break;
		await name(products.flatMap((product) => hashesIn(product.photos)));
		after = products[products.length - 1].id;
	}

	const sellers: { storefront_photo: string }[] = await db
		.selectFrom('sellers')
		.select('storefront_photo')
		.where('storefront_photo', 'is not', null)
		.execute();
	await name(sellers.map((seller) => seller.storefront_photo));
}

function hashesIn(text: string): string[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter((hash): hash is string => typeof hash === 'string') : [];
	} catch {
		return [];
	}
}

/** Back to 007: every stored photo is public again, as it was. */
export async function down(untyped: Kysely<unknown>): Promise<void> {
	await (untyped as Any).schema.dropTable('named_photos').execute();
}
