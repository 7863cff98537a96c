import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';
import type { OrderEvent, OrderStatus } from '$lib/domain/order';
import { describe, expect, it } from 'vitest';
import {
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
	reminderLink,
	reminderText,
	STATUS_LABELS,
	tabCounts,
	TAB_LABELS,
	whatsAppChatLink,
	type OrderTab
} from './order-views';
import { i18n, order, t } from './order-views.fixtures';

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
