import { uuidv7 } from '$lib/domain/ids';
import { onboardingChecklist, type OnboardingChecklist } from '$lib/domain/onboarding';
import { type Seller, type SellerCreateArgs, type SellerPatchArgs } from '$lib/domain/seller';
import type { LapakDb } from './sync/db';
import { db } from './sync/db';
import { mutate } from './sync/outbox';
import { switchSpace } from './runtime';

/**
 * Signs a seller up on this phone, with or without signal: a new space with an id made here, so the
 * facilitator can add the seller's products and first orders at once. The new shop becomes the one in use.
 * Returns its id.
 */
export async function signUpSeller(profile: SellerCreateArgs): Promise<string> {
	const space = uuidv7();
	await mutate(db, space, 'seller.create', profile);
	await switchSpace(space);
	return space;
}

export async function updateSeller(space: string, patch: SellerPatchArgs): Promise<void> {
	await mutate(db, space, 'seller.patch', patch);
}

/** Asks the server for a new activation code (the old one stops working). */
export async function renewActivationCode(space: string): Promise<void> {
	await mutate(db, space, 'seller.renewCode', {});
}

/** The owner takes a facilitator's access to their shop away. */
export async function removeFacilitator(space: string, userId: string): Promise<void> {
	await mutate(db, space, 'seller.removeFacilitator', { userId });
}

/** One line of the facilitator's list: the seller, how far onboarding is, and what waits to be sent. */
export interface SellerOverview {
	seller: Seller;
	checklist: OnboardingChecklist;
	/** Changes of this shop still on the phone only. */
	pending: number;
	/** When this phone last pulled the shop from the server; null if never. */
	syncedAt: string | null;
}

/** Every seller on this phone, newest sign-up first, with their checklist. */
export async function sellerOverviews(local: LapakDb): Promise<SellerOverview[]> {
	const sellers = await local.sellers.toArray();
	sellers.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
	return Promise.all(sellers.map((seller) => overviewOf(local, seller)));
}

/** One seller's line of the list, or null when the phone does not hold that seller. */
export async function sellerOverview(local: LapakDb, id: string): Promise<SellerOverview | null> {
	const seller = await local.sellers.get(id);
	return seller ? overviewOf(local, seller) : null;
}

async function overviewOf(local: LapakDb, seller: Seller): Promise<SellerOverview> {
	// Only what the checklist needs, without reading a whole shop's orders into memory: the products that
	// have a photo, and the first order that was not cancelled.
	const [withPhotos, firstOrder, applications, pending, cursor] = await Promise.all([
		local.products
			.where('spaceId')
			.equals(seller.id)
			.filter((product) => product.photos.length > 0)
			.toArray(),
		local.orders
			.where('spaceId')
			.equals(seller.id)
			.filter((order) => order.status !== 'cancelled')
			.first(),
		local.financing.where('spaceId').equals(seller.id).toArray(),
		local.outbox.where('space').equals(seller.id).count(),
		local.cursors.get(seller.id)
	]);
	return {
		seller,
		checklist: onboardingChecklist(seller, withPhotos, firstOrder ? [firstOrder] : [], applications),
		pending,
		syncedAt: cursor?.syncedAt ?? null
	};
}
