import { beforeAll, describe, expect, it } from 'vitest';
import { jakartaDay } from '../../src/lib/domain/dates';
import { addMonths, monthOfDay, type Expense } from '../../src/lib/domain/expense';
import type { FinancingApplication } from '../../src/lib/domain/financing';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import type { Order } from '../../src/lib/domain/order';
import { createAccount } from '../helpers/admin';
import { Device, newPhone, productArgs, registerSeller, type Seller } from '../helpers/client';
import {
	completeFields,
	documentPhoto,
	lenderOffering,
	pullApplications,
	uploadDocument
} from '../helpers/financing';
import { PortalBrowser } from '../helpers/portal';
import { backends, useTestServer } from '../helpers/server';
import { textOf } from '../helpers/storefront';

/** Every expense change of a full pull, the last one of each id: its value, or 'deleted'. */
async function pulledExpenses(device: Device): Promise<Map<string, Expense | 'deleted'>> {
	const found = new Map<string, Expense | 'deleted'>();
	const { pages } = await device.pullAll();
	for (const page of pages) {
		for (const space of Object.values(page.spaces)) {
			for (const change of space.changes) {
				if (change.entity !== 'expense') continue;
				found.set(change.id, change.op === 'delete' ? 'deleted' : (change.value as Expense));
			}
		}
	}
	return found;
}

