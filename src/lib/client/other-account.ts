// Apart from ./runtime so the log-in screens can recognise it without loading the phone's database.

/** Thrown when logging in (or out) now would strand unsent changes of the account on this phone. */
export class OtherAccountPending extends Error {
	constructor(readonly count: number) {
		super('other_account_pending');
	}
}
