import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';
import type { Order, OrderEvent, OrderStatus } from '$lib/domain/order';
import type { Product } from '$lib/domain/product';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
	addProductLine,
	CHANNEL_LABELS,
	customerKey,
	debtsByCustomer,
	describeEvent,
	filterOrders,
	findBuyer,
	historyNewestFirst,
	matchesSearch,
	nextSteps,
	ORDER_TABS,
	parseListView,
	pastBuyers,
	PAYMENT_METHOD_LABELS,
	PAYMENT_STATUS_LABELS,
	productsForPicker,
	reminderLink,
	reminderText,
	removeLine,
	saleErrors,
	saleItems,
	setLineQty,
	settleSale,
	STATUS_LABELS,
	tabCounts,
	TAB_LABELS,
	whatsAppChatLink,
	type OrderTab,
	type SaleLine,
	type Translate
} from './order-views';

const i18n = i18next.createInstance();
void i18n.init({
	lng: 'id',
	fallbackLng: false,
	resources: { id: { translation: id }, en: { translation: en } },
	interpolation: { escapeValue: false },
	initAsync: false
});
/** The real Indonesian words of id.json; a missing key would come back as the key itself. */
const t: Translate = (key, options) => i18n.t(key, options ?? {});

let sequence = 0;
function order(fields: Omit<Partial<Order>, 'buyer'> & { buyer?: Partial<Order['buyer']> } = {}): Order {
	sequence++;
	const at = fields.createdAt ?? `2026-11-${String(sequence).padStart(2, '0')}T03:00:00.000Z`;
	const { buyer, ...rest } = fields;
	return {
		id: `0190a000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
		spaceId: 'space-1',
		number: `KP-${sequence}`,
		channel: 'walkin',
		items: [{ productId: null, name: 'Barang', unit: null, price: 10_000, qty: 1 }],
		total: 10_000,
		buyer: { name: 'Pembeli umum', phone: null, ...buyer },
		delivery: null,
		note: null,
		status: 'new',
		payments: [],
		paid: 0,
		paymentStatus: 'unpaid',
		history: [],
		version: 1,
		createdAt: at,
		updatedAt: at,
		...rest
	};
}

function product(fields: Partial<Product> & { id: string; name: string }): Product {
	return {
		spaceId: 'space-1',
		price: 1000,
		unit: 'pcs',
		stock: 10,
		minStock: null,
		category: null,
		sku: null,
		description: null,
		weightGrams: null,
		photos: [],
		active: true,
		version: 1,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		...fields
	};
}

describe('words', () => {
	const keys = [
		...Object.values(STATUS_LABELS),
		...Object.values(PAYMENT_STATUS_LABELS),
		...Object.values(PAYMENT_METHOD_LABELS),
		...Object.values(CHANNEL_LABELS),
		...Object.values(TAB_LABELS),
		...(['new', 'accepted', 'shipped'] as const).flatMap((status) => nextSteps(status).map((s) => s.label))
	];
	it.each(keys)('%s is in id.json and en.json', (key) => {
		expect(i18n.exists(key, { lng: 'id' })).toBe(true);
		expect(i18n.exists(key, { lng: 'en' })).toBe(true);
	});

	it.each([
		['new', 'Baru'],
		['accepted', 'Diproses'],
		['shipped', 'Dikirim'],
		['completed', 'Selesai'],
		['cancelled', 'Dibatalkan']
	] as const)('status %s is "%s"', (status, word) => {
		expect(t(STATUS_LABELS[status])).toBe(word);
	});

	it.each([
		['unpaid', 'Belum bayar'],
		['partial', 'Sebagian'],
		['paid', 'Lunas']
	] as const)('payment %s is "%s"', (status, word) => {
		expect(t(PAYMENT_STATUS_LABELS[status])).toBe(word);
	});

	it('the orders section has the same keys in both languages, plural forms aside', () => {
		const base = (keys: string[]) => new Set(keys.map((key) => key.replace(/_(one|other)$/, '')));
		expect(base(Object.keys(en.orders))).toEqual(base(Object.keys(id.orders)));
	});
});

describe('tabs and search', () => {
	const rina = order({ buyer: { name: 'Bu Rina', phone: '+6281234567890' }, number: 'KP-3' });
	const budi = order({ buyer: { name: 'Pak Budi' }, number: 'KP-12', status: 'accepted' });
	const shop = order({ buyer: { name: 'Dewi' }, number: 'W-12', status: 'completed', channel: 'storefront' });
	const gone = order({ buyer: { name: 'Rina Kurnia' }, number: 'AB-7', status: 'cancelled' });
	const all = [rina, budi, shop, gone];

	it.each([
		[null, 'all'],
		['', 'all'],
		['bon', 'bon'],
		['new', 'new'],
		['cancelled', 'cancelled'],
		['paid', 'all'],
		['__proto__', 'all']
	])('?tab=%s shows %s', (value, view) => {
		expect(parseListView(value)).toBe(view);
	});

	it('counts every tab', () => {
		expect(tabCounts(all)).toEqual({ all: 4, new: 1, accepted: 1, shipped: 0, completed: 1, cancelled: 1 });
		expect(tabCounts([])).toEqual(Object.fromEntries(ORDER_TABS.map((tab) => [tab, 0])));
	});

	it.each<[OrderTab, string, string[]]>([
		['all', '', ['AB-7', 'W-12', 'KP-12', 'KP-3']],
		['new', '', ['KP-3']],
		['accepted', '', ['KP-12']],
		['shipped', '', []],
		['completed', '', ['W-12']],
		['cancelled', '', ['AB-7']],
		['all', 'rina', ['AB-7', 'KP-3']],
		['all', 'RINA', ['AB-7', 'KP-3']],
		['all', '  bu   rina ', ['KP-3']],
		['new', 'rina', ['KP-3']],
		['all', 'kp-3', ['KP-3']],
		['all', 'KP3', ['KP-3']],
		['all', 'kp-1', ['KP-12']],
		['all', 'kp', ['KP-12', 'KP-3']],
		['all', '12', ['W-12', 'KP-12']],
		['all', 'w-12', ['W-12']],
		['all', '0812 3456', ['KP-3']],
		['all', '+62812345', ['KP-3']],
		['all', '7890', ['KP-3']],
		['all', '081', []],
		['all', 'sari', []]
	])('tab %s, search "%s" → %j, newest first', (tab, search, numbers) => {
		expect(filterOrders(all, tab, search).map((o) => o.number)).toEqual(numbers);
	});

	it('orders made in the same millisecond keep a stable newest-first order by id', () => {
		const at = '2026-12-01T00:00:00.000Z';
		const first = order({ createdAt: at, id: '0190a000-0000-7000-8000-000000000001' });
		const second = order({ createdAt: at, id: '0190a000-0000-7000-8000-000000000002' });
		expect(filterOrders([first, second], 'all', '')).toEqual([second, first]);
	});

	it('an empty search matches every order', () => {
		expect(matchesSearch(rina, '')).toBe(true);
		expect(matchesSearch(rina, ' - ')).toBe(true);
	});
});

describe('bon / piutang', () => {
	it('adds up what each customer owes, by phone or else by name, largest first', () => {
		const orders = [
			order({ buyer: { name: 'Bu Rina', phone: '+6281234567890' }, number: 'KP-3', total: 20_000 }),
			order({
				buyer: { name: 'Rina', phone: '+6281234567890' },
				number: 'KP-7',
				total: 25_000,
				paid: 10_000,
				status: 'completed'
			}),
			order({ buyer: { name: 'Pak  Budi' }, number: 'KP-8', total: 40_000, status: 'shipped' }),
			order({ buyer: { name: 'pak budi' }, number: 'KP-9', total: 5_000 }),
			order({ buyer: { name: 'Bu Tini' }, number: 'KP-10', total: 70_000, status: 'cancelled' }),
			order({ buyer: { name: 'Bu Tini' }, number: 'KP-11', total: 9_000, paid: 9_000 }),
			order({ buyer: { name: 'Dewi' }, number: 'KP-12', total: 8_000, paid: 20_000 })
		];
		const { customers, total } = debtsByCustomer(orders);
		expect(total).toBe(80_000);
		expect(customers.map((c) => [c.name, c.phone, c.owed, c.orders.map((o) => o.number)] as const)).toEqual([
			['pak budi', null, 45_000, ['KP-8', 'KP-9']],
			['Rina', '+6281234567890', 35_000, ['KP-3', 'KP-7']]
		]);
	});

	it('customers owing the same are in name order', () => {
		const { customers } = debtsByCustomer([
			order({ buyer: { name: 'Wati' } }),
			order({ buyer: { name: 'Ani' } })
		]);
		expect(customers.map((c) => c.name)).toEqual(['Ani', 'Wati']);
	});

	it('nobody owes anything: no customers, total 0', () => {
		expect(debtsByCustomer([order({ paid: 10_000 })])).toEqual({ customers: [], total: 0 });
		expect(debtsByCustomer([])).toEqual({ customers: [], total: 0 });
	});

	it.each([
		[{ name: 'Bu Rina', phone: '+6281234567890' }, 'phone:+6281234567890'],
		[{ name: '  BU   Rina ', phone: null }, 'name:bu rina'],
		[{ name: 'Bu Rína', phone: null }, 'name:bu rina']
	])('customer of %o is %s', (buyer, key) => {
		expect(customerKey(buyer)).toBe(key);
	});

	it('writes a short, polite reminder with a link to the customer’s own chat', () => {
		const { customers } = debtsByCustomer([
			order({ buyer: { name: 'Bu Rina', phone: '+6281234567890' }, number: 'KP-3', total: 20_000 }),
			order({ buyer: { name: 'Bu Rina', phone: '+6281234567890' }, number: 'KP-7', total: 15_000 })
		]);
		const text = reminderText(customers[0], 'Warung Bu Sari', t);
		expect(text).toBe(
			'Halo Bu Rina, ini dari Warung Bu Sari. Sisa bon Rp35.000 untuk pesanan KP-3, KP-7. Terima kasih 🙏'
		);
		expect(reminderLink(customers[0], 'Warung Bu Sari', t)).toBe(
			`https://wa.me/6281234567890?text=${encodeURIComponent(text)}`
		);
	});

	it('a customer with no phone gets no link', () => {
		const { customers } = debtsByCustomer([order({ buyer: { name: 'Pak Budi' } })]);
		expect(reminderLink(customers[0], 'Warung Bu Sari', t)).toBeNull();
	});

	it.each([
		['+6281234567890', undefined, 'https://wa.me/6281234567890'],
		['081234567890', undefined, 'https://wa.me/6281234567890'],
		[
			'+6281234567890',
			'Halo & terima kasih?',
			'https://wa.me/6281234567890?text=Halo%20%26%20terima%20kasih%3F'
		],
		[null, 'Halo', null],
		['12345', undefined, null]
	])('chat link of %s with %s', (phone, text, link) => {
		expect(whatsAppChatLink(phone, text)).toBe(link);
	});
});

