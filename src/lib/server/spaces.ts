import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { slugify, type SpaceRole } from '$lib/domain/auth';
import type { Database } from './db/schema';
import { sellerChanged } from './monitoring/aggregates';

/**
 * `base`, or `base-2`, `base-3` … : the first shop slug no space has. From a space's second try on (others
 * took the same free slug at the same moment, as a hundred sign-ups of "Warung Bu Sari" at once do), a
 * short random ending instead, which they do not share.
 */
async function freeSlug(db: Kysely<Database>, base: string, attempt: number): Promise<string> {
	// Slugs are [a-z0-9-] only, so `base` holds no LIKE wildcards.
	const rows = await db
		.selectFrom('spaces')
		.select('slug')
		.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
		.execute();
	const taken = new Set(rows.map((row) => row.slug));
	if (attempt > 0) {
		for (;;) {
			const slug = `${base}-${randomBytes(3).toString('hex')}`;
			if (!taken.has(slug)) return slug;
		}
	}
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Makes a space named after the business, with a free shop slug from its name, and its first member: the
 * owner when a seller registers, the facilitator when one signs a seller up. The one way spaces are made.
 * Runs in the caller's transaction; two spaces taking the same slug at once is a unique violation the
 * caller handles. Returns the slug.
 */
export async function createSpace(
	trx: Kysely<Database>,
	space: {
		id: string;
		name: string;
		member: { userId: string; role: SpaceRole };
		now: string;
		/** 0 the first time; the caller's count of tries after a unique violation. */
		attempt?: number;
	}
): Promise<string> {
	const slug = await freeSlug(trx, slugify(space.name), space.attempt ?? 0);
	await trx
		.insertInto('spaces')
		.values({ id: space.id, name: space.name, slug, created_at: space.now })
		.execute();
	await trx
		.insertInto('memberships')
		.values({
			space_id: space.id,
			user_id: space.member.userId,
			role: space.member.role,
			created_at: space.now
		})
		.execute();
	await sellerChanged(trx, space.id);
	return slug;
}
