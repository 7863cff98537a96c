import { describe, expect, it } from 'vitest';
import { ApiClient, newPhone, registerSeller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

describe.each(backends)('auth on $name', ({ name }) => {
	const context = useTestServer(name);

	it('registers a seller with a phone written 08…, stores it as +628…, and logs in', async () => {
		const api = new ApiClient(context.server.url);
		const local = newPhone();
		const register = await api.post('/api/auth/register', {
			name: ' Sari ',
			phone: `${local.slice(0, 4)} ${local.slice(4, 8)}-${local.slice(8)}`,
			pin: '246810',
			businessName: 'Warung Bu Sari!'
		});
		expect(register.status).toBe(201);
		expect(register.body.user).toEqual({
			id: expect.any(String),
			name: 'Sari',
			phone: `+62${local.slice(1)}`,
			role: 'seller'
		});
		expect(register.body.spaces).toEqual([
			{ id: expect.any(String), name: 'Warung Bu Sari!', slug: 'warung-bu-sari', role: 'owner' }
		]);
		const cookie = register.headers.getSetCookie().find((line) => line.startsWith('session='));
		expect(cookie).toMatch(/^session=[\w-]{43};/);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).toMatch(/Max-Age=2592000/);
		// adapter-node without ORIGIN takes requests to be https (behind a TLS proxy), so the cookie is Secure.
		expect(cookie).toMatch(/Secure/);
		expect(register.headers.get('x-content-type-options')).toBe('nosniff');
		expect(register.headers.get('referrer-policy')).toBe('same-origin');

		const me = await api.get('/api/me');
		expect(me.status).toBe(200);
		expect(me.body).toEqual(register.body);

		// the same phone in another spelling, from another device
		const phone = new ApiClient(context.server.url);
		const login = await phone.post('/api/auth/login', { phone: `62${local.slice(1)}`, pin: '246810' });
		expect(login.status).toBe(200);
		expect(login.body).toEqual(register.body);
		expect(phone.cookie).not.toBe(api.cookie);
		expect((await phone.get('/api/me')).status).toBe(200);

		const logout = await phone.post('/api/auth/logout');
		expect(logout.status).toBe(204);
		expect(phone.cookie).toBeNull();
		expect((await phone.get('/api/me')).status).toBe(401);
		// logging out one phone leaves the other logged in
		expect((await api.get('/api/me')).status).toBe(200);
	});

	it('keeps a logged-out session dead even if the cookie is replayed', async () => {
		const seller = await registerSeller(context.server.url);
		const stolen = seller.api.cookie;
		expect((await seller.api.post('/api/auth/logout')).status).toBe(204);
		seller.api.cookie = stolen;
		const me = await seller.api.get('/api/me');
		expect(me.status).toBe(401);
		expect(me.body.error).toEqual({ code: 'unauthorized', message: 'Silakan masuk dulu' });
	});

	it('refuses a phone that is already registered, and gives a second shop with the same name its own slug', async () => {
		const first = await registerSeller(context.server.url, 'Budi', 'Toko Maju');
		const again = await new ApiClient(context.server.url).post('/api/auth/register', {
			name: 'Budi lagi',
			phone: first.account.user.phone,
			pin: '111111',
			businessName: 'Toko Lain'
		});
		expect(again.status).toBe(409);
		expect(again.body.error).toEqual({ code: 'phone_taken', message: 'Nomor HP ini sudah terdaftar' });

		const second = await registerSeller(context.server.url, 'Ani', 'Toko Maju');
		expect(first.account.spaces[0].slug).toBe('toko-maju');
		expect(second.account.spaces[0].slug).toBe('toko-maju-2');
	});

	it('answers invalid registrations with Indonesian messages', async () => {
		const answer = await new ApiClient(context.server.url).post('/api/auth/register', {
			name: 'Sari',
			phone: '12345',
			pin: '12ab',
			businessName: ''
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe('invalid');
		expect(answer.body.error.message).toBe('Nomor HP tidak valid. Tulis seperti 0812 3456 7890');
		expect(answer.body.error.issues).toEqual(
			expect.arrayContaining([
				{ path: ['phone'], message: 'Nomor HP tidak valid. Tulis seperti 0812 3456 7890' },
				{ path: ['pin'], message: 'PIN harus 6 angka' },
				{ path: ['businessName'], message: 'Nama usaha wajib diisi' }
			])
		);
	});

	it('gives a wrong PIN and an unknown phone the same 401', async () => {
		const seller = await registerSeller(context.server.url);
		const api = new ApiClient(context.server.url);
		const wrongPin = await api.post('/api/auth/login', { phone: seller.phone, pin: '000000' });
		const unknown = await api.post('/api/auth/login', { phone: newPhone(), pin: seller.pin });
		expect(wrongPin.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(wrongPin.body).toEqual({ error: { code: 'wrong_pin', message: 'Nomor HP atau PIN salah' } });
		expect(unknown.body).toEqual(wrongPin.body);
		expect(api.cookie).toBeNull();
	});

	it('locks a phone after 10 wrong PINs, even for the right PIN, but not the other phones of the address', async () => {
		const seller = await registerSeller(context.server.url);
		const neighbour = await registerSeller(context.server.url, 'Tono', 'Warung Tono');
		const api = new ApiClient(context.server.url);
		for (let attempt = 1; attempt <= 10; attempt++) {
			const answer = await api.post('/api/auth/login', { phone: seller.phone, pin: '999999' });
			expect(answer.status, `attempt ${attempt}`).toBe(401);
		}
		const eleventh = await api.post('/api/auth/login', { phone: seller.phone, pin: seller.pin });
		expect(eleventh.status).toBe(429);
		expect(eleventh.body.error).toEqual({
			code: 'too_many_attempts',
			message: 'Terlalu banyak percobaan. Tunggu 15 menit lalu coba lagi.'
		});
		expect(api.cookie).toBeNull();
		// other sellers behind the same address (carrier-grade NAT) can still log in
		const other = await new ApiClient(context.server.url).post('/api/auth/login', {
			phone: neighbour.phone,
			pin: neighbour.pin
		});
		expect(other.status).toBe(200);
		// and a session made before the lock keeps working
		expect((await seller.api.get('/api/me')).status).toBe(200);
	});

	it('clears the failure count of a phone when its PIN is right', async () => {
		const seller = await registerSeller(context.server.url);
		const api = new ApiClient(context.server.url);
		for (let attempt = 0; attempt < 9; attempt++) {
			await api.post('/api/auth/login', { phone: seller.phone, pin: '999999' });
		}
		expect((await api.post('/api/auth/login', { phone: seller.phone, pin: seller.pin })).status).toBe(200);
		for (let attempt = 0; attempt < 9; attempt++) {
			expect((await api.post('/api/auth/login', { phone: seller.phone, pin: '999999' })).status).toBe(401);
		}
		expect((await api.post('/api/auth/login', { phone: seller.phone, pin: seller.pin })).status).toBe(200);
	});

	it('answers unknown API paths and methods in JSON', async () => {
		const api = new ApiClient(context.server.url);
		const missing = await api.get('/api/nothing-here');
		expect(missing.status).toBe(404);
		expect(missing.body.error).toEqual({ code: 'not_found', message: 'Tidak ditemukan' });
		const method = await api.get('/api/sync/push');
		expect(method.status).toBe(405);
		expect(method.body.error.code).toBe('method_not_allowed');
		expect(method.headers.get('allow')).toContain('POST');
	});
});