describe('past buyers', () => {
	const orders = [
		order({ buyer: { name: 'Bu Rina', phone: '+6281234567890' } }),
		order({ buyer: { name: 'Pembeli umum' } }),
		order({ buyer: { name: 'Pak Budi' } }),
		order({ buyer: { name: 'Rina', phone: '+6281234567890' } }),
		order({ buyer: { name: 'pembeli UMUM' } }),
		order({ buyer: { name: 'Bu Tini', phone: '+6285711112222' } })
	];

	it('lists each buyer once, the most recent first, leaving out the walk-in name', () => {
		expect(pastBuyers(orders, { skip: ['Pembeli umum'] })).toEqual([
			{ name: 'Bu Tini', phone: '+6285711112222' },
			{ name: 'Rina', phone: '+6281234567890' },
			{ name: 'Pak Budi', phone: null }
		]);
		expect(pastBuyers(orders, { skip: ['Pembeli umum'], limit: 1 })).toHaveLength(1);
		expect(pastBuyers(orders).map((b) => b.name)).toContain('pembeli UMUM');
	});

	it.each([
		['rina', '+6281234567890'],
		['  PAK budi', null],
		['Bu Ani', undefined],
		['', undefined]
	])('typing "%s" picks the buyer with phone %s', (name, phone) => {
		const buyer = findBuyer(pastBuyers(orders), name);
		expect(buyer?.phone).toBe(phone);
	});
});

