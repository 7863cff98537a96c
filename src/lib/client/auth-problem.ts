import { ApiError, NetworkError } from './api';
import { t } from './i18n.svelte';
import { OtherAccountPending } from './other-account';

/**
 * What the log-in, sign-up and activation screens say when their request failed, in plain words: unsent
 * changes of another account on this phone, no signal, too many tries, or the server's own message.
 * `specific` gives a screen's own words for an answer only it knows (a wrong PIN, a used code).
 */
export function authProblem(
	error: unknown,
	specific: (error: ApiError) => string | undefined = () => undefined
): string {
	if (error instanceof OtherAccountPending) return t('auth.other_account_pending', { count: error.count });
	if (error instanceof NetworkError) return navigator.onLine ? t('auth.failed') : t('auth.offline');
	if (error instanceof ApiError) {
		const known = specific(error);
		if (known) return known;
		if (error.status === 429) return t('auth.locked');
		if (error.message) return error.message;
	}
	return t('auth.failed');
}
