import type { FinancingApplication } from './financing';
import type { Order } from './order';
import type { Product } from './product';
import type { Seller } from './seller';
import { normalizeText } from './text';

/**
 * How a facilitator's sellers are getting on: the onboarding checklist of one seller, the facilitator's
 * report over all of them, and the search over the list. Read from what the phone holds.
 */

/** The four steps a facilitator walks a new seller through, each done or not. */
export interface OnboardingChecklist {
	profileComplete: boolean;
	/** Products with at least one photo (the list counts how many; done at MIN_PRODUCTS_WITH_PHOTOS). */
	productsWithPhotos: number;
	productsDone: boolean;
	firstOrder: boolean;
	financingApplied: boolean;
	/** How many of the four steps are done. */
	done: number;
}

export const MIN_PRODUCTS_WITH_PHOTOS = 5;

/** A profile is complete with the owner, phone, business, category, the address down to the village, and a shop photo. */
export function isProfileComplete(seller: Seller): boolean {
	const address = seller.address;
	return (
		!!seller.ownerName &&
		!!seller.phone &&
		!!seller.businessName &&
		!!seller.category &&
		!!address?.provinceCode &&
		!!address.regencyCode &&
		!!address.districtCode &&
		!!(address.villageCode || address.villageName) &&
		!!seller.storefrontPhoto
	);
}

/** The onboarding checklist of one seller, from what the phone holds of their space. */
export function onboardingChecklist(
	seller: Seller,
	products: Pick<Product, 'photos'>[],
	orders: Pick<Order, 'status'>[],
	applications: Pick<FinancingApplication, 'status'>[]
): OnboardingChecklist {
	const profileComplete = isProfileComplete(seller);
	const productsWithPhotos = products.filter((product) => product.photos.length > 0).length;
	const productsDone = productsWithPhotos >= MIN_PRODUCTS_WITH_PHOTOS;
	const firstOrder = orders.some((order) => order.status !== 'cancelled');
	const financingApplied = applications.some((application) => application.status !== 'draft');
	const done = [profileComplete, productsDone, firstOrder, financingApplied].filter(Boolean).length;
	return { profileComplete, productsWithPhotos, productsDone, firstOrder, financingApplied, done };
}

/** A seller's records as the facilitator report reads them (only what the server already has counts). */
export interface ReportInput {
	sellers: Pick<Seller, 'id' | 'createdAt' | 'version' | 'activation'>[];
	orders: Pick<Order, 'spaceId' | 'createdAt' | 'status' | 'version'>[];
	applications: Pick<FinancingApplication, 'spaceId' | 'status' | 'submittedAt' | 'version'>[];
}

export interface FacilitatorReport {
	/** Sellers signed up per week (Monday to Sunday, Western Indonesian Time), the newest week first. */
	weeks: { weekStart: string; onboarded: number }[];
	onboarded: number;
	activated: number;
	/** Sellers with an order in the last ACTIVE_DAYS days. */
	active: number;
	/** Sellers with a financing application sent to a lender (any status after the draft). */
	applied: number;
	applications: number;
	/** Sellers signed up on this phone that the server does not have yet (not counted above). */
	notSynced: number;
}

export const ACTIVE_DAYS = 14;
export const REPORT_WEEKS = 8;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Western Indonesian Time (WIB), UTC+7, with no daylight saving: weeks and days are counted in it. */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The Monday (`YYYY-MM-DD`, WIB) of the week an instant falls in. */
export function weekStart(iso: string): string {
	const local = new Date(new Date(iso).getTime() + WIB_OFFSET_MS);
	const sinceMonday = (local.getUTCDay() + 6) % 7;
	return new Date(local.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The facilitator's report, from synced data only: a record the server has not confirmed (version 0) is
 * not counted, so the figures match what the programme sees. Weeks without sign-ups are listed too, back
 * REPORT_WEEKS weeks from `now`.
 */
export function facilitatorReport(input: ReportInput, now: Date): FacilitatorReport {
	const synced = input.sellers.filter((seller) => seller.version > 0);
	const ids = new Set(synced.map((seller) => seller.id));
	const perWeek = new Map<string, number>();
	const thisWeek = weekStart(now.toISOString());
	for (let i = 0; i < REPORT_WEEKS; i++) {
		const day = new Date(new Date(`${thisWeek}T00:00:00Z`).getTime() - i * 7 * DAY_MS);
		perWeek.set(day.toISOString().slice(0, 10), 0);
	}
	for (const seller of synced) {
		const week = weekStart(seller.createdAt);
		if (perWeek.has(week)) perWeek.set(week, perWeek.get(week)! + 1);
	}
	const since = now.getTime() - ACTIVE_DAYS * DAY_MS;
	const activeSpaces = new Set(
		input.orders
			.filter(
				(order) =>
					order.version > 0 &&
					ids.has(order.spaceId) &&
					order.status !== 'cancelled' &&
					new Date(order.createdAt).getTime() >= since
			)
			.map((order) => order.spaceId)
	);
	const sent = input.applications.filter(
		(application) => application.version > 0 && ids.has(application.spaceId) && application.status !== 'draft'
	);
	return {
		weeks: [...perWeek].map(([weekStart, onboarded]) => ({ weekStart, onboarded })),
		onboarded: synced.length,
		activated: synced.filter((seller) => seller.activation.status === 'activated').length,
		active: activeSpaces.size,
		applied: new Set(sent.map((application) => application.spaceId)).size,
		applications: sent.length,
		notSynced: input.sellers.length - synced.length
	};
}

/**
 * Whether a seller is one the facilitator is looking for: every word typed is found in the business name,
 * the owner's name or the village, or the digits typed in the phone number (`0812…` or `812…`).
 */
export function sellerMatches(
	seller: Pick<Seller, 'businessName' | 'ownerName' | 'phone' | 'address'>,
	query: string
): boolean {
	const words = normalizeText(query).split(' ').filter(Boolean);
	if (words.length === 0) return true;
	const text = normalizeText(
		`${seller.businessName} ${seller.ownerName} ${seller.address?.villageName ?? ''}`
	);
	const digits = seller.phone.replace(/\D/g, '');
	return words.every((word) =>
		/^\d+$/.test(word) ? digits.includes(word.replace(/^0/, '')) : text.includes(word)
	);
}
