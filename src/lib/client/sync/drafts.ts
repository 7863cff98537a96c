import { DRAFT, type LapakDb } from './db';

/**
 * Photos and documents picked in a form are kept on the phone as drafts at once (so the form shows them),
 * and uploaded only once a saved record names them: a photo picked and then abandoned — "Kembali", or
 * the app killed mid-form — never leaves the phone, and is forgotten after a day.
 */

/** How long a draft nobody saved is kept (a form left open overnight still has its photo). */
export const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Every photo or document name (a SHA-256 in hex) in a mutation's arguments, however deep: a product's
 * `photos`, a seller's `storefrontPhoto`, a financing form's `ktpPhoto`, and whatever record names a
 * picture next, with no list here to keep up to date. Ids are UUIDs, never 64 hex digits.
 */
export function namedFiles(args: unknown, found = new Set<string>()): Set<string> {
	if (typeof args === 'string') {
		if (SHA256.test(args)) found.add(args);
	} else if (Array.isArray(args)) {
		for (const item of args) namedFiles(item, found);
	} else if (args && typeof args === 'object') {
		for (const value of Object.values(args)) namedFiles(value, found);
	}
	return found;
}

/**
 * Queues for upload the drafts a change names. Runs inside the transaction of `mutate`, which writes the
 * record and its outbox entry: a kill can neither queue a photo no record names nor lose one a record does.
 */
export async function queueNamedDrafts(local: LapakDb, args: unknown): Promise<void> {
	for (const sha256 of namedFiles(args)) {
		for (const table of [local.photos, local.documents]) {
			const row = await table.get(sha256);
			if (row?.uploaded === DRAFT) await table.update(sha256, { uploaded: 0 });
		}
	}
}

/** Forgets the drafts picked more than a day ago that no saved record named (run at start). */
export async function forgetOldDrafts(local: LapakDb, now = new Date()): Promise<number> {
	const before = new Date(now.getTime() - DRAFT_LIFETIME_MS).toISOString();
	return local.transaction('rw', [local.photos, local.documents], async () => {
		let forgotten = 0;
		for (const table of [local.photos, local.documents]) {
			forgotten += await table
				.where('uploaded')
				.equals(DRAFT)
				.filter((row) => row.createdAt < before)
				.delete();
		}
		return forgotten;
	});
}
