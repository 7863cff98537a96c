import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { newSeller, patchSeller, type SellerMember } from '$lib/domain/seller';
import { issueActivation } from '../../activation';
import { namePhotos } from '../../photo-access';
import { isUniqueViolation } from '../../db';
import type { SellersTable } from '../../db/schema';
import { UNSET_PIN } from '../../password';
import { createSpace } from '../../spaces';
import { memberRole } from '../access';
import { sellerFromRow, sellerProfileToRow } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, userActor, type Handlers, type MutationContext, type Trx } from '../write';

/** The activation columns of a seller row (the code's hash, never the code). */
type ActivationColumns = Pick<
	SellersTable,
	| 'account_id'
	| 'activation_status'
	| 'activation_code_hash'
	| 'activation_issued_at'
	| 'activation_expires_at'
>;

/**
 * The seller's account-to-be for their phone: made now, with the phone reserved and no PIN (nobody can log
 * in to it until activation), and a new activation code. When the phone already has an account, none is
 * made and no code issued: `phone_taken` (the facilitator changes the number, or the seller keeps their own
 * account). `previousIssuedAt` is the code this one replaces.
 */
async function reserveAccount(
	trx: Trx,
	ctx: Pick<MutationContext, 'now' | 'secret'>,
	seller: { id: string; ownerName: string; phone: string },
	previousIssuedAt: string | null
): Promise<ActivationColumns> {
	// `on conflict do nothing`: a phone taken at this very moment by a registration is taken, not an error
	// that would reject the mutation (and the products pushed behind it).
	const made = await trx
		.insertInto('users')
		.values({
			id: randomUUID(),
			name: seller.ownerName,
			phone: seller.phone,
			pin_hash: UNSET_PIN,
			role: 'seller',
			created_at: ctx.now
		})
		.onConflict((oc) => oc.column('phone').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!made) {
		return {
			account_id: null,
			activation_status: 'phone_taken',
			activation_code_hash: null,
			activation_issued_at: null,
			activation_expires_at: null
		};
	}
	return { account_id: made.id, ...issueActivation(ctx.secret, seller.id, ctx.now, previousIssuedAt) };
}

/** The people of a space as its seller profile lists them, first member first. */
export async function spaceMembers(trx: Trx, space: string): Promise<SellerMember[]> {
	const rows = await trx
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['users.id', 'users.name', 'memberships.role'])
		.where('memberships.space_id', '=', space)
		.orderBy('memberships.created_at')
		.orderBy('users.id')
		.execute();
	return rows.map((row) => ({ id: row.id, name: row.name, role: row.role }));
}

/** The seller profile of this space (a space its owner registered has none). */
async function loadSellerRow(trx: Trx, space: string) {
	const row = await trx.selectFrom('sellers').selectAll().where('id', '=', space).executeTakeFirst();
	if (!row || row.deleted) throw new MutationRejected('not_found', 'err.seller_missing');
	return row;
}

/** The number of tries a new space gets at a free shop slug when others take the same one at once. */
const SLUG_ATTEMPTS = 5;

/**
 * The new space of `seller.create` with its facilitator as the member; returns its slug. Two facilitators
 * signing up shops of the same name at once make the same slug: the unique index refuses the second, which
 * tries again behind a savepoint (PostgreSQL accepts no query after a failed one) rather than losing the
 * mutation and everything pushed behind it.
 */
async function createSellerSpace(trx: Trx, ctx: MutationContext, space: string, name: string) {
	for (let attempt = 1; ; attempt++) {
		await sql`savepoint create_space`.execute(trx);
		try {
			const slug = await createSpace(trx, {
				id: space,
				name,
				member: { userId: ctx.userId, role: 'facilitator' },
				now: ctx.now,
				attempt: attempt - 1
			});
			await sql`release savepoint create_space`.execute(trx);
			return slug;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			await sql`rollback to savepoint create_space`.execute(trx);
			const sameId = await trx.selectFrom('spaces').select('id').where('id', '=', space).executeTakeFirst();
			if (sameId || attempt >= SLUG_ATTEMPTS) throw new MutationRejected('conflict', 'err.space_exists');
		}
	}
}

/** Sellers a facilitator signs up, their profiles, codes and who may help them. */
export const sellerHandlers: Handlers<
	'seller.create' | 'seller.patch' | 'seller.renewCode' | 'seller.removeFacilitator'
