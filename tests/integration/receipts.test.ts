import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import { newReceiptToken } from '../../src/lib/domain/receipt';
import { ApiClient, Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

describe.each(backends)('receipt pages /nota/<token> on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let budi: Seller;
	let sariPhone: Device;
	let kopiId: string;
	let orderCount = 0;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Bu Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
		sariPhone = new Device(sari.api);
		const kopi = productArgs({ name: 'Kopi Kapal Api', price: 2500, unit: 'sachet', stock: 50 });
		kopiId = kopi.id;
		const answer = await sariPhone.push([sariPhone.mutation('product.put', sari.spaceId, kopi)]);
		expect(answer.body.results[0].status).toBe('applied');
	});

	function sale(receiptToken: string, overrides: Record<string, unknown> = {}) {
		return {
			id: uuidv7(),
			number: `KP-${++orderCount}`,
			items: [
				{ productId: kopiId, qty: 4, price: 2500 },
				{ name: 'Es batu', qty: 1, price: 1000 }
			],
			buyer: { name: 'Bu Tini', phone: '0857 1111 2222' },
			status: 'completed',
			payment: { id: uuidv7(), amount: 6000, method: 'cash' },
			note: 'rahasia: titip kunci di pos',
			receiptToken,
			...overrides
		};
	}

	/** The text of the element with that test id (`receipt-total` …) in a page's HTML. */
	function shown(html: string, what: string): string | undefined {
		return new RegExp(`data-testid="receipt-${what}"[^>]*>([^<]*)<`).exec(html)?.[1];
	}

	/** The page as a stranger's browser gets it: no cookie. */
	function open(token: string) {
		return new ApiClient(context.server.url).get(`/nota/${token}`);
	}

	it('is not there before the sale has synced, and is served, without script, once it has', async () => {
		const token = newReceiptToken();
		const args = sale(token);
		// Made offline: the link already exists on the phone, but the server has never seen the token.
		expect((await open(token)).status).toBe(404);

		const pushed = await sariPhone.push([sariPhone.mutation('order.create', sari.spaceId, args)]);
		expect(pushed.body.results[0].status).toBe('applied');

		const page = await open(token);
		expect(page.status).toBe(200);
		const html: string = page.body;
		expect(html).toContain('Warung Bu Sari');
		expect(html).toContain(args.number);
		expect(html).toContain('Kopi Kapal Api');
		expect(html).toContain('4 sachet × Rp2.500');
		expect(html).toContain('Rp10.000');
		expect(html).toContain('Es batu');
		expect(shown(html, 'total')).toBe('Rp11.000');
		expect(shown(html, 'paid')).toBe('Rp6.000');
		expect(shown(html, 'owed')).toBe('Rp5.000');
		// The date, in Western Indonesian Time.
		expect(html).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}/);
		// Zero JavaScript, and nothing personal beyond what a receipt carries.
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toContain('2222');
		expect(html).not.toContain('rahasia');
		expect(page.headers.get('cache-control')).toBe('private, no-store');
	});

	it('shows a payment of the bon made later', async () => {
		const token = newReceiptToken();
		const args = sale(token);
		await sariPhone.push([sariPhone.mutation('order.create', sari.spaceId, args)]);
		expect(shown((await open(token)).body, 'owed')).toBe('Rp5.000');
		const paid = await sariPhone.push([
			sariPhone.mutation('order.pay', sari.spaceId, {
				id: args.id,
				paymentId: uuidv7(),
				amount: 5000,
				method: 'transfer'
			})
		]);
		expect(paid.body.results[0].status).toBe('applied');
		const html: string = (await open(token)).body;
		expect(shown(html, 'paid')).toBe('Rp11.000');
		expect(shown(html, 'owed')).toBe('Rp0');
	});

	it('answers 404 to a wrong token, a malformed one, and a near miss of a real one', async () => {
		const token = newReceiptToken();
		await sariPhone.push([sariPhone.mutation('order.create', sari.spaceId, sale(token))]);
		expect((await open(token)).status).toBe(200);
		const nearMiss = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
		for (const wrong of [
			newReceiptToken(),
			nearMiss,
			'abc',
			`${token}x`,
			token.toLowerCase() === token ? '' : token.toLowerCase()
		]) {
			if (!wrong) continue;
			const answer = await open(wrong);
			expect(answer.status, wrong).toBe(404);
			expect(answer.body).not.toContain('Warung Bu Sari');
			expect(answer.body).toContain('Nota tidak ditemukan');
		}
	});

	it("refuses another shop's sale carrying a token already used, and keeps the first shop's page", async () => {
		const token = newReceiptToken();
		await sariPhone.push([sariPhone.mutation('order.create', sari.spaceId, sale(token))]);
		const budiPhone = new Device(budi.api);
		const answer = await budiPhone.push([
			budiPhone.mutation(
				'order.create',
				budi.spaceId,
				sale(token, { items: [{ name: 'Pulsa', qty: 1, price: 5000 }] })
			)
		]);
		expect(answer.body.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
		const html: string = (await open(token)).body;
		expect(html).toContain('Warung Bu Sari');
		expect(html).not.toContain('Pulsa');
	});

	it('gives a sale that comes without a token one of its own, which its seller pulls', async () => {
		const args = sale(newReceiptToken());
		delete (args as { receiptToken?: string }).receiptToken;
		await sariPhone.push([sariPhone.mutation('order.create', sari.spaceId, args)]);
		const pulled = await sariPhone.pullAll();
		const token = pulled.orders.get(args.id)?.receiptToken;
		expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect((await open(token!)).status).toBe(200);
	});
});
