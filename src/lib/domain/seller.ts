import * as z from 'zod/mini';
import { businessName, personName, phoneNumber } from './auth';
import { isNib, readNik } from './nik';
import { DEVICE_CODE_ALPHABET } from './order';
import { photoHash } from './product';
import type { ChangedBy } from './records';

/**
 * A seller a facilitator (pendamping) signed up, possibly with no signal: the profile of one space. Its id is
 * the space's id, made on the facilitator's phone, so the facilitator can fill the new shop (products, first
 * orders) before anything reached the server. Pulled as entity `seller` by every member of the space.
 */

/** Activation codes: 8 characters from the device-code alphabet (no 0/O, 1/I/L), easy to read aloud. */
export const ACTIVATION_CODE_LENGTH = 8;
export const ACTIVATION_CODE_ALPHABET = DEVICE_CODE_ALPHABET;
/** A code stays valid this long after it was given; the facilitator can ask for a new one. */
export const ACTIVATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Where the seller's activation stands:
 * - `waiting`: made on the phone, not yet on the server (local only);
 * - `pending`: the server made the seller's account-to-be and a code (shown to the facilitator);
 * - `phone_taken`: the phone number already has a Lapak account: no account and no code were made; the
 *   facilitator changes the number (`seller.patch`) or the seller keeps using their own account;
 * - `activated`: the seller entered phone + code and set their PIN; they own the space now.
 */
export type ActivationStatus = 'waiting' | 'pending' | 'phone_taken' | 'activated';

export interface Activation {
	status: ActivationStatus;
	/** The code, while `pending` (sent only to the space's facilitators); null otherwise. */
	code: string | null;
	expiresAt: string | null;
	activatedAt: string | null;
}

/** The place of business, from the bundled list of Indonesian regions (codes as in Kemendagri's list). */
export const sellerAddress = z.object({
	provinceCode: z.string().check(z.regex(/^\d{2}$/, 'err.region_invalid')),
	regencyCode: z.nullable(z.string().check(z.regex(/^\d{2}\.\d{2}$/, 'err.region_invalid'))),
	districtCode: z.nullable(z.string().check(z.regex(/^\d{2}\.\d{2}\.\d{2}$/, 'err.region_invalid'))),
	villageCode: z.nullable(z.string().check(z.regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'err.region_invalid'))),
	/**
	 * The village's name: the list's name when picked from it (so the address reads without the list), or as
	 * typed when the regency's villages were not on the phone (no signal when the regency was chosen).
	 */
	villageName: z.nullable(z.string().check(z.trim(), z.maxLength(100, 'err.text_too_long'))),
	street: z.nullable(z.string().check(z.trim(), z.maxLength(300, 'err.text_too_long')))
});
export type SellerAddress = z.infer<typeof sellerAddress>;

/** A GPS fix, when the phone gives one; accuracy in metres. */
export const geoPosition = z.object({
	lat: z.number().check(z.gte(-90, 'err.location_invalid'), z.lte(90, 'err.location_invalid')),
	lng: z.number().check(z.gte(-180, 'err.location_invalid'), z.lte(180, 'err.location_invalid')),
	accuracy: z.nullable(z.number().check(z.gte(0, 'err.location_invalid')))
});
export type GeoPosition = z.infer<typeof geoPosition>;

/** NIK: 16 digits with a real province and birth date (the same reading as the financing form). */
const nikField = z.nullable(
	z.string().check(
		z.regex(/^\d{16}$/, 'err.nik_format'),
		z.superRefine((value, ctx) => {
			const facts = readNik(value);
			if ('error' in facts) ctx.addIssue({ code: 'custom', message: facts.error, input: value });
		})
	)
);
const nibField = z.nullable(
	z.string().check(z.refine((value) => /^\d{13}$/.test(value) && isNib(value), 'err.nib_format'))
);
const categoryField = z.nullable(z.string().check(z.trim(), z.maxLength(60, 'err.text_too_long')));

/** The profile fields a facilitator fills in; everything but the names and the phone may come later. */
const profileShape = {
	ownerName: personName,
	phone: phoneNumber,
	businessName,
	category: z.optional(categoryField),
	address: z.optional(z.nullable(sellerAddress)),
	location: z.optional(z.nullable(geoPosition)),
	/** The shop front, a public photo (shown on the storefront), by hash. */
	storefrontPhoto: z.optional(z.nullable(photoHash)),
	nik: z.optional(nikField),
	nib: z.optional(nibField)
};

