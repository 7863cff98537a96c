import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import { MUTATION_NAMES } from '../../src/lib/domain/mutations';
import { ApiClient, Device, newPhone, productArgs, registerSeller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

const TEXT_INVALID = 'Ada huruf atau tanda yang tidak bisa dipakai. Hapus lalu ketik ulang.';

/** Text that must never be stored: a NUL, a bidi override, a lone surrogate. */
const UNCLEAN = ['Kopi\u0000', 'Kopi \u202Eipok', 'Kopi \uD800'];
/** Names that show nothing: zero-width spaces, a word joiner, the Hangul filler, soft hyphens. */
const BLANK_NAMES = ['\u200B\u200B', '\u2060', '\u3164', '\u00AD\u00AD', ' \u200D '];

describe.each(backends)('bad input on $name', ({ name }) => {
	const context = useTestServer(name);
	const origin = () => `https://${new URL(context.server.url).host}`;

	it('refuses unclean text and blank-looking names at registration with 400, never 5xx', async () => {
		for (const bad of [...UNCLEAN, ...BLANK_NAMES]) {
			for (const field of ['name', 'businessName']) {
				const body = {
					name: 'Sari',
					phone: newPhone(),
					pin: '123456',
					businessName: 'Warung Sari',
					[field]: bad
				};
				const answer = await new ApiClient(context.server.url).post('/api/auth/register', body);
				expect(answer.status, `${field} ${JSON.stringify(bad)}`).toBe(400);
				expect(answer.body.error.code).toBe('invalid');
				expect(answer.body.error.message).toBeTruthy();
			}
		}
	});

	it('answers an unclean text in any mutation rejected/invalid, and applies the mutation behind it', async () => {
		const seller = await registerSeller(context.server.url);
		const device = new Device(seller.api);
		for (const mutationName of MUTATION_NAMES) {
			for (const bad of UNCLEAN) {
				const after = productArgs({ name: 'Teh botol' });
				const answer = await device.push([
					device.mutation(mutationName, seller.spaceId, { id: uuidv7(), note: bad }),
					device.mutation('product.put', seller.spaceId, after)
				]);
				expect(answer.status, mutationName).toBe(200);
				expect(answer.body.results[0], `${mutationName} ${JSON.stringify(bad)}`).toMatchObject({
					status: 'rejected',
					code: 'invalid',
					message: TEXT_INVALID
				});
				expect(answer.body.results[1].status).toBe('applied');
			}
		}
		for (const bad of BLANK_NAMES) {
			const answer = await device.push([
				device.mutation('product.put', seller.spaceId, productArgs({ name: bad })),
				device.mutation('order.create', seller.spaceId, {
					id: uuidv7(),
					number: 'KP-1',
					items: [{ name: 'Es teh', qty: 1, price: 3000 }],
					buyer: { name: bad },
					status: 'completed'
				})
			]);
			expect(answer.body.results.map((result: { status: string }) => result.status)).toEqual([
				'rejected',
				'rejected'
			]);
		}
		const { products } = await device.pullAll();
		for (const product of products.values()) expect(product.name).toBe('Teh botol');
	});

	it('refuses an order whose total does not fit, and never stores it', async () => {
		const seller = await registerSeller(context.server.url);
		const device = new Device(seller.api);
		const id = uuidv7();
		const answer = await device.push([
			device.mutation('order.create', seller.spaceId, {
				id,
				number: 'KP-1',
				items: Array.from({ length: 100 }, () => ({ name: 'Emas', qty: 100_000, price: 1_000_000_000_000 })),
				buyer: { name: 'Pak Budi' },
				status: 'completed'
			})
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
		const { orders } = await device.pullAll();
		expect(orders.has(id)).toBe(false);
	});

	it('answers a control character in a shop address or a form with 4xx, never 5xx', async () => {
		const seller = await registerSeller(context.server.url);
		const slug = seller.account.spaces[0].slug;
		expect((await fetch(`${context.server.url}/toko/%00`)).status).toBe(404);
		expect((await fetch(`${context.server.url}/toko/${slug}%00`)).status).toBe(404);
		for (const [path, fields] of [
			[`/toko/${slug}?/periksa`, { name: 'Bu\u0000Rina', phone: '081234567890' }],
			['/portal/masuk', { phone: '0812\u0000', pin: '123456' }]
		] as const) {
			const answer = await fetch(context.server.url + path, {
				method: 'POST',
				headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(fields).toString()
			});
			expect(answer.status, path).toBe(400);
			expect(await answer.text()).toContain(TEXT_INVALID);
		}
	});
});
