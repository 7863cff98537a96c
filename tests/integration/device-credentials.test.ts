import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient, newPhone } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

const PIN = '123456';

describe.each(backends)('device credentials on $name', ({ name }) => {
	const context = useTestServer(name, { ADDRESS_HEADER: 'x-forwarded-for' });

	/** A phone that signs up with its install id: the API client, the id and the credential it was given. */
	async function signUp(address = '10.9.0.1') {
		const api = new ApiClient(context.server.url);
		api.headers = { 'x-forwarded-for': address };
		const clientId = randomUUID();
		const phone = newPhone();
		const answer = await api.post('/api/auth/register', {
			name: 'Sari',
			phone,
			pin: PIN,
			businessName: 'Warung Bu Sari',
			clientId
		});
		expect(answer.status).toBe(201);
		return { api, clientId, phone, credential: answer.body.credential as string, account: answer.body };
	}

	function renew(api: ApiClient, clientId: string, credential: string) {
		return api.post('/api/auth/renew', { clientId, credential });
	}

	it('gives a credential at sign-up that brings a lost cookie back without the PIN, rotating it', async () => {
		const phone = await signUp();
		expect(phone.credential).toMatch(/^[\w-]{43}$/);
		phone.api.cookie = null; // the browser was killed before it wrote the cookie
		expect((await phone.api.get('/api/me')).status).toBe(401);

		const renewed = await renew(phone.api, phone.clientId, phone.credential);
		expect(renewed.status).toBe(200);
		expect(renewed.body.user).toEqual(phone.account.user);
		expect(renewed.body.spaces).toEqual(phone.account.spaces);
		expect(renewed.body.credential).toMatch(/^[\w-]{43}$/);
		expect(renewed.body.credential).not.toBe(phone.credential);
		const cookie = renewed.headers.getSetCookie().find((line) => line.startsWith('session='));
		expect(cookie).toMatch(/^session=[\w-]{43};.*HttpOnly/);
		expect(renewed.headers.get('cache-control')).toBe('no-store');

		expect((await phone.api.get('/api/me')).status).toBe(200);
		const push = await phone.api.post('/api/sync/push', { clientId: phone.clientId, mutations: [] });
		expect(push.status).toBe(200);
	});

	it('refuses a wrong credential, another install id and an install with none, with the same 401', async () => {
		const phone = await signUp();
		const other = await signUp();
		const stranger = new ApiClient(context.server.url);
		for (const [clientId, credential] of [
			[phone.clientId, other.credential],
			[other.clientId, phone.credential],
			[randomUUID(), phone.credential],
			[phone.clientId, 'A'.repeat(43)]
		]) {
			const answer = await renew(stranger, clientId, credential);
			expect(answer.status).toBe(401);
			expect(answer.body.error).toEqual({
				code: 'credential_invalid',
				message: 'HP ini perlu masuk lagi dengan PIN'
			});
			expect(stranger.cookie).toBeNull();
		}
		expect((await renew(stranger, phone.clientId, 'short')).status).toBe(400);
		expect((await renew(stranger, 'not-a-uuid', phone.credential)).status).toBe(400);
		// The phones' own credentials still work.
		expect((await renew(phone.api, phone.clientId, phone.credential)).status).toBe(200);
		expect((await renew(other.api, other.clientId, other.credential)).status).toBe(200);
	});

	it('still accepts the credential sent until the new one is used (a phone that died before storing it)', async () => {
		const phone = await signUp();
		const c0 = phone.credential;
		const lost = await renew(phone.api, phone.clientId, c0); // answered, never stored
		expect(lost.status).toBe(200);
		const again = await renew(phone.api, phone.clientId, c0);
		expect(again.status).toBe(200);
		const c2 = again.body.credential as string;
		// c2 is stored and used: c0 and the lost one are no good any more, c2 stays good until its
		// successor is used.
		const next = await renew(phone.api, phone.clientId, c2);
		expect(next.status).toBe(200);
		expect((await renew(phone.api, phone.clientId, c0)).status).toBe(401);
		expect((await renew(phone.api, phone.clientId, lost.body.credential)).status).toBe(401);
		const c4 = (await renew(phone.api, phone.clientId, c2)).body.credential as string;
		expect((await renew(phone.api, phone.clientId, c4)).status).toBe(200);
		expect((await renew(phone.api, phone.clientId, c2)).status).toBe(401);
	});

	it('answers two renewals of one phone at the same moment (two tabs): neither is refused', async () => {
		const phone = await signUp();
		const answers = await Promise.all([
			renew(new ApiClient(context.server.url), phone.clientId, phone.credential),
			renew(new ApiClient(context.server.url), phone.clientId, phone.credential)
		]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
	});

	it('ends the old sessions of the phone when it renews', async () => {
		const phone = await signUp();
		const old = phone.api.cookie;
		const renewed = new ApiClient(context.server.url);
		expect((await renew(renewed, phone.clientId, phone.credential)).status).toBe(200);
		expect((await renewed.get('/api/me')).status).toBe(200);
		phone.api.cookie = old;
		expect((await phone.api.get('/api/me')).status).toBe(401);
	});

	it('revokes the credential at logout, with the cookie or, when it was lost, by naming it', async () => {
		const phone = await signUp();
		expect((await phone.api.post('/api/auth/logout')).status).toBe(204);
		const answer = await renew(phone.api, phone.clientId, phone.credential);
		expect(answer.status).toBe(401);
		expect(answer.body.error.code).toBe('credential_logged_out');

		const lostCookie = await signUp();
		const renewed = await renew(lostCookie.api, lostCookie.clientId, lostCookie.credential);
		lostCookie.api.cookie = null;
		const logout = await lostCookie.api.post('/api/auth/logout', {
			clientId: lostCookie.clientId,
			credential: renewed.body.credential
		});
		expect(logout.status).toBe(204);
		// The previous credential goes with it too, and so does the session made by the renewal.
		for (const credential of [lostCookie.credential, renewed.body.credential]) {
			expect((await renew(lostCookie.api, lostCookie.clientId, credential)).body.error.code).toBe(
				'credential_logged_out'
			);
		}

		// Logging in again gives a new credential that works.
		const login = await lostCookie.api.post('/api/auth/login', {
			phone: lostCookie.phone,
			pin: PIN,
			clientId: lostCookie.clientId
		});
		expect(login.status).toBe(200);
		expect((await renew(lostCookie.api, lostCookie.clientId, login.body.credential)).status).toBe(200);
	});

	it('lets the owner remove a phone from the account: it needs the PIN again', async () => {
		const first = await signUp();
		const second = new ApiClient(context.server.url);
		const secondId = randomUUID();
		const login = await second.post('/api/auth/login', { phone: first.phone, pin: PIN, clientId: secondId });
		expect(login.status).toBe(200);

		const list = await first.api.get('/api/auth/devices');
		expect(list.status).toBe(200);
		expect(list.body.devices.map((device: { clientId: string }) => device.clientId).sort()).toEqual(
			[first.clientId, secondId].sort()
		);
		expect(list.body.devices[0]).toEqual({
			clientId: expect.any(String),
			deviceCode: expect.stringMatching(/^[0-9A-Z]{2,}$/),
			createdAt: expect.any(String),
			usedAt: expect.any(String)
		});

		// Somebody else cannot remove it.
		const stranger = await signUp();
		expect((await stranger.api.request('DELETE', `/api/auth/devices/${secondId}`)).status).toBe(404);
		expect((await second.get('/api/me')).status).toBe(200);

		expect((await first.api.request('DELETE', `/api/auth/devices/${secondId}`)).status).toBe(204);
		expect((await second.get('/api/me')).status).toBe(401);
		const refused = await renew(second, secondId, login.body.credential);
		expect(refused.status).toBe(401);
		expect(refused.body.error).toEqual({
			code: 'credential_removed',
			message: 'HP ini sudah dihapus dari akun Anda. Masuk lagi dengan PIN.'
		});
		const after = await first.api.get('/api/auth/devices');
		expect(after.body.devices.map((device: { clientId: string }) => device.clientId)).toEqual([
			first.clientId
		]);
		expect((await first.api.request('DELETE', `/api/auth/devices/${secondId}`)).status).toBe(404);
		expect((await new ApiClient(context.server.url).get('/api/auth/devices')).status).toBe(401);
	});

	it('gives a logged-in phone without a credential one, for its own install only', async () => {
		const phone = await signUp();
		const other = await signUp();
		// Logged in without naming the install (as before credentials existed).
		const before = new ApiClient(context.server.url);
		expect(
			(await before.post('/api/auth/login', { phone: phone.phone, pin: PIN })).body.credential
		).toBeUndefined();
		const fresh = randomUUID();
		const answer = await before.post('/api/auth/credential', { clientId: fresh });
		expect(answer.status).toBe(200);
		before.cookie = null;
		expect((await renew(before, fresh, answer.body.credential)).status).toBe(200);
		const lost = await signUp();
		lost.api.cookie = null;
		const renewed = await renew(lost.api, lost.clientId, lost.credential);
		// The renewed session is the install's: it mints no credential for another one.
		expect((await lost.api.post('/api/auth/credential', { clientId: randomUUID() })).status).toBe(403);
		expect((await lost.api.post('/api/auth/credential', { clientId: lost.clientId })).status).toBe(200);
		expect(renewed.status).toBe(200);
		const plain = new ApiClient(context.server.url);
		await plain.post('/api/auth/login', { phone: other.phone, pin: PIN });
		expect((await plain.post('/api/auth/credential', { clientId: phone.clientId })).status).toBe(404);
		expect(
			(await new ApiClient(context.server.url).post('/api/auth/credential', { clientId: fresh })).status
		).toBe(401);
	});

	it('stops guessing at 10 wrong credentials per phone, the right one included, and per address at 100', async () => {
		const phone = await signUp();
		const guesser = new ApiClient(context.server.url);
		guesser.headers = { 'x-forwarded-for': '10.9.1.1' };
		const answers = await Promise.all(
			Array.from({ length: 15 }, (_, i) =>
				renew(guesser, phone.clientId, `${'B'.repeat(41)}${String(i).padStart(2, '0')}`)
			)
		);
		expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
		expect(answers.filter((answer) => answer.status === 429)).toHaveLength(5);
		const locked = await renew(phone.api, phone.clientId, phone.credential);
		expect(locked.status).toBe(429);
		expect(locked.body.error.code).toBe('too_many_attempts');

		// One address guessing across many phones is stopped at the address limit.
		const spray = new ApiClient(context.server.url);
		spray.headers = { 'x-forwarded-for': '10.9.2.2' };
		const statuses: number[] = [];
		for (let i = 0; i < 101; i++) statuses.push((await renew(spray, randomUUID(), phone.credential)).status);
		expect(statuses.filter((status) => status === 401)).toHaveLength(100);
		expect(statuses.at(-1)).toBe(429);
	});

	it('does not count a phone’s own renewals towards the limits', async () => {
		const phone = await signUp();
		let credential = phone.credential;
		for (let i = 0; i < 15; i++) {
			const answer = await renew(phone.api, phone.clientId, credential);
			expect(answer.status).toBe(200);
			credential = answer.body.credential;
		}
	});
});
