import { beforeAll, describe, expect, it } from 'vitest';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { ApiClient, Device, newPhone, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

describe.each(backends)('concurrent writers on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
	});

	async function stockOf(device: Device, productId: string): Promise<number> {
		return (await device.pullAll()).products.get(productId)!.stock;
	}

	it('counts every stock.adjust from several phones pushing at the same time', async () => {
		const owner = new Device(sari.api);
		const product = productArgs({ name: 'Telur', unit: 'butir', stock: 100 });
		await owner.push([owner.mutation('product.put', sari.spaceId, product)]);

		// four phones of the same seller (two of them with their own login session), each pushing 10 batches
		const second = new ApiClient(context.server.url);
		expect((await second.post('/api/auth/login', { phone: sari.phone, pin: sari.pin })).status).toBe(200);
		const phones = [new Device(sari.api), new Device(sari.api), new Device(second), new Device(second)];
		let expected = 100;
		const plans = phones.map((phone, p) =>
			Array.from({ length: 10 }, (_, b) =>
				Array.from({ length: 5 }, (_, m) => {
					const delta = ((p * 50 + b * 5 + m) % 7) - 3 || 4;
					expected += delta;
					return phone.mutation('stock.adjust', sari.spaceId, {
						productId: product.id,
						delta,
						reason: 'sale'
					});
				})
			)
		);
		await Promise.all(
			phones.map(async (phone, p) => {
				for (const batch of plans[p]) {
					const answer = await phone.push(batch);
					expect(answer.status).toBe(200);
					expect(answer.body.results.map((r: MutationResult) => r.status)).toEqual(Array(5).fill('applied'));
				}
			})
		);
		expect(await stockOf(owner, product.id)).toBe(expected);
	});

	it('applies a batch once when the same phone sends it several times at once', async () => {
		const phone = new Device(sari.api);
		const product = productArgs({ name: 'Roti', stock: 0 });
		await phone.push([phone.mutation('product.put', sari.spaceId, product)]);
		const batch = Array.from({ length: 20 }, () =>
			phone.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: 1, reason: 'restock' })
		);
		const answers = await Promise.all(Array.from({ length: 4 }, () => phone.push(batch)));
		for (const answer of answers) {
			expect(answer.status).toBe(200);
			expect(answer.body.lastMutationId).toBe(21);
		}
		for (const mutation of batch) {
			const statuses = answers.map(
				(answer) => answer.body.results.find((r: MutationResult) => r.id === mutation.id).status
			);
			expect(
				statuses.filter((status) => status === 'applied'),
				`mutation ${mutation.id}`
			).toHaveLength(1);
			expect(statuses.filter((status) => status === 'duplicate')).toHaveLength(3);
		}
		expect(await stockOf(phone, product.id)).toBe(20);
	});
});

describe.each(backends)('sign-ups of one shop name at once on $name', ({ name }) => {
	const context = useTestServer(name);

	it('gives 30 shops of the same name, registered at the same moment, 30 different links', async () => {
		const answers = await Promise.all(
			Array.from({ length: 30 }, () =>
				new ApiClient(context.server.url).post('/api/auth/register', {
					name: 'Sari',
					phone: newPhone(),
					pin: '123456',
					businessName: 'Warung Kembar'
				})
			)
		);
		expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(201));
		const slugs = answers.map((answer) => answer.body.spaces[0].slug as string);
		expect(new Set(slugs).size).toBe(30);
		for (const slug of slugs) expect(slug).toMatch(/^warung-kembar(-[0-9a-z]+)?$/);
	});
});