describe('next steps', () => {
	it.each<[OrderStatus, [OrderStatus, string][]]>([
		[
			'new',
			[
				['accepted', 'Terima pesanan'],
				['cancelled', 'Batalkan']
			]
		],
		[
			'accepted',
			[
				['shipped', 'Kirim'],
				['cancelled', 'Batalkan']
			]
		],
		['shipped', [['completed', 'Selesai']]],
		['completed', []],
		['cancelled', []]
	])('from %s', (status, steps) => {
		expect(nextSteps(status).map((step) => [step.to, t(step.label)])).toEqual(steps);
		expect(
			nextSteps(status)
				.filter((step) => step.cancels)
				.map((step) => step.to)
		).toEqual(steps.some(([to]) => to === 'cancelled') ? ['cancelled'] : []);
	});
});

describe('history', () => {
	const sari = { id: 'user-1', name: 'Sari' };
	it.each<[OrderEvent, string]>([
		[{ type: 'created', status: 'new', at: '', by: sari }, 'Dicatat oleh Sari'],
		[
			{ type: 'created', status: 'new', at: '', by: { id: null, name: 'Bu Rina' } },
			'Dipesan lewat toko online oleh Bu Rina'
		],
		[{ type: 'status', from: 'new', to: 'accepted', at: '', by: sari }, 'Diterima oleh Sari'],
		[{ type: 'status', from: 'accepted', to: 'shipped', at: '', by: sari }, 'Dikirim oleh Sari'],
		[{ type: 'status', from: 'shipped', to: 'completed', at: '', by: sari }, 'Diselesaikan oleh Sari'],
		[
			{ type: 'status', from: 'new', to: 'cancelled', at: '', by: { id: 'x', name: ' ' } },
			'Dibatalkan oleh seseorang'
		],
		[
			{ type: 'payment', paymentId: 'p', amount: 20_000, method: 'cash', at: '', by: sari },
			'Bayar Rp20.000 (Tunai), dicatat oleh Sari'
		],
		[
			{ type: 'payment', paymentId: 'p', amount: 1_500, method: 'qris', at: '', by: sari },
			'Bayar Rp1.500 (QRIS), dicatat oleh Sari'
		]
	])('%o reads "%s"', (event, line) => {
		expect(describeEvent(event, t)).toBe(line);
	});

	it('lists the newest change first, keeping the order of changes made at the same moment', () => {
		const by = { id: 'u', name: 'Sari' };
		const created: OrderEvent = { type: 'created', status: 'new', at: '2026-11-28T03:00:00Z', by };
		const paid: OrderEvent = {
			type: 'payment',
			paymentId: 'p',
			amount: 1,
			method: 'cash',
			at: '2026-11-28T03:00:00Z',
			by
		};
		const accepted: OrderEvent = {
			type: 'status',
			from: 'new',
			to: 'accepted',
			at: '2026-11-28T04:00:00Z',
			by
		};
		expect(historyNewestFirst({ history: [created, paid, accepted] })).toEqual([accepted, paid, created]);
	});
});

