import { createHash, createHmac } from 'node:crypto';
import { ACTIVATION_TTL_MS, activationCodeFrom } from '$lib/domain/seller';

/**
 * A seller's activation code, derived (never stored): an HMAC of the space and the moment it was issued
 * under the server secret. The same inputs always give the same code, so pull can show it to the space's
 * facilitators again while the database holds only its hash; a new `issuedAt` gives a new code.
 */
export function activationCode(secret: Buffer, spaceId: string, issuedAt: string): string {
	return activationCodeFrom(
		createHmac('sha256', secret).update(`activation:${spaceId}:${issuedAt}`).digest()
	);
}

/** What the database keeps of a code: its sha256, hex. */
export function activationCodeHash(code: string): string {
	return createHash('sha256').update(code).digest('hex');
}

/** The activation columns of a newly issued code. */
export interface IssuedActivation {
	activation_status: 'pending';
	activation_code_hash: string;
	activation_issued_at: string;
	activation_expires_at: string;
}

/**
 * A new code for a space at `now`. `previousIssuedAt` (the code it replaces) is moved past, by a millisecond
 * if need be: two codes issued within the same millisecond (create and renew in one push) would otherwise be
 * the same code, and the old one must stop working.
 */
export function issueActivation(
	secret: Buffer,
	spaceId: string,
	now: string,
	previousIssuedAt: string | null = null
): IssuedActivation {
	let issued = new Date(now).getTime();
	if (previousIssuedAt !== null) issued = Math.max(issued, new Date(previousIssuedAt).getTime() + 1);
	const issuedAt = new Date(issued).toISOString();
	return {
		activation_status: 'pending',
		activation_code_hash: activationCodeHash(activationCode(secret, spaceId, issuedAt)),
		activation_issued_at: issuedAt,
		activation_expires_at: new Date(issued + ACTIVATION_TTL_MS).toISOString()
	};
}