describe.each(backends)('expenses on $name', ({ name }) => {
	const context = useTestServer(name, { KUR_RATES: '{"mikro":7}' });
	let sari: Seller;
	let budi: Seller;
	let phone: Device;
	let budiPhone: Device;
	let orderCount = 0;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
		phone = new Device(sari.api);
		budiPhone = new Device(budi.api);
	});

	async function pushOne(device: Device, mutation: string, args: unknown, space = sari.spaceId, at?: string) {
		const entry = device.mutation(mutation, space, args);
		const answer = await device.push([at ? { ...entry, at } : entry]);
		expect(answer.status).toBe(200);
		return answer.body.results[0] as MutationResult;
	}

	const expense = (overrides: Record<string, unknown> = {}) => ({
		id: uuidv7(),
		category: 'electricity',
		amount: 150_000,
		date: '2026-11-02',
		note: 'Token listrik',
		...overrides
	});

	it('records, changes and deletes an expense; pull sends each state, as the domain type', async () => {
		const args = expense();
		expect(await pushOne(phone, 'expense.put', args)).toEqual({ id: expect.any(Number), status: 'applied' });
		let pulled = (await pulledExpenses(phone)).get(args.id);
		expect(pulled).toEqual({
			id: args.id,
			spaceId: sari.spaceId,
			category: 'electricity',
			amount: 150_000,
			date: '2026-11-02',
			note: 'Token listrik',
			photo: null,
			changedBy: { id: sari.account.user.id, name: 'Sari', role: 'owner' },
			version: expect.any(Number),
			createdAt: expect.any(String),
			updatedAt: expect.any(String)
		});

		expect(await pushOne(phone, 'expense.put', { id: args.id, amount: 175_000, note: null })).toMatchObject({
			status: 'applied'
		});
		pulled = (await pulledExpenses(phone)).get(args.id);
		expect(pulled).toMatchObject({ category: 'electricity', amount: 175_000, note: null });

		expect(await pushOne(phone, 'expense.delete', { id: args.id })).toMatchObject({ status: 'applied' });
		expect((await pulledExpenses(phone)).get(args.id)).toBe('deleted');
		// A deleted expense stays gone: it cannot be patched back to life.
		expect(await pushOne(phone, 'expense.put', { id: args.id, amount: 1 })).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
	});

	it.each([
		['no category on a new expense', { category: undefined }, 'invalid'],
		['an unknown category', { category: 'liburan' }, 'invalid'],
		['zero rupiah', { amount: 0 }, 'invalid'],
		['more than the ceiling', { amount: 1_000_000_000_001 }, 'invalid'],
		['a date that is not a day', { date: '2026-02-30x' }, 'invalid'],
		['a note with a bidi override', { note: 'kwitansi \u202e' }, 'invalid']
	])('refuses %s and stores nothing', async (_name, overrides, code) => {
		const args = expense(overrides);
		expect(await pushOne(phone, 'expense.put', args)).toMatchObject({ status: 'rejected', code });
		expect((await pulledExpenses(phone)).has(args.id)).toBe(false);
	});

	it('keeps one seller’s expenses from another: writes refused, nothing pulled, the receipt not served', async () => {
		const receipt = documentPhoto();
		expect((await uploadDocument(sari.api, sari.spaceId, receipt)).status).toBe(201);
		const args = expense({ category: 'rent', amount: 500_000, photo: receipt.hash });
		expect(await pushOne(phone, 'expense.put', args)).toMatchObject({ status: 'applied' });

		// Into Sari's space: not Budi's to write.
		expect(await pushOne(budiPhone, 'expense.put', expense(), sari.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		// Sari's expense by its id, from Budi's own space: neither changed nor deleted.
		expect(await pushOne(budiPhone, 'expense.put', { id: args.id, amount: 1 }, budi.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
		expect(await pushOne(budiPhone, 'expense.delete', { id: args.id }, budi.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
		expect((await pulledExpenses(phone)).get(args.id)).toMatchObject({
			amount: 500_000,
			photo: receipt.hash
		});

		expect((await pulledExpenses(budiPhone)).has(args.id)).toBe(false);
		const asked = await budiPhone.pull({ [sari.spaceId]: 0 });
		expect(asked.status).toBe(403);

		const address = `/api/documents/${receipt.hash}?space=${sari.spaceId}`;
		expect((await budi.api.request('GET', address)).status).toBe(403);
		expect((await budi.api.request('GET', `/api/photos/${receipt.hash}`)).status).toBe(404);
		expect((await sari.api.request('GET', address)).status).toBe(200);
	});

	it('stores a product’s cost price and copies it into each sale, so a later change leaves past sales alone', async () => {
		const kopi = productArgs({ name: 'Kopi', price: 3000, stock: 20, costPrice: 2000 });
		const gula = productArgs({ name: 'Gula', price: 15_000, stock: 5 });
		expect(await pushOne(phone, 'product.put', kopi)).toMatchObject({ status: 'applied' });
		expect(await pushOne(phone, 'product.put', gula)).toMatchObject({ status: 'applied' });
		const order = {
			id: uuidv7(),
			number: `KP-${++orderCount}`,
			items: [
				{ productId: kopi.id, qty: 2, price: 3000 },
				{ productId: gula.id, qty: 1, price: 15_000 }
			],
			buyer: { name: 'Bu Tini' },
			status: 'completed'
		};
		expect(await pushOne(phone, 'order.create', order)).toMatchObject({ status: 'applied' });
		expect(await pushOne(phone, 'product.put', { id: kopi.id, costPrice: 2500 })).toMatchObject({
			status: 'applied'
		});
		const pulled = await phone.pullAll();
		expect(pulled.products.get(kopi.id)).toMatchObject({ costPrice: 2500 });
		expect(pulled.products.get(gula.id)).toMatchObject({ costPrice: null });
		const items = (pulled.orders.get(order.id) as Order).items;
		expect(items[0]).toMatchObject({ productId: kopi.id, costPrice: 2000 });
		expect(items[1]).not.toHaveProperty('costPrice');
		expect(await pushOne(phone, 'product.put', { id: kopi.id, costPrice: -1 })).toMatchObject({
			status: 'rejected',
			code: 'invalid'
		});
	});

	it('attaches the profit of the last three whole months to a KUR application when asked, from the server’s records', async () => {
		// A seller of their own, so the figures are only this test's.
		const rina = await registerSeller(context.server.url, 'Rina', 'Warung Rina');
		const device = new Device(rina.api);
		const lenderPhone = newPhone();
		await createAccount(context.database, 'lender', 'Bank Laba', lenderPhone);
		const lender = await lenderOffering(rina.api);
		const lastMonth = addMonths(monthOfDay(jakartaDay(new Date())), -1);
		const kopi = productArgs({ name: 'Kopi', price: 10_000, stock: 50, costPrice: 6_000 });
		expect(await pushOne(device, 'product.put', kopi, rina.spaceId)).toMatchObject({ status: 'applied' });
		const sale = {
			id: uuidv7(),
			number: 'KP-1',
			items: [
				{ productId: kopi.id, qty: 10, price: 10_000 },
				{ name: 'Ongkos antar', qty: 1, price: 5_000 }
			],
			buyer: { name: 'Pak Joko' },
			status: 'completed'
		};
		const soldAt = `${lastMonth}-15T05:00:00.000Z`;
		expect(await pushOne(device, 'order.create', sale, rina.spaceId, soldAt)).toMatchObject({
			status: 'applied'
		});
		for (const spent of [
			{ category: 'rent', amount: 20_000 },
			{ category: 'stock_purchase', amount: 300_000 }
		]) {
			const args = expense({ ...spent, date: `${lastMonth}-10` });
			expect(await pushOne(device, 'expense.put', args, rina.spaceId)).toMatchObject({ status: 'applied' });
		}
		const ktp = documentPhoto();
		const business = documentPhoto();
		for (const document of [ktp, business]) {
			expect((await uploadDocument(rina.api, rina.spaceId, document)).status).toBe(201);
		}
		const id = uuidv7();
		const fields = {
			...completeFields({ ktp: ktp.hash, business: business.hash }, lender.id),
			includeProfitReport: true
		};
		const answer = await device.push([
			device.mutation('financing.patch', rina.spaceId, { id, fields }),
			device.mutation('financing.submit', rina.spaceId, { id })
		]);
		expect(answer.body.results.map((result: MutationResult) => result.status)).toEqual([
			'applied',
			'applied'
		]);
		const application = (await pullApplications(device)).get(id) as FinancingApplication;
		const profit = application.salesRecord?.profit;
		expect(profit?.map((month) => month.month)).toEqual([
			addMonths(lastMonth, -2),
			addMonths(lastMonth, -1),
			lastMonth
		]);
		expect(profit?.[2]).toMatchObject({
			sales: 105_000,
			costOfGoods: 60_000,
			unknownCostItems: 1,
			unknownCostSales: 5_000,
			operatingExpenses: 20_000,
			profit: 25_000
		});
		expect(profit?.[2].expenses).toMatchObject({ rent: 20_000, stock_purchase: 300_000 });
		expect(profit?.[0]).toMatchObject({ sales: 0, profit: 0 });

		// The lender reads it on the application's page.
		const portal = new PortalBrowser(context.server.url);
		expect((await portal.login(lenderPhone, '123456')).location).toBe('/portal/pembiayaan');
		const text = textOf((await portal.get(`/portal/pembiayaan/${id}`)).html);
		expect(text).toContain('Laporan laba 3 bulan terakhir');
		expect(text).toMatch(/Laba( Rp0){2} Rp25\.000/);
		expect(text).toMatch(/Belanja stok \(tidak dikurangi lagi\)( Rp0){2} Rp300\.000/);
	});
});
