import { ApiFailure, endpoint, PHOTO_BODY_LIMIT, readBodyBytes, requireUser } from '$lib/server/api';
import { getDb } from '$lib/server/db';
import { photoAccess } from '$lib/server/photo-access';
import { photoWidth, readVariant } from '$lib/server/photo-variants';
import { declaredPhotoType, hasPhoto, isPhotoHash, readPhoto, storePhoto } from '$lib/server/photos';
import type { RequestHandler } from './$types';

function photoName(name: string): string {
	if (!isPhotoHash(name)) throw new ApiFailure(400, 'photo_invalid');
	return name;
}

/**
 * Uploads a photo under its own SHA-256 (DESIGN.md §3): 201 when new, 200 when it was stored already. The
 * hook has refused a declared length over the photo limit before anything was read.
 */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const hash = photoName(event.params.sha256);
	const declaredType = declaredPhotoType(event.request.headers.get('content-type'));
	if (!declaredType) throw new ApiFailure(400, 'photo_type');
	const bytes = await readBodyBytes(event.request, PHOTO_BODY_LIMIT);
	const outcome = await storePhoto(getDb(), { hash, declaredType, bytes, userId: user.id });
	return new Response(null, {
		status: outcome === 'created' ? 201 : 200,
		headers: { location: `/api/photos/${hash}` }
	});
});

/**
 * Serves a photo, or with `?w=320` / `?w=640` its small WebP variant (made on first request for a photo
 * uploaded before variants existed). Once a synced record names it, to anyone (product photos are on the
 * public shop page); before that only to the members of its uploader's spaces, and 404 to anyone else, as
 * for a photo nobody uploaded (photo-access.ts). Its name is its content, so it never changes and may be
 * cached for ever. Identity documents never go through here.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const hash = photoName(event.params.sha256);
	const width = photoWidth(event.url.searchParams.get('w'));
	const access = await photoAccess(getDb(), hash, event.locals.user?.id);
	if (!access) throw new ApiFailure(404, 'not_found');
	const etag = width ? `"${hash}-w${width}"` : `"${hash}"`;
	const headers = {
		// A photo not yet public is its space's: no shared cache may keep it.
		'cache-control': `${access}, max-age=31536000, immutable`,
		etag,
		'x-content-type-options': 'nosniff'
	};
	const ifNoneMatch = event.request.headers.get('if-none-match');
	if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => [etag, `W/${etag}`, '*'].includes(tag.trim()))) {
		// the asker has these very bytes: whether they are still stored is all there is to ask the blob store
		// (a variant can always be made again from its original)
		if (!(await hasPhoto(hash))) throw new ApiFailure(404, 'not_found');
		return new Response(null, { status: 304, headers });
	}
	const photo = width ? await readVariant(hash, width) : await readPhoto(hash);
	if (!photo) throw new ApiFailure(404, 'not_found');
	return new Response(new Uint8Array(photo.bytes), {
		headers: { ...headers, 'content-type': photo.type, 'content-length': String(photo.bytes.byteLength) }
	});
});
