import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema';

/**
 * Records that a synced record names these photos (a product's `photos`, a shop's front photo), in the
 * transaction that writes it: from then on anyone may be served them (the shop page shows them to buyers).
 * The photo need not be uploaded yet: the phone pushes the product before its photo.
 */
export async function namePhotos(
	trx: Transaction<Database>,
	hashes: readonly string[],
	now: string
): Promise<void> {
	if (hashes.length === 0) return;
	await trx
		.insertInto('named_photos')
		.values([...new Set(hashes)].map((sha256) => ({ sha256, named_at: now })))
		.onConflict((oc) => oc.column('sha256').doNothing())
		.execute();
}

/**
 * Who may be served a stored photo: `public` once a synced record names it; `private` before that, to the
 * uploader and the members of any space the uploader is a member of (a photo picked and abandoned, or not yet
 * named, is nobody else's business); null for anyone else, and for a photo nobody uploaded, so a stranger
 * cannot tell the two apart. The session decides, never anything the asker claims.
 */
export async function photoAccess(
	db: Kysely<Database>,
	hash: string,
	userId: string | null | undefined
): Promise<'public' | 'private' | null> {
	const named = await db
		.selectFrom('named_photos')
		.select('sha256')
		.where('sha256', '=', hash)
		.executeTakeFirst();
	if (named) return 'public';
	if (!userId) return null;
	const photo = await db
		.selectFrom('photos')
		.select('uploaded_by')
		.where('sha256', '=', hash)
		.executeTakeFirst();
	if (!photo?.uploaded_by) return null;
	if (photo.uploaded_by === userId) return 'private';
	const shared = await db
		.selectFrom('memberships as uploader')
		.innerJoin('memberships as asker', 'asker.space_id', 'uploader.space_id')
		.select('asker.space_id')
		.where('uploader.user_id', '=', photo.uploaded_by)
		.where('asker.user_id', '=', userId)
		.limit(1)
		.executeTakeFirst();
	return shared ? 'private' : null;
}