/** `seller.create`: the mutation's `space` is the new space's id (a UUID made on the phone). */
export const sellerCreateArgs = z.object(profileShape);
export type SellerCreateArgs = z.infer<typeof sellerCreateArgs>;

/** `seller.patch`: the fields given replace the ones before (null clears an optional one). */
export const sellerPatchArgs = z.partial(z.object(profileShape));
export type SellerPatchArgs = z.infer<typeof sellerPatchArgs>;

/** `seller.renewCode`: a new activation code for a seller not yet activated (the old one stops working). */
export const sellerRenewCodeArgs = z.object({});

/** `seller.removeFacilitator`: the owner takes a facilitator's access to the space away. */
export const sellerRemoveFacilitatorArgs = z.object({ userId: z.uuid('err.id_invalid') });

export interface SellerMember {
	id: string;
	name: string;
	role: 'owner' | 'facilitator';
}

export interface Seller {
	/** The space's id. */
	id: string;
	spaceId: string;
	ownerName: string;
	phone: string;
	businessName: string;
	category: string | null;
	address: SellerAddress | null;
	location: GeoPosition | null;
	storefrontPhoto: string | null;
	nik: string | null;
	nib: string | null;
	activation: Activation;
	/** The shop's address on the web (`/toko/{slug}`), once the server made the space; null before. */
	slug: string | null;
	/** Who may work on the space: the facilitators, and the owner once activated. */
	members: SellerMember[];
	onboardedBy: { id: string; name: string };
	changedBy: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/**
 * The seller a `seller.create` makes (before the server answers: `waiting`, no slug). Both the phone and
 * the server start from this; the server then sets the activation and the slug.
 */
export function newSeller(
	args: SellerCreateArgs,
	meta: { spaceId: string; by: { id: string; name: string }; at: string; version: number }
): Seller {
	return {
		id: meta.spaceId,
		spaceId: meta.spaceId,
		ownerName: args.ownerName,
		phone: args.phone,
		businessName: args.businessName,
		category: args.category ?? null,
		address: args.address ?? null,
		location: args.location ?? null,
		storefrontPhoto: args.storefrontPhoto ?? null,
		nik: args.nik ?? null,
		nib: args.nib ?? null,
		activation: { status: 'waiting', code: null, expiresAt: null, activatedAt: null },
		slug: null,
		members: [{ id: meta.by.id, name: meta.by.name, role: 'facilitator' }],
		onboardedBy: meta.by,
		changedBy: { id: meta.by.id, name: meta.by.name, role: 'facilitator' },
		version: meta.version,
		createdAt: meta.at,
		updatedAt: meta.at
	};
}

/** The profile with a patch applied: each field given replaces the one before. */
export function patchSeller(seller: Seller, patch: SellerPatchArgs): Seller {
	const next: Seller = { ...seller };
	for (const [key, value] of Object.entries(patch)) {
		if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
	}
	return next;
}

/** A fresh activation code from random bytes (8 characters of the alphabet). */
export function activationCodeFrom(bytes: Uint8Array): string {
	let code = '';
	for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) {
		code += ACTIVATION_CODE_ALPHABET[bytes[i] % ACTIVATION_CODE_ALPHABET.length];
	}
	return code;
}

/** What a seller types as the code, made comparable: spaces and dashes dropped, upper case. */
export function normalizeActivationCode(typed: string): string {
	return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** `AB3K-9QPX`: a code written in two halves, as the facilitator reads it out. */
export function formatActivationCode(code: string): string {
	return code.length === ACTIVATION_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export const activateRequest = z.object({
	phone: phoneNumber,
	code: z.pipe(
		z.string({ error: 'err.activation_code_format' }),
		z.transform((value) => normalizeActivationCode(value))
	),
	pin: z.string({ error: 'err.pin_format' }).check(z.regex(/^\d{6}$/, 'err.pin_format')),
	clientId: z.optional(z.uuid('err.id_invalid'))
});
export type ActivateRequest = z.input<typeof activateRequest>;
