import { newSeller, patchSeller } from '$lib/domain/seller';
import { actor, LocalChangeError, type LocalHandlers } from './shared';

/** The profile of a seller a facilitator signs up (one per space, keyed by the space id). */
export const sellerLocal: LocalHandlers<
	'seller.create' | 'seller.patch' | 'seller.renewCode' | 'seller.removeFacilitator'
> = {
	'seller.create': {
		stamps: 'sellers',
		async apply({ db, space, at }, profile) {
			if (await db.sellers.get(space)) throw new LocalChangeError('err.space_exists');
			const { id, name } = await actor(db);
			await db.sellers.put(
				newSeller(profile, { spaceId: space, by: { id: id ?? '', name }, at, version: 0 })
			);
			return space;
		}
	},

	'seller.patch': {
		stamps: 'sellers',
		async apply({ db, space, at }, patch) {
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			await db.sellers.put({ ...patchSeller(seller, patch), updatedAt: at });
			return space;
		}
	},

	'seller.renewCode': {
		stamps: 'sellers',
		async apply({ db, space, at }) {
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			// The new code comes from the server; until then the old one is no longer worth showing.
			await db.sellers.put({ ...seller, activation: { ...seller.activation, code: null }, updatedAt: at });
			return space;
		}
	},

	'seller.removeFacilitator': {
		stamps: 'sellers',
		async apply({ db, space, at }, { userId }) {
			const seller = await db.sellers.get(space);
			if (!seller) throw new LocalChangeError('err.seller_missing');
			const members = seller.members.filter((member) => member.id !== userId);
			await db.sellers.put({ ...seller, members, updatedAt: at });
			return space;
		}
	}
};
