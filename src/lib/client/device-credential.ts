import { loginReasonOf, type Account, type LoginReason } from '$lib/domain/auth';
import type { LapakDb } from './sync/db';
import { getMeta, setMeta } from './meta';

/** What renewing the session from the device credential came to. */
export type RenewOutcome = 'renewed' | 'refused' | 'unreachable';

export interface CredentialRenewerOptions {
	fetch?: typeof fetch;
	/** The server refused (or the phone holds no credential): the PIN is needed, for this reason. */
	onRefused?: (reason: LoginReason) => void;
	/** A new session cookie is in place. */
	onRenewed?: () => void;
}

/**
 * Renews the session cookie from the device credential kept in IndexedDB (`POST /api/auth/renew`), when an
 * API call answered 401: a browser killed a few seconds after login may never have written its cookie to
 * disk, and the seller must not be asked for the PIN for that. The credential rotates at every renewal; the
 * new one is stored as soon as it arrives (the server still accepts the one sent until the new one is used,
 * so dying in between loses nothing). One renewal at a time, in this tab and across tabs (Web Locks).
 */
export class CredentialRenewer {
	private pending: Promise<RenewOutcome> | null = null;
	private readonly fetchImpl: typeof fetch;

	constructor(
		private readonly local: LapakDb,
		private readonly options: CredentialRenewerOptions = {}
	) {
		this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
	}

	renew(): Promise<RenewOutcome> {
		this.pending ??= this.renewOnce().finally(() => (this.pending = null));
		return this.pending;
	}

	private async renewOnce(): Promise<RenewOutcome> {
		const seen = await getMeta(this.local, 'deviceCredential');
		const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
		const run = () => this.exchange(seen?.secret);
		return locks ? locks.request('lapak-renew', run) : run();
	}

	private async exchange(seenSecret: string | undefined): Promise<RenewOutcome> {
		const stored = await getMeta(this.local, 'deviceCredential');
		if (!stored) return this.refused('unknown');
		if (stored.refused) return this.refused(stored.refused);
		// Another tab renewed while this one waited for the lock: its cookie is ours too.
		if (seenSecret !== undefined && stored.secret !== seenSecret) return 'renewed';
		let response: Response;
		try {
			response = await this.fetchImpl('/api/auth/renew', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ clientId: stored.clientId, credential: stored.secret }),
				credentials: 'same-origin'
			});
		} catch {
			return 'unreachable';
		}
		if (response.ok) {
			const answer = (await response.json().catch(() => null)) as (Account & { credential?: string }) | null;
			if (!answer?.credential) return 'unreachable';
			await setMeta(this.local, 'deviceCredential', { clientId: stored.clientId, secret: answer.credential });
			this.options.onRenewed?.();
			return 'renewed';
		}
		if (response.status !== 401) return 'unreachable'; // 429, 5xx: try again later, with the same secret
		const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
		const reason = loginReasonOf(body?.error?.code ?? '');
		await setMeta(this.local, 'deviceCredential', { ...stored, refused: reason });
		return this.refused(reason);
	}

	private refused(reason: LoginReason): RenewOutcome {
		this.options.onRefused?.(reason);
		return 'refused';
	}
}
