import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, callApi, NetworkError, setSessionRenewer } from './api';

/** A server that answers 401 until the session is renewed. */
function server() {
	const state = { renewed: false, calls: [] as string[] };
	const fetchImpl = (async (input: string | URL | Request) => {
		state.calls.push(String(input));
		return state.renewed
			? Response.json({ ok: true })
			: Response.json({ error: { code: 'unauthorized', message: 'Silakan masuk dulu' } }, { status: 401 });
	}) as typeof fetch;
	return { state, fetchImpl };
}

afterEach(() => setSessionRenewer(null));

describe('callApi on a 401', () => {
	it('renews the session and sends the request once more', async () => {
		const { state, fetchImpl } = server();
		setSessionRenewer(async () => ((state.renewed = true), 'renewed'));
		expect(await callApi('/api/me', undefined, fetchImpl)).toEqual({ ok: true });
		expect(state.calls).toEqual(['/api/me', '/api/me']);
	});

	it.each([
		['refused', ApiError],
		['unreachable', NetworkError]
	] as const)('gives up when the renewal is %s', async (outcome, thrown) => {
		const { state, fetchImpl } = server();
		setSessionRenewer(async () => outcome);
		await expect(callApi('/api/sync/pull', {}, fetchImpl)).rejects.toBeInstanceOf(thrown);
		expect(state.calls).toHaveLength(1);
	});

	it('never renews for the auth endpoints themselves (a wrong PIN is a 401 too)', async () => {
		const { state, fetchImpl } = server();
		let renewals = 0;
		setSessionRenewer(async () => (renewals++, 'renewed'));
		await expect(callApi('/api/auth/login', {}, fetchImpl)).rejects.toMatchObject({ status: 401 });
		expect(renewals).toBe(0);
		expect(state.calls).toHaveLength(1);
	});
});
