/**
 * Shapes every synced record shares, with no rules of their own. This file imports nothing, so any domain
 * file may use it without an import circle.
 */

/** Who changed a record last, and in what role: the seller sees "diubah oleh pendamping Budi". */
export interface ChangedBy {
	id: string | null;
	name: string;
	role: 'owner' | 'facilitator' | 'lender' | 'buyer' | 'admin' | 'institution';
}

/** Who made a change: a user of the app, or the buyer on the shop page (null id). */
export interface Actor {
	id: string | null;
	name: string;
}
