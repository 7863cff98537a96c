import { describe, expect, it } from 'vitest';
import { registerSeller } from '../helpers/client';
import { documentPhoto, uploadDocument } from '../helpers/financing';
import { realJpegOfSize, sha256 } from '../helpers/images';
import { backends, useTestServer } from '../helpers/server';

const FULL = {
	code: 'storage_full',
	message:
		'Tempat simpan foto toko ini di server sudah penuh. Hapus foto yang tidak dipakai atau hubungi admin Lapak.'
};

describe.each(backends)('storage quota on $name', ({ name }) => {
	// 0.02 MB: room for two photos of 8 KB, not three.
	const context = useTestServer(name, { STORAGE_QUOTA_MB: '0.02' });

	it('answers a photo past the quota 413 storage_full, in Indonesian, and stores nothing of it', async () => {
		const sari = await registerSeller(context.server.url);
		const photos = [1, 2, 3].map((n) => {
			const bytes = realJpegOfSize(8_000 + n);
			return { bytes, hash: sha256(bytes) };
		});
		expect((await sari.api.putPhoto(photos[0].hash, photos[0].bytes, 'image/jpeg')).status).toBe(201);
		expect((await sari.api.putPhoto(photos[1].hash, photos[1].bytes, 'image/jpeg')).status).toBe(201);
		const third = await sari.api.putPhoto(photos[2].hash, photos[2].bytes, 'image/jpeg');
		expect(third.status).toBe(413);
		expect(third.body.error).toEqual(FULL);
		expect((await fetch(`${context.server.url}/api/photos/${photos[2].hash}`)).status).toBe(404);
		// A photo already stored costs nothing again, and another seller has a quota of their own.
		expect((await sari.api.putPhoto(photos[0].hash, photos[0].bytes, 'image/jpeg')).status).toBe(200);
		const tono = await registerSeller(context.server.url, 'Tono', 'Warung Tono');
		expect((await tono.api.putPhoto(photos[2].hash, photos[2].bytes, 'image/jpeg')).status).toBe(201);
	});

	it('counts the documents of one shop against its quota', async () => {
		const sari = await registerSeller(context.server.url);
		const answers = [];
		for (const size of [8_001, 8_002, 8_003]) {
			answers.push(await uploadDocument(sari.api, sari.spaceId, documentPhoto(size)));
		}
		expect(answers.map((answer) => answer.status)).toEqual([201, 201, 413]);
		expect(answers[2].body.error).toEqual(FULL);
	});
});
