import type { Lender } from '$lib/domain/financing';
import { callApi, type Fetch } from './api';
import { getMeta, setMeta } from './meta';
import type { LapakDb } from './sync/db';

/**
 * The lenders a seller may send a KUR application to. The form must offer them with no signal, so the phone
 * keeps the server's last list in its database: fetched right after logging in (the signal is there then),
 * again whenever the app starts or the signal comes back, and whenever the financing form opens online. A
 * list a day old is as good as new for a seller choosing: the admin adds a lender rarely, and the server
 * checks the choice again at submission.
 */
export async function refreshLenders(local: LapakDb, fetchImpl: Fetch = fetch): Promise<Lender[]> {
	const { lenders } = await callApi<{ lenders: Lender[] }>('/api/lenders', undefined, fetchImpl);
	await setMeta(local, 'lenders', { list: lenders, fetchedAt: new Date().toISOString() });
	return lenders;
}

/** How long a quiet refresh may take: right after a login, the person waits for it. */
const QUIET_TIMEOUT_MS = 5000;

/**
 * The same, for the moments it may fail quietly (no signal, logged out, a link so slow that the login
 * should not wait longer): the kept list stays.
 */
export function refreshLendersQuietly(local: LapakDb): Promise<void> {
	const patient: Fetch = (input, init) =>
		fetch(input, { ...init, signal: AbortSignal.timeout(QUIET_TIMEOUT_MS) });
	return refreshLenders(local, patient).then(
		() => undefined,
		() => undefined
	);
}

/** The lenders as the phone last heard them, or null when it never has. */
export async function knownLenders(local: LapakDb): Promise<Lender[] | null> {
	return (await getMeta(local, 'lenders'))?.list ?? null;
}
