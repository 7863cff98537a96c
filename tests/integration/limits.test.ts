import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { Seller } from '../../src/lib/domain/seller';
import { createAccount } from '../helpers/admin';
import { ApiClient, Device, newPhone, registerSeller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

/**
 * Sends every request at once and counts the answers by status. `last`, when given, goes while the others
 * are still in flight, as soon as the first of them has been answered (a wrong guess is answered only
 * after the slow hash, so by then every guess has arrived and been counted): the right PIN hidden among
 * the guesses, which must be refused too.
 */
async function allAtOnce(
	requests: (() => Promise<{ status: number }>)[],
	last?: () => Promise<{ status: number }>
) {
	const sent = requests.map((request) => request());
	const lastAnswer = last ? Promise.race(sent).then(() => last()) : undefined;
	const answers = await Promise.all(sent);
	const counts: Record<number, number> = {};
	for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
	return { answers, counts, last: await lastAnswer };
}

describe.each(backends)('attempt limits under concurrent guesses on $name', ({ name }) => {
	// Each test speaks from an address of its own (X-Forwarded-For), so the per-address limit of one does
	// not spill into another.
	// REGISTRATIONS_PER_HOUR empty: the server's own default limit, not the test servers' high one.
	const context = useTestServer(name, { ADDRESS_HEADER: 'x-forwarded-for', REGISTRATIONS_PER_HOUR: '' });
	const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

	it('answers at most 10 of 30 simultaneous wrong PINs with 401, the rest 429, and refuses the right PIN among them', async () => {
		const seller = await registerSeller(context.server.url);
		const url = context.server.url;
		const login = (pin: string) => () =>
			new ApiClient(url).post('/api/auth/login', { phone: seller.phone, pin }, from('10.1.0.1'));
		const guesses = Array.from({ length: 30 }, (_, index) => login(String(900000 + index)));
		const { counts, last } = await allAtOnce(guesses, login(seller.pin));
		expect(counts[401]).toBeLessThanOrEqual(10);
		expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(30);
		expect(last?.status).toBe(429);
	});

	it('locks an address after 100 wrong PINs sent at once across phones', async () => {
		const url = context.server.url;
		const guesses = Array.from(
			{ length: 130 },
			() => () =>
				new ApiClient(url).post('/api/auth/login', { phone: newPhone(), pin: '123456' }, from('10.1.0.2'))
		);
		const { counts } = await allAtOnce(guesses);
		expect(counts[401]).toBeLessThanOrEqual(100);
		expect(counts[429]).toBeGreaterThanOrEqual(30);
		// another address is not touched
		const seller = await registerSeller(url);
		const other = await new ApiClient(url).post(
			'/api/auth/login',
			{ phone: seller.phone, pin: seller.pin },
			from('10.1.0.3')
		);
		expect(other.status).toBe(200);
	});

	it('refuses the 11th registration from one address within the hour with 429', async () => {
		const register = (index: number, address: string) =>
			new ApiClient(context.server.url).post(
				'/api/auth/register',
				{ name: 'Sari', phone: newPhone(), pin: '123456', businessName: `Warung ${index}` },
				from(address)
			);
		for (let index = 1; index <= 10; index++) {
			expect((await register(index, '10.1.0.6')).status, `registration ${index}`).toBe(201);
		}
		const eleventh = await register(11, '10.1.0.6');
		expect(eleventh.status).toBe(429);
		expect(eleventh.body.error).toEqual({
			code: 'too_many_registrations',
			message: 'Sudah terlalu banyak pendaftaran dari jaringan ini. Coba lagi satu jam lagi.'
		});
		expect((await register(12, '10.1.0.7')).status).toBe(201);
	});

	describe('activation codes', () => {
		let facilitator: Device;

		beforeAll(async () => {
			const phone = newPhone();
			await createAccount(context.database, 'facilitator', 'Budi Pendamping', phone);
			const api = new ApiClient(context.server.url);
			api.headers = { 'x-forwarded-for': '10.1.0.5' };
			expect((await api.post('/api/auth/login', { phone, pin: '123456' })).status).toBe(200);
			facilitator = new Device(api);
		});

		it('answers at most 10 of 30 simultaneous wrong codes with 401, and refuses the right code among them', async () => {
			const space = uuidv7();
			const phone = newPhone();
			const signUp = await facilitator.push([
				facilitator.mutation('seller.create', space, {
					ownerName: 'Sari Wulandari',
					phone,
					businessName: 'Warung Sari'
				})
			]);
			expect(signUp.body.results[0].status).toBe('applied');
			const { pages } = await facilitator.pullAll();
			const seller = pages
				.flatMap((page) => page.spaces[space]?.changes ?? [])
				.find((change) => change.entity === 'seller')?.value as Seller;
			const code = seller.activation.code!;
			const url = context.server.url;
			const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
			const activate = (typed: string) => () =>
				new ApiClient(url).post(
					'/api/auth/activate',
					{ phone, code: typed, pin: '246810' },
					from('10.1.0.4')
				);
			const guesses = Array.from({ length: 30 }, () => activate(wrong));
			const { counts, last } = await allAtOnce(guesses, activate(code));
			expect(counts[200] ?? 0).toBe(0);
			expect(counts[401]).toBeLessThanOrEqual(10);
			expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(30);
			expect(last?.status).toBe(429);
		});
	});
});
