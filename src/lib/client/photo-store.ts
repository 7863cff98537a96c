import { compressPhoto } from './photos';
import { DRAFT, db, type LapakDb, type StoredDocument, type StoredPhoto } from './sync/db';

/**
 * Compresses a photo from the camera or gallery and keeps it on the phone as a draft: shown at once,
 * uploaded only once a saved record names it (sync/drafts.ts). Returns its hash, which is how products
 * refer to it. The same picture twice is stored once.
 */
export async function keepPhoto(spaceId: string, file: Blob): Promise<string> {
	const photo = await compressPhoto(file);
	await keepDraft(db, db.photos, spaceId, photo);
	return photo.sha256;
}

/** Stores a compressed picture as a draft, unless the phone holds it already (a draft picked again starts its day anew). */
export async function keepDraft(
	local: LapakDb,
	table: LapakDb['photos'] | LapakDb['documents'],
	spaceId: string,
	photo: { sha256: string; blob: Blob }
): Promise<void> {
	const createdAt = new Date().toISOString();
	await local.transaction('rw', table, async () => {
		const kept: StoredPhoto | StoredDocument | undefined = await table.get(photo.sha256);
		if (kept) {
			if (kept.uploaded === DRAFT) await table.update(photo.sha256, { createdAt });
			return;
		}
		await table.put({
			sha256: photo.sha256,
			blob: photo.blob,
			spaceId,
			uploaded: DRAFT,
			attempts: 0,
			createdAt
		});
	});
}
