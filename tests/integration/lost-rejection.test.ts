import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import id from '../../src/lib/i18n/id.json';
import { registerSeller, type Seller } from '../helpers/client';
import { deliver, loseAnswer, Phone, type Fault } from '../helpers/phone';
import { backends, useTestServer } from '../helpers/server';

/** Pushes reach the server and commit, and their answers are lost on the way back; pulls go through. */
const losePushAnswers: Fault = (exchange, phone) =>
	exchange.path === '/api/sync/push' ? loseAnswer(exchange, phone) : deliver(exchange, phone);

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe.each(backends)('a refusal whose answer was lost, on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
	});

	async function sarisPhone(label: string): Promise<Phone> {
		const phone = new Phone(context.server.url, label);
		await phone.login(sari.phone, sari.pin);
		return phone;
	}

	/** Phone A makes a product and both phones have it; then phone B deletes it and syncs. A has not pulled since. */
	async function productDeletedBehindPhoneA(a: Phone, b: Phone): Promise<string> {
		const productId = uuidv7();
		await a.change(sari.spaceId, 'product.put', {
			id: productId,
			name: 'Teh botol',
			price: 5000,
			unit: 'botol',
			stock: 24
		});
		await a.sync();
		await b.sync();
		expect(await b.db.products.get(productId)).toMatchObject({ name: 'Teh botol', stock: 24 });
		await b.change(sari.spaceId, 'product.delete', { id: productId });
		await b.sync();
		return productId;
	}

	async function recordSale(
		phone: Phone,
		productId: string
	): Promise<{ orderId: string; mutationId: number }> {
		const orderId = uuidv7();
		const mutationId = await phone.change(sari.spaceId, 'order.create', {
			id: orderId,
			number: await phone.nextOrderNumber(),
			items: [{ productId, qty: 2, price: 5000 }],
			buyer: { name: 'Pak Joko' },
			status: 'completed'
		});
		// the phone shows the sale at once, offline
		expect(await phone.db.orders.get(orderId)).toMatchObject({ status: 'completed', total: 10_000 });
		return { orderId, mutationId };
	}

	/** The push answers the phone got (or lost), from the `since`-th request copy of its log on. */
	function pushAnswers(phone: Phone, fate: 'answered' | 'lost', since = 0) {
		return phone.log.slice(since).filter((entry) => entry.path === '/api/sync/push' && entry.fate === fate);
	}

	it('shows a refused sale once, and takes it off the phone, when the refusal was lost and the push retried', async () => {
		const a = await sarisPhone('A');
		const b = await sarisPhone('B');
		const productId = await productDeletedBehindPhoneA(a, b);
		const sale = await recordSale(a, productId);

		a.fault = losePushAnswers;
		expect(await a.syncOnce()).toBe(false);
		// The server did refuse the sale (the product is gone), and committed that; the phone never heard.
		const lost = pushAnswers(a, 'lost');
		expect(lost).toHaveLength(1);
		const refusal: MutationResult = lost[0].answer.results.find(
			(result: MutationResult) => result.id === sale.mutationId
		);
		expect(refusal).toMatchObject({ status: 'rejected', code: 'not_found' });
		expect(refusal.message).toBe(id.err.product_missing);

		a.fault = deliver;
		await a.sync();
		// The retry is answered with the refusal again, not a bare `duplicate` (DESIGN.md §3 Push).
		const retried = pushAnswers(a, 'answered')
			.flatMap((entry) => entry.answer.results as MutationResult[])
			.filter((result) => result.id === sale.mutationId);
		expect
			.soft(retried)
			.toEqual([
				expect.objectContaining({ status: 'rejected', code: 'not_found', message: refusal.message })
			]);
		// later syncs do not show it again
		await a.sync();
		await a.sync();

		const rejections = await a.rejections();
		expect(rejections).toHaveLength(1);
		expect(rejections[0]).toMatchObject({
			mutationId: sale.mutationId,
			name: 'order.create',
			entityId: sale.orderId,
			code: 'not_found',
			message: id.err.product_missing
		});
		expect(await a.db.orders.get(sale.orderId)).toBeUndefined();
		expect(await a.db.outbox.count()).toBe(0);
		expect(await a.holdings(sari.spaceId)).toEqual(await a.serverHoldings(sari.spaceId));
		// and phone B, which never had the sale, agrees too
		await b.sync();
		expect(await b.holdings(sari.spaceId)).toEqual(await a.holdings(sari.spaceId));
	});

	it('does not drop a refused sale that another answer passed by without a result of its own', async () => {
		const first = await sarisPhone('C');
		const b = await sarisPhone('D');
		// a product that stays on sale, and one that phone B deletes behind this phone's back
		const kept = uuidv7();
		await first.change(sari.spaceId, 'product.put', {
			id: kept,
			name: 'Kopi sachet',
			price: 5000,
			unit: 'pcs',
			stock: 50
		});
		const productId = await productDeletedBehindPhoneA(first, b);
		// a second tab of the same install: the same IndexedDB database and outbox, its own sync engine
		const second = first.tab('C-second-tab');

		// a sale the server takes, so that no refusal in the answers below makes the phone read its data again
		const saleOne = await recordSale(first, kept);
		// The first tab's push leaves with sale one and is slow on the way to the server ...
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		let sent: (body: { mutations: { id: number }[] }) => void = () => {};
		const firstPushSent = new Promise<{ mutations: { id: number }[] }>((resolve) => (sent = resolve));
		let held = false;
		first.fault = async (exchange, phone) => {
			if (exchange.path === '/api/sync/push' && !held) {
				held = true;
				sent(exchange.body);
				await gate;
			}
			return deliver(exchange, phone);
		};
		const since = first.log.length;
		const firstRun = first.syncOnce();
		try {
			const firstBatch = await within(10_000, firstPushSent, "the first tab's push");
			expect(firstBatch.mutations.map((mutation) => mutation.id)).toEqual([saleOne.mutationId]);

			// ... meanwhile a sale of the deleted product is recorded, and the second tab pushes both: the
			// server takes the first and refuses the second (the product is gone), and that answer is lost.
			const saleTwo = await recordSale(first, productId);
			second.fault = losePushAnswers;
			expect(await within(10_000, second.syncOnce(), "the second tab's sync")).toBe(false);
			const lost = pushAnswers(second, 'lost');
			expect(lost).toHaveLength(1);
			expect(lost[0].answer.results).toEqual([
				expect.objectContaining({ id: saleOne.mutationId, status: 'applied' }),
				expect.objectContaining({ id: saleTwo.mutationId, status: 'rejected', code: 'not_found' })
			]);

			// The first tab's push arrives now: its answer has a result for sale one only, and a
			// lastMutationId that passes sale two. Sale two must not be dropped as if answered.
			release();
			await within(10_000, firstRun, "the first tab's sync");
			const [firstAnswer] = pushAnswers(first, 'answered', since);
			expect(firstAnswer.answer.lastMutationId).toBe(saleTwo.mutationId);
			expect(firstAnswer.answer.results.map((result: MutationResult) => result.id)).toEqual([
				saleOne.mutationId
			]);

			first.fault = deliver;
			second.fault = deliver;
			await first.sync();
			await second.sync();
			await first.sync();

			// the refusal reaches the phone once, and the refused sale is gone from it; the other sale stays
			expect(await first.rejections()).toEqual([
				expect.objectContaining({
					mutationId: saleTwo.mutationId,
					name: 'order.create',
					entityId: saleTwo.orderId,
					code: 'not_found',
					message: id.err.product_missing
				})
			]);
			expect(await first.db.orders.get(saleTwo.orderId)).toBeUndefined();
			expect(await first.db.orders.get(saleOne.orderId)).toMatchObject({ status: 'completed' });
			expect(await first.db.outbox.count()).toBe(0);
			expect(await first.holdings(sari.spaceId)).toEqual(await first.serverHoldings(sari.spaceId));
		} finally {
			release();
		}
	});
});