describe('recording a sale', () => {
	const kopi = { id: 'p-kopi', name: 'Kopi sachet', unit: 'pcs', price: 1_500 };
	const gula = { id: 'p-gula', name: 'Gula 1 kg', unit: 'kg', price: 15_000 };

	it('adds products, counts a product tapped twice once with qty 2, sets and removes lines', () => {
		let lines: SaleLine[] = [];
		lines = addProductLine(lines, kopi);
		lines = addProductLine(lines, gula);
		lines = addProductLine(lines, kopi);
		expect(lines.map((l) => [l.name, l.qty])).toEqual([
			['Kopi sachet', 2],
			['Gula 1 kg', 1]
		]);
		lines = setLineQty(lines, 'p-gula', 3);
		expect(lines[1].qty).toBe(3);
		expect(setLineQty(lines, 'p-gula', 0)[1].qty).toBe(1);
		expect(setLineQty(lines, 'p-gula', 2.7)[1].qty).toBe(2);
		expect(setLineQty(lines, 'p-gula', NaN)[1].qty).toBe(1);
		lines = [
			...lines,
			{ key: 'free-1', productId: null, name: 'Ongkos kirim', unit: null, price: 5_000, qty: 1 }
		];
		expect(saleItems(lines)).toEqual([
			{ productId: 'p-kopi', qty: 2, price: 1_500 },
			{ productId: 'p-gula', qty: 3, price: 15_000 },
			{ name: 'Ongkos kirim', qty: 1, price: 5_000 }
		]);
		expect(removeLine(lines, 'p-kopi').map((l) => l.key)).toEqual(['p-gula', 'free-1']);
	});

	it.each<[string, Parameters<typeof settleSale>[0], ReturnType<typeof settleSale>]>([
		[
			'walk-in paid exactly: done',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'cash', amount: 15_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 15_000, method: 'cash' }, change: 0, owed: 0 }
		],
		[
			'walk-in pays with a bigger note: change back, only the total recorded',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'cash', amount: 20_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 15_000, method: 'cash' }, change: 5_000, owed: 0 }
		],
		[
			'walk-in pays part: done, the rest is bon',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'transfer', amount: 10_000 },
				delivered: false
			},
			{ status: 'completed', payment: { amount: 10_000, method: 'transfer' }, change: 0, owed: 5_000 }
		],
		[
			'walk-in bon',
			{ channel: 'walkin', total: 15_000, payment: { kind: 'bon' }, delivered: false },
			{ status: 'completed', payment: null, change: 0, owed: 15_000 }
		],
		[
			'pay now with nothing received is a bon',
			{
				channel: 'walkin',
				total: 15_000,
				payment: { kind: 'now', method: 'qris', amount: 0 },
				delivered: false
			},
			{ status: 'completed', payment: null, change: 0, owed: 15_000 }
		],
		[
			'WhatsApp paid but not delivered yet',
			{
				channel: 'whatsapp',
				total: 30_000,
				payment: { kind: 'now', method: 'qris', amount: 30_000 },
				delivered: false
			},
			{ status: 'new', payment: { amount: 30_000, method: 'qris' }, change: 0, owed: 0 }
		],
		[
			'WhatsApp delivered on bon',
			{ channel: 'whatsapp', total: 30_000, payment: { kind: 'bon' }, delivered: true },
			{ status: 'completed', payment: null, change: 0, owed: 30_000 }
		],
		[
			'a free sale is paid',
			{ channel: 'walkin', total: 0, payment: { kind: 'now', method: 'cash', amount: 0 }, delivered: false },
			{ status: 'completed', payment: null, change: 0, owed: 0 }
		]
	])('%s', (_name, sale, settlement) => {
		expect(settleSale(sale)).toEqual(settlement);
	});

	it('places the shared schema’s problems next to their fields', () => {
		const lines: SaleLine[] = [
			{ key: 'p-kopi', productId: 'p-kopi', name: 'Kopi', unit: 'pcs', price: 1_500, qty: 1 },
			{ key: 'free-1', productId: null, name: '', unit: null, price: 0, qty: 1 }
		];
		expect(
			saleErrors(
				[
					{ path: ['buyer', 'name'], message: 'err.person_name_required' },
					{ path: ['buyer', 'phone'], message: 'err.phone_invalid' },
					{ path: ['items', 1, 'name'], message: 'err.name_required' },
					{ path: ['items', 1, 'price'], message: 'err.price_whole' },
					{ path: ['items'], message: 'err.item_name_required' },
					{ path: ['payment', 'amount'], message: 'err.payment_amount' },
					{ path: ['note'], message: 'err.text_too_long' },
					{ path: [], message: 'err.invalid' }
				],
				lines
			)
		).toEqual({
			'buyer.name': 'err.person_name_required',
			'buyer.phone': 'err.phone_invalid',
			'items.free-1': 'err.name_required',
			items: 'err.item_name_required',
			payment: 'err.payment_amount',
			note: 'err.text_too_long',
			'': 'err.invalid'
		});
	});
});

