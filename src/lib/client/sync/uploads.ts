import { ApiError, NetworkError, type Fetch } from '../api';
import type { LapakDb, StoredDocument, StoredPhoto } from './db';

/** Photos or documents going up now: `done` of `total` have been answered for. */
export interface UploadProgress {
	kind: 'photo' | 'document';
	done: number;
	total: number;
}

/**
 * Photos and documents sent at once. On a 750 Kbps / 100 ms link one at a time leaves the link idle
 * for a round trip between photos; three keep it busy without a slow upload starving the others for
 * long. `npm run bench -- day` (20 photos, 50 sales): 13.7 s one at a time, 11.6 s three at a time.
 */
const UPLOADS_AT_ONCE = 3;

type BlobTable = LapakDb['photos'] | LapakDb['documents'];

/**
 * Uploads the waiting rows of a table (`uploaded` 0: drafts never go), oldest first, a few at a time,
 * telling `onProgress` how far it is (and null at the end). The first failure stops new uploads from
 * starting (those under way finish) and is thrown: no connection, no session, a server error. A photo
 * the server refuses for good (not an image, too big) is marked so it is not sent again. A full storage
 * on the server stops the uploads too, with the rows still waiting: answers 'storage_full'.
 */
export async function uploadWaiting<T extends StoredPhoto | StoredDocument>(
	kind: UploadProgress['kind'],
	table: BlobTable,
	urlOf: (row: T) => string,
	ready: (row: T) => boolean,
	{ fetch, onProgress }: { fetch: Fetch; onProgress: (progress: UploadProgress | null) => void }
): Promise<'done' | 'storage_full'> {
	const waiting = ((await table.where('uploaded').equals(0).sortBy('createdAt')) as T[]).filter(ready);
	if (waiting.length === 0) return 'done';
	const progress: UploadProgress = { kind, done: 0, total: waiting.length };
	let next = 0;
	let stopped = false;
	let storageFull = false;
	let failure: unknown;
	const worker = async () => {
		while (!stopped && next < waiting.length) {
			const row = waiting[next++];
			try {
				if ((await uploadOne(fetch, table, row, urlOf(row))) === 'storage_full') {
					// The shop's storage on the server is full: the ones behind would meet the same answer.
					storageFull = stopped = true;
					return;
				}
			} catch (error) {
				failure ??= error;
				stopped = true;
				return;
			}
			progress.done++;
			onProgress({ ...progress });
		}
	};
	onProgress({ ...progress });
	try {
		await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, waiting.length) }, worker));
	} finally {
		onProgress(null);
	}
	if (failure !== undefined) throw failure;
	return storageFull ? 'storage_full' : 'done';
}

/** One PUT: marks the row sent, or refused for good, or counts a failed attempt and throws. */
async function uploadOne(
	fetch: Fetch,
	table: BlobTable,
	row: StoredPhoto | StoredDocument,
	url: string
): Promise<'sent' | 'refused' | 'storage_full'> {
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'PUT',
			headers: { 'content-type': row.blob.type },
			body: row.blob,
			credentials: 'same-origin'
		});
	} catch (cause) {
		throw new NetworkError(String(cause));
	}
	if (response.status === 401) throw new ApiError(401, 'unauthorized', '', undefined);
	if (response.ok) {
		await table.update(row.sha256, { uploaded: 1 });
		return 'sent';
	}
	if (response.status === 413 && (await errorCode(response)) === 'storage_full') return 'storage_full';
	if (response.status >= 400 && response.status < 500) {
		await table.update(row.sha256, { uploaded: 2, attempts: row.attempts + 1 });
		return 'refused';
	}
	await table.update(row.sha256, { attempts: row.attempts + 1 });
	throw new ApiError(response.status, `http_${response.status}`, '', undefined);
}

/** The `error.code` of a JSON error answer, or null. */
async function errorCode(response: Response): Promise<string | null> {
	try {
		const body = (await response.json()) as { error?: { code?: unknown } };
		return typeof body.error?.code === 'string' ? body.error.code : null;
	} catch {
		return null;
	}
}
