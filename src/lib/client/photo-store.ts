import { compressPhoto } from './photos';
import { db } from './sync/db';

/**
 * Compresses a photo from the camera or gallery and keeps it on the phone, waiting for upload.
 * Returns its hash, which is how products refer to it. The same picture twice is stored once.
 */
export async function keepPhoto(spaceId: string, file: Blob): Promise<string> {
	const photo = await compressPhoto(file);
	await db.transaction('rw', db.photos, async () => {
		if (await db.photos.get(photo.sha256)) return;
		await db.photos.put({
			sha256: photo.sha256,
			blob: photo.blob,
			spaceId,
			uploaded: 0,
			attempts: 0,
			createdAt: new Date().toISOString()
		});
	});
	return photo.sha256;
}
