import { NetworkError } from './api';
import { loadRuntime } from './session.svelte';

/**
 * What submitting the log-in or sign-up form needs: the form's zod schema and the phone's database (the
 * clientId, the account it remembers). They load at the first touch of the form (call it on `focusin`),
 * not with the screen, so a first visit draws the screen without them; by the time a PIN is typed they are
 * there. A load that fails (no signal before the first log-in) is a NetworkError, which `authProblem` words.
 */
export function submitModules<T>(loadSchema: () => Promise<T>): Promise<[T, typeof import('./runtime')]> {
	return Promise.all([loadSchema(), loadRuntime()]).catch((cause: unknown) => {
		throw new NetworkError(String(cause));
	});
}