describe('products to tap', () => {
	const products = [
		product({ id: 'a', name: 'Air mineral' }),
		product({ id: 'b', name: 'Beras 5 kg' }),
		product({ id: 'g', name: 'Gula pasir' }),
		product({ id: 'k', name: 'Kopi sachet' })
	];
	const sold = (ids: string[]) =>
		order({ items: ids.map((productId) => ({ productId, name: '', unit: 'pcs', price: 1, qty: 5 })) });

	it.each([
		['', [], 3, ['a', 'b', 'g']],
		['', [sold(['k']), sold(['k', 'g'])], 3, ['k', 'g', 'a']],
		['kopi', [sold(['g'])], 8, ['k']],
		['a', [], 2, ['a', 'b']],
		['teh', [], 8, []],
		// The search keeps the best sellers first among its matches.
		['a', [sold(['g'])], 8, ['g', 'a', 'b', 'k']],
		['', [sold(['k']), sold(['b', 'k'])], Infinity, ['k', 'b', 'a', 'g']]
	])('search "%s" after %j orders, %d shown', (search, orders, limit, ids) => {
		expect(productsForPicker(products, orders as Order[], search, limit).map((p) => p.id)).toEqual(ids);
	});

	it('offers the whole catalog, however big, best sellers first and then by name', () => {
		const many = Array.from({ length: 600 }, (_, index) =>
			product({ id: `p${index}`, name: `Barang ${String(index).padStart(3, '0')}` })
		);
		const picked = productsForPicker(many, [sold(['p599']), sold(['p599', 'p300'])] as Order[], '');
		expect(picked).toHaveLength(600);
		expect(picked.slice(0, 4).map((p) => p.id)).toEqual(['p599', 'p300', 'p0', 'p1']);
		expect(productsForPicker(many, [], 'barang 42').map((p) => p.id)).toEqual([
			'p42',
			'p142',
			'p242',
			'p342',
			'p420',
			'p421',
			'p422',
			'p423',
			'p424',
			'p425',
			'p426',
			'p427',
			'p428',
			'p429',
			'p442',
			'p542'
		]);
	});
});
