// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '$lib/domain/auth';

declare global {
	namespace App {
		interface Locals {
			/** The user of the session cookie, or null. Every API decision starts from this. */
			user: User | null;
			sessionId: string | null;
		}
	}
}

export {};
