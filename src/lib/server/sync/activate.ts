import { timingSafeEqual } from 'node:crypto';
import { sellerChanged } from '../monitoring/aggregates';
import type { User } from '$lib/domain/auth';
import { activationCodeHash } from '../activation';
import { UNSET_PIN } from '../password';
import { spaceMembers } from './handlers/seller';
import type { Poke } from './pokes';
import { MutationRejected } from './rejection';
import { bumpSpaceVersion, changedByColumn, type Trx } from './write';

/** What `POST /api/auth/activate` checked already: the phone as stored, the code as typed (normalized). */
export interface ActivationInput {
	phone: string;
	code: string;
	/** The hash of the PIN the seller chose, made before anything was looked up (the same work for all). */
	pinHash: string;
}

/**
 * A seller activates the account a facilitator made for them: the server's own way into the synced records,
 * written like a mutation (the space's version bumped, the seller row stamped, now by its owner), all in the
 * caller's transaction. The code is single use: it works only on a `pending` seller with that phone, and the
 * claim is conditional on the hash still being there, so two activations at once cannot both win. Sets the
 * PIN, makes the seller the space's owner, records `activated`. Throws MutationRejected `not_found`
 * (`err.wrong_code`: no such phone waiting, a wrong or used code) or `conflict` (`err.code_expired`: the
 * right code, too late); the caller rolls back, then pokes the space and its new owner after the commit.
 */
export async function applyActivation(
	trx: Trx,
	ctx: { now: string },
	input: ActivationInput
): Promise<{ user: User; pokes: Poke[] }> {
	const wrong = new MutationRejected('not_found', 'err.wrong_code');
	const hash = activationCodeHash(input.code);
	const found = await trx
		.selectFrom('sellers')
		.select(['id', 'account_id', 'activation_code_hash', 'activation_expires_at'])
		.where('phone', '=', input.phone)
		.where('activation_status', '=', 'pending')
		.where('deleted', '=', 0)
		.executeTakeFirst();
	const stored = Buffer.from(found?.activation_code_hash ?? '', 'hex');
	const given = Buffer.from(hash, 'hex');
	if (!found?.account_id || stored.length !== given.length || !timingSafeEqual(stored, given)) throw wrong;
	if (!found.activation_expires_at || found.activation_expires_at <= ctx.now) {
		throw new MutationRejected('conflict', 'err.code_expired');
	}
	const space = found.id;
	const accountId = found.account_id;
	const account = await trx
		.selectFrom('users')
		.select(['id', 'name', 'phone'])
		.where('id', '=', accountId)
		.executeTakeFirstOrThrow();
	const version = await bumpSpaceVersion(trx, space);
	const claimed = await trx
		.updateTable('sellers')
		.set({
			activation_status: 'activated',
			activation_code_hash: null,
			activation_issued_at: null,
			activation_expires_at: null,
			activated_at: ctx.now,
			version,
			updated_at: ctx.now
		})
		.where('id', '=', space)
		.where('activation_status', '=', 'pending')
		.where('activation_code_hash', '=', hash)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0) throw wrong;
	await trx
		.updateTable('users')
		.set({ pin_hash: input.pinHash })
		.where('id', '=', accountId)
		.where('pin_hash', '=', UNSET_PIN)
		.execute();
	await trx
		.insertInto('memberships')
		.values({ space_id: space, user_id: accountId, role: 'owner', created_at: ctx.now })
		.execute();
	await trx
		.updateTable('sellers')
		.set({
			members: JSON.stringify(await spaceMembers(trx, space)),
			changed_by: changedByColumn({ id: accountId, name: account.name, role: 'owner' })
		})
		.where('id', '=', space)
		.execute();
	await sellerChanged(trx, space);
	return {
		user: { id: account.id, name: account.name, phone: account.phone, role: 'seller' },
		pokes: [{ space, member: accountId }]
	};
}
