import type { Kysely } from 'kysely';
import { ApiFailure } from './api';
import type { Database } from './db/schema';

/**
 * How much photo and document storage one shop may use on the server, in megabytes (STORAGE_QUOTA_MB,
 * 500 by default: some 5,000 product photos). Over it an upload is answered 413 `storage_full`; the phone
 * keeps the photo and says so.
 */
export function storageQuotaBytes(): number {
	const configured = Number(process.env.STORAGE_QUOTA_MB);
	const megabytes = Number.isFinite(configured) && configured > 0 ? configured : 500;
	return Math.floor(megabytes * 1024 * 1024);
}

/**
 * Refuses an upload of `size` bytes that would take its owner past the quota: the documents of one space,
 * or the product photos one account uploaded (photos are named by their content and shared by every shop
 * that uses the same picture, so they are counted to the one who brought them). Two uploads at the same
 * moment may both fit and pass it a little together: a quota, not an attempt limit.
 */
export async function ensureRoomFor(
	db: Kysely<Database>,
	owner: { documentsOf: string } | { photosOf: string },
	size: number
): Promise<void> {
	const used =
		'documentsOf' in owner
			? await db
					.selectFrom('documents')
					.select((eb) => eb.fn.sum<number>('size').as('used'))
					.where('space_id', '=', owner.documentsOf)
					.executeTakeFirst()
			: await db
					.selectFrom('photos')
					.select((eb) => eb.fn.sum<number>('size').as('used'))
					.where('uploaded_by', '=', owner.photosOf)
					.executeTakeFirst();
	if (Number(used?.used ?? 0) + size > storageQuotaBytes()) throw new ApiFailure(413, 'storage_full');
}
