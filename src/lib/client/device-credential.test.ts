import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoginReason } from '$lib/domain/auth';
import { CredentialRenewer } from './device-credential';
import { getMeta, setMeta } from './meta';
import { LapakDb } from './sync/db';

const CLIENT = '0192f0c4-0000-7000-8000-000000000001';
let local: LapakDb;
let name = 0;
let sent: { clientId: string; credential: string }[];
let answer: () => Response | Promise<Response>;
let refusals: LoginReason[];
let renewals: number;

const fetchStub = async (_input: string | URL | Request, init?: RequestInit) => {
	sent.push(JSON.parse(String(init?.body)));
	return answer();
};

function renewer(): CredentialRenewer {
	return new CredentialRenewer(local, {
		fetch: fetchStub as typeof fetch,
		onRefused: (reason) => refusals.push(reason),
		onRenewed: () => renewals++
	});
}

beforeEach(async () => {
	local = new LapakDb(`credential-${++name}`);
	sent = [];
	refusals = [];
	renewals = 0;
	await setMeta(local, 'deviceCredential', { clientId: CLIENT, secret: 'old' });
});
afterEach(() => local.delete());

describe('CredentialRenewer', () => {
	it('sends the stored credential and keeps the new one the server answers', async () => {
		answer = () => Response.json({ user: {}, spaces: [], credential: 'new' });
		expect(await renewer().renew()).toBe('renewed');
		expect(sent).toEqual([{ clientId: CLIENT, credential: 'old' }]);
		expect(await getMeta(local, 'deviceCredential')).toEqual({ clientId: CLIENT, secret: 'new' });
		expect(renewals).toBe(1);
	});

	it('makes one request for many 401s at once', async () => {
		answer = () => Response.json({ user: {}, spaces: [], credential: 'new' });
		const one = renewer();
		expect(await Promise.all([one.renew(), one.renew(), one.renew()])).toEqual([
			'renewed',
			'renewed',
			'renewed'
		]);
		expect(sent).toHaveLength(1);
	});

	it.each([
		['credential_removed', 'removed'],
		['credential_logged_out', 'logged_out'],
		['credential_expired', 'expired'],
		['credential_invalid', 'unknown']
	] as const)('remembers a refusal (%s) and says why without asking again', async (code, reason) => {
		answer = () => Response.json({ error: { code, message: '' } }, { status: 401 });
		const one = renewer();
		expect(await one.renew()).toBe('refused');
		expect(await one.renew()).toBe('refused');
		expect(sent).toHaveLength(1);
		expect(refusals).toEqual([reason, reason]);
		expect((await getMeta(local, 'deviceCredential'))?.refused).toBe(reason);
	});

	it.each([
		['no signal', () => Promise.reject(new TypeError('Failed to fetch'))],
		['too many attempts', () => Response.json({ error: { code: 'too_many_attempts' } }, { status: 429 })],
		['a server error', () => new Response('', { status: 502 })]
	])('keeps the same credential for later on %s', async (_, failing) => {
		answer = failing;
		expect(await renewer().renew()).toBe('unreachable');
		expect(await getMeta(local, 'deviceCredential')).toEqual({ clientId: CLIENT, secret: 'old' });
		expect(refusals).toEqual([]);
	});

	it('asks for the PIN at once when the phone holds no credential', async () => {
		await local.meta.delete('deviceCredential');
		expect(await renewer().renew()).toBe('refused');
		expect(sent).toHaveLength(0);
		expect(refusals).toEqual(['unknown']);
	});
});
