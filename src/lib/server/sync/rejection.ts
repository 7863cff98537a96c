import type { RejectCode } from '$lib/domain/sync-protocol';
import { say } from '../words';

/** Thrown inside a handler: the mutation is answered `rejected` and everything it wrote is rolled back. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectCode,
		readonly messageKey: string,
		/** Values for the message's `{{placeholders}}` (the product a shop-page order cannot have). */
		readonly params: Record<string, string | number> = {},
		/**
		 * The whole message, when it is made of several (every reason a financing submission is refused);
		 * otherwise the message is the key's wording with `params` filled in.
		 */
		readonly text?: string
	) {
		super(code);
	}

	/** What the device is told, in Indonesian. */
	get userMessage(): string {
		return this.text ?? say(this.messageKey, this.params);
	}
}