> = {
	async 'seller.create'(trx, ctx, space, args) {
		const taken = await trx.selectFrom('spaces').select('id').where('id', '=', space).executeTakeFirst();
		if (taken) throw new MutationRejected('conflict', 'err.space_exists');
		const by = await userActor(trx, ctx.userId);
		const slug = await createSellerSpace(trx, ctx, space, args.businessName);
		const version = await bumpSpaceVersion(trx, space);
		const seller = newSeller(args, {
			spaceId: space,
			by: { id: ctx.userId, name: by.name },
			at: ctx.now,
			version
		});
		await trx
			.insertInto('sellers')
			.values({
				id: space,
				space_id: space,
				...sellerProfileToRow(seller),
				slug,
				onboarded_by: JSON.stringify(seller.onboardedBy),
				members: JSON.stringify(seller.members),
				...(await reserveAccount(trx, ctx, seller, null)),
				activated_at: null,
				changed_by: ctx.changedBy,
				deleted: 0,
				version,
				created_at: ctx.now,
				updated_at: ctx.now
			})
			.execute();
		// The shop's front photo is on its public page.
		if (seller.storefrontPhoto) await namePhotos(trx, [seller.storefrontPhoto], ctx.now);
		return { membersChanged: [ctx.userId] };
	},

	async 'seller.patch'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await loadSellerRow(trx, space);
		const current = sellerFromRow(row, ctx);
		const next = patchSeller(current, args);
		let activation: Partial<ActivationColumns> = {};
		if (next.phone !== current.phone) {
			// Once activated the number is the seller's login: only they may change it, not through the profile.
			if (row.activation_status === 'activated') throw new MutationRejected('invalid', 'err.phone_locked');
			// The account reserved for the old number was never used (no PIN): it goes, and the new number is
			// checked and reserved afresh, with a new code.
			if (row.account_id) {
				await trx
					.deleteFrom('users')
					.where('id', '=', row.account_id)
					.where('pin_hash', '=', UNSET_PIN)
					.execute();
			}
			activation = await reserveAccount(trx, ctx, next, row.activation_issued_at);
		} else if (
			next.ownerName !== current.ownerName &&
			row.account_id &&
			row.activation_status === 'pending'
		) {
			await trx
				.updateTable('users')
				.set({ name: next.ownerName })
				.where('id', '=', row.account_id)
				.where('pin_hash', '=', UNSET_PIN)
				.execute();
		}
		if (next.businessName !== current.businessName) {
			// The slug stays: links to the shop were shared already.
			await trx.updateTable('spaces').set({ name: next.businessName }).where('id', '=', space).execute();
		}
		await trx
			.updateTable('sellers')
			.set({
				...sellerProfileToRow(next),
				...activation,
				changed_by: ctx.changedBy,
				version,
				updated_at: ctx.now
			})
			.where('id', '=', space)
			.execute();
		if (next.storefrontPhoto) await namePhotos(trx, [next.storefrontPhoto], ctx.now);
	},

	async 'seller.renewCode'(trx, ctx, space) {
		if ((await memberRole(trx, ctx.userId, space)) !== 'facilitator') {
			throw new MutationRejected('forbidden', 'err.facilitator_only');
		}
		const version = await bumpSpaceVersion(trx, space);
		const row = await loadSellerRow(trx, space);
		if (row.activation_status !== 'pending')
			throw new MutationRejected('conflict', 'err.activation_not_pending');
		await trx
			.updateTable('sellers')
			.set({
				...issueActivation(ctx.secret, space, ctx.now, row.activation_issued_at),
				changed_by: ctx.changedBy,
				version,
				updated_at: ctx.now
			})
			.where('id', '=', space)
			.execute();
	},

	async 'seller.removeFacilitator'(trx, ctx, space, args) {
		if ((await memberRole(trx, ctx.userId, space)) !== 'owner') {
			throw new MutationRejected('forbidden', 'err.owner_only');
		}
		const version = await bumpSpaceVersion(trx, space);
		const removed = await trx
			.deleteFrom('memberships')
			.where('space_id', '=', space)
			.where('user_id', '=', args.userId)
			.where('role', '=', 'facilitator')
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) {
			throw new MutationRejected('not_found', 'err.facilitator_missing');
		}
		await trx
			.updateTable('sellers')
			.set({
				members: JSON.stringify(await spaceMembers(trx, space)),
				changed_by: ctx.changedBy,
				version,
				updated_at: ctx.now
			})
			.where('id', '=', space)
			.execute();
		return { membersChanged: [args.userId] };
	}
};
