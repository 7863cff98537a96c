import { formatRupiah } from '$lib/domain/money';
import {
	amountOwed,
	ORDER_STATUSES,
	ORDER_TRANSITIONS,
	PAYMENT_METHODS,
	type Order,
	type OrderChannel,
	type OrderEvent,
	type OrderStatus,
	type PaymentMethod,
	type PaymentStatus
} from '$lib/domain/order';
import { normalizePhone, waLink } from '$lib/domain/phone';
import type { Product } from '$lib/domain/product';
import { normalizeText, queryCatalog } from './catalog-query';

// What the order screens show, computed from the orders and products on the phone. Pure functions with
// no Dexie and no Svelte: the pages read the tables once (a live query) and call these on every
// keystroke or tap, and they are unit-tested in Node. Words a person reads are i18n keys here; where a
// whole sentence is built (a WhatsApp reminder, a history line) the caller passes its `t`.

/** Translates an i18n key, as `t` of `i18n.svelte.ts` does. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

// --- Words ------------------------------------------------------------------------------------------

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
	new: 'orders.status_new',
	accepted: 'orders.status_accepted',
	shipped: 'orders.status_shipped',
	completed: 'orders.status_completed',
	cancelled: 'orders.status_cancelled'
};

export const PAYMENT_STATUS_LABELS: Readonly<Record<PaymentStatus, string>> = {
	unpaid: 'orders.payment_unpaid',
	partial: 'orders.payment_partial',
	paid: 'orders.payment_paid'
};

export const PAYMENT_METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = {
	cash: 'orders.method_cash',
	transfer: 'orders.method_transfer',
	qris: 'orders.method_qris'
};

/** The payment methods as choices, in the order a warung meets them. */
export const PAYMENT_METHOD_OPTIONS = PAYMENT_METHODS.map((value) => ({
	value,
	label: PAYMENT_METHOD_LABELS[value]
}));

export const CHANNEL_LABELS: Readonly<Record<OrderChannel, string>> = {
	walkin: 'orders.channel_walkin',
	whatsapp: 'orders.channel_whatsapp',
	storefront: 'orders.channel_storefront'
};

// --- Tabs, search, order --------------------------------------------------------------------------

/** The tabs of the order list: every order, or the orders of one status. */
export const ORDER_TABS = ['all', ...ORDER_STATUSES] as const;
export type OrderTab = (typeof ORDER_TABS)[number];

export const TAB_LABELS: Readonly<Record<OrderTab, string>> = { all: 'orders.tab_all', ...STATUS_LABELS };

/** What the list page shows: the orders of a tab, or the money owed per customer ("Bon / Piutang"). */
export type ListView = OrderTab | 'bon';

/** The view named by the list page's `?tab=` (a link from the home screen may name one); `all` otherwise. */
export function parseListView(value: string | null | undefined): ListView {
	if (value === 'bon') return 'bon';
	return (ORDER_TABS as readonly string[]).includes(value ?? '') ? (value as OrderTab) : 'all';
}

/**
 * Newest first, by the time the order was made (ISO strings compare as times); orders made in the same
 * millisecond by their id, which is a UUIDv7 and so grows with time too.
 */
export function compareNewestFirst(a: Order, b: Order): number {
	if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
	return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** How many orders each tab holds (of all orders, whatever is being searched). */
export function tabCounts(orders: readonly Order[]): Record<OrderTab, number> {
	const counts = Object.fromEntries(ORDER_TABS.map((tab) => [tab, 0])) as Record<OrderTab, number>;
	for (const order of orders) {
		counts.all++;
		counts[order.status]++;
	}
	return counts;
}

/** `+6281234567890` → `6281234567890` and `081234567890`, the two ways people type a number. */
function phoneForms(phone: string | null): string[] {
	if (!phone) return [];
	const digits = phone.replace(/\D/g, '');
	return digits.startsWith('62') ? [digits, `0${digits.slice(2)}`] : [digits];
}

const compact = (text: string) => normalizeText(text).replace(/ /g, '');

/**
 * Whether an order matches what the person typed, without regard to case or accents:
 * - every word appears in the buyer's name ("rina" finds "Bu Rina");
 * - or it is the start of the order number, with or without the dash ("kp-1", "KP1" find KP-1 and KP-12);
 * - or, typed as a bare number, the order's count ("12" finds KP-12 and W-12);
 * - or, typed as four digits or more, part of the buyer's phone, written 08… or 628… ("0812 3456").
 */
export function matchesSearch(order: Order, search: string): boolean {
	const words = normalizeText(search).split(' ').filter(Boolean);
	if (words.length === 0) return true;
	const name = normalizeText(order.buyer.name);
	if (words.every((word) => name.includes(word))) return true;
	const typed = compact(search);
	const number = compact(order.number);
	if (number.startsWith(typed)) return true;
	if (/^\d+$/.test(typed) && order.number.slice(order.number.lastIndexOf('-') + 1) === typed) return true;
	if (/^[\d\s+\-().]+$/.test(search.trim()) && typed.length >= 4) {
		return phoneForms(order.buyer.phone).some((form) => form.includes(typed));
	}
	return false;
}

/** The orders of a tab that match a search, newest first. */
export function filterOrders(orders: readonly Order[], tab: OrderTab, search: string): Order[] {
	return orders
		.filter((order) => (tab === 'all' || order.status === tab) && matchesSearch(order, search))
		.sort(compareNewestFirst);
}

// --- Customers and what they owe ("Bon / Piutang") -------------------------------------------------

/**
 * Who an order's buyer is, for adding up what they owe: their phone number when the order has one,
 * otherwise their name without case, accents or extra spaces ("bu rina" and "Bu  Rina" are one person).
 */
export function customerKey(buyer: Order['buyer']): string {
	return buyer.phone ? `phone:${buyer.phone}` : `name:${normalizeText(buyer.name)}`;
}

export interface CustomerDebt {
	key: string;
	/** The name on the customer's newest order. */
	name: string;
	phone: string | null;
	owed: number;
	/** The orders they still owe money on, oldest first (as a reminder lists them). */
	orders: Order[];
}

/**
 * The money each customer still owes, largest first, and the total. Cancelled orders owe nothing
 * (`amountOwed`), and customers who owe nothing are left out.
 */
export function debtsByCustomer(orders: readonly Order[]): { customers: CustomerDebt[]; total: number } {
	const byKey = new Map<string, CustomerDebt & { newest: Order }>();
	let total = 0;
	for (const order of orders) {
		const owed = amountOwed(order);
		if (owed <= 0) continue;
		total += owed;
		const key = customerKey(order.buyer);
		const debt = byKey.get(key);
		if (!debt) {
			byKey.set(key, {
				key,
				name: order.buyer.name,
				phone: order.buyer.phone,
				owed,
				orders: [order],
				newest: order
			});
			continue;
		}
		debt.owed += owed;
		debt.orders.push(order);
		if (compareNewestFirst(order, debt.newest) < 0) {
			debt.newest = order;
			debt.name = order.buyer.name;
		}
	}
	const collator = new Intl.Collator('id', { sensitivity: 'base' });
	const customers = [...byKey.values()]
		.map(({ newest: _newest, ...debt }) => ({
			...debt,
			orders: debt.orders.sort((a, b) => compareNewestFirst(b, a))
		}))
		.sort((a, b) => b.owed - a.owed || collator.compare(a.name, b.name));
	return { customers, total };
}

/**
 * A `wa.me` link to a person's own WhatsApp chat, with a message ready to send when given; `null` with no
 * usable phone number (a link to nobody would only confuse).
 */
export function whatsAppChatLink(phone: string | null, text?: string): string | null {
	const canonical = phone ? normalizePhone(phone) : null;
	if (!canonical) return null;
	return waLink(canonical, text);
}

/**
 * A short, polite reminder of what a customer still owes: "Halo Bu Rina, ini dari Warung Bu Sari. Sisa
 * bon Rp35.000 untuk pesanan KP-3, KP-7. Terima kasih 🙏".
 */
export function reminderText(debt: CustomerDebt, shopName: string, t: Translate): string {
	return t('orders.reminder_text', {
		name: debt.name,
		shop: shopName,
		amount: formatRupiah(debt.owed),
		numbers: debt.orders.map((order) => order.number).join(', ')
	});
}

/** The reminder for a customer as a WhatsApp link to their number; `null` when they left no number. */
export function reminderLink(debt: CustomerDebt, shopName: string, t: Translate): string | null {
	return whatsAppChatLink(debt.phone, reminderText(debt, shopName, t));
}

export interface PastBuyer {
	name: string;
	phone: string | null;
}

/**
 * The people who bought before, each once (by `customerKey`), whoever bought most recently first: the
 * suggestions of the buyer field. Names in `skip` ("Pembeli umum") are not suggested.
 */
export function pastBuyers(
	orders: readonly Order[],
	{ skip = [], limit = 100 }: { skip?: readonly string[]; limit?: number } = {}
): PastBuyer[] {
	const skipped = new Set(skip.map(normalizeText));
	const seen = new Set<string>();
	const buyers: PastBuyer[] = [];
	for (const order of [...orders].sort(compareNewestFirst)) {
		if (buyers.length >= limit) break;
		const name = order.buyer.name.trim();
		if (!name || skipped.has(normalizeText(name))) continue;
		const key = customerKey(order.buyer);
		if (seen.has(key)) continue;
		seen.add(key);
		buyers.push({ name, phone: order.buyer.phone });
	}
	return buyers;
}

/** The past buyer a typed name picks (the most recent one of that name), to fill in their number. */
export function findBuyer(buyers: readonly PastBuyer[], name: string): PastBuyer | undefined {
	const key = normalizeText(name);
	return key ? buyers.find((buyer) => normalizeText(buyer.name) === key) : undefined;
}

// --- Order detail ---------------------------------------------------------------------------------

export interface OrderStep {
	to: OrderStatus;
	/** The i18n key of the button's words. */
	label: string;
	/** Cancelling: asks first, and is drawn apart from the steps forward. */
	cancels: boolean;
}

const STEP_LABELS: Readonly<Record<OrderStatus, string>> = {
	new: 'orders.status_new',
	accepted: 'orders.action_accept',
	shipped: 'orders.action_ship',
	completed: 'orders.action_complete',
	cancelled: 'orders.action_cancel'
};

/** The buttons of an order's next allowed steps (`ORDER_TRANSITIONS`), the step forward first, cancel last. */
export function nextSteps(status: OrderStatus): OrderStep[] {
	return ORDER_TRANSITIONS[status]
		.map((to) => ({ to, label: STEP_LABELS[to], cancels: to === 'cancelled' }))
		.sort((a, b) => Number(a.cancels) - Number(b.cancels));
}

const EVENT_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
	new: 'orders.event_created',
	accepted: 'orders.event_accepted',
	shipped: 'orders.event_shipped',
	completed: 'orders.event_completed',
	cancelled: 'orders.event_cancelled'
};

/**
 * One line of an order's history, who did what: "Diterima oleh Sari", "Bayar Rp20.000 (Tunai), dicatat
 * oleh Sari". An order placed on the shop page was made by the buyer (an actor with no id).
 */
export function describeEvent(event: OrderEvent, t: Translate): string {
	const name = event.by.name.trim() || t('orders.someone');
	switch (event.type) {
		case 'created':
			return t(event.by.id === null ? 'orders.event_ordered' : 'orders.event_created', { name });
		case 'status':
			return t(EVENT_STATUS_LABELS[event.to], { name });
		case 'payment':
			return t('orders.event_payment', {
				name,
				amount: formatRupiah(event.amount),
				method: t(PAYMENT_METHOD_LABELS[event.method])
			});
	}
}

/** The history, newest change first. */
export function historyNewestFirst(order: Pick<Order, 'history'>): OrderEvent[] {
	return order.history
		.map((event, index) => ({ event, index }))
		.sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : b.index - a.index))
		.map(({ event }) => event);
}

// --- Recording a sale -------------------------------------------------------------------------------

/** A line of the sale being written: a catalog product, or a free-text item ("ongkos kirim"). */
export interface SaleLine {
	/** The product's id, or a made-up key for a free-text item. */
	key: string;
	productId: string | null;
	name: string;
	unit: string | null;
	price: number;
	qty: number;
}

/** Adds one of a product to the sale; a product already in it gets one more. */
export function addProductLine(
	lines: readonly SaleLine[],
	product: Pick<Product, 'id' | 'name' | 'unit' | 'price'>
): SaleLine[] {
	if (lines.some((line) => line.productId === product.id)) {
		return lines.map((line) => (line.productId === product.id ? { ...line, qty: line.qty + 1 } : line));
	}
	return [
		...lines,
		{
			key: product.id,
			productId: product.id,
			name: product.name,
			unit: product.unit,
			price: product.price,
			qty: 1
		}
	];
}

/** Sets a line's quantity (whole, at least 1). */
export function setLineQty(lines: readonly SaleLine[], key: string, qty: number): SaleLine[] {
	const next = Number.isFinite(qty) ? Math.max(1, Math.floor(qty)) : 1;
	return lines.map((line) => (line.key === key ? { ...line, qty: next } : line));
}

export function removeLine(lines: readonly SaleLine[], key: string): SaleLine[] {
	return lines.filter((line) => line.key !== key);
}

/** The items of `order.create`: catalog items by product id, free-text items by name. */
export function saleItems(
	lines: readonly SaleLine[]
): { productId?: string; name?: string; qty: number; price: number }[] {
	return lines.map((line) =>
		line.productId
			? { productId: line.productId, qty: line.qty, price: line.price }
			: { name: line.name, qty: line.qty, price: line.price }
	);
}

/** How the buyer pays: now (all or part, by a method), or later ("bon"). */
export type SalePayment = { kind: 'now'; method: PaymentMethod; amount: number } | { kind: 'bon' };

export interface SaleSettlement {
	status: 'new' | 'completed';
	/** What is recorded as paid now; none for a bon, or for nothing received. */
	payment: { amount: number; method: PaymentMethod } | null;
	/** Money handed back when the buyer gave more than the total (cash). */
	change: number;
	/** What becomes bon. */
	owed: number;
}

/**
 * What a sale records. Money received above the total is change handed back, not a payment; less than
 * the total leaves the rest as bon. A walk-in sale paid in full is done at once (`completed`); any other
 * walk-in sale waits as `new`. A WhatsApp order is done when the seller says the buyer has the goods.
 */
export function settleSale(sale: {
	channel: 'walkin' | 'whatsapp';
	total: number;
	payment: SalePayment;
	/** WhatsApp only: "Sudah selesai" rather than "Belum diantar". */
	delivered: boolean;
}): SaleSettlement {
	const received = sale.payment.kind === 'now' ? Math.max(0, sale.payment.amount) : 0;
	const paid = Math.min(received, sale.total);
	const payment =
		sale.payment.kind === 'now' && paid > 0 ? { amount: paid, method: sale.payment.method } : null;
	const owed = sale.total - paid;
	// A buyer at the counter leaves with the goods: the sale is done, and what is unpaid is bon (piutang),
	// followed by the payment status rather than by leaving the order open.
	const status = sale.channel === 'walkin' || sale.delivered ? 'completed' : 'new';
	return { status, payment, change: received - paid, owed };
}

/**
 * Where a problem of the shared order schema is shown: `buyer.name`, `buyer.phone`, `items` (the list as a
 * whole), `items.<key>` (one line, by its `SaleLine` key), `payment`, `note`. One message per place.
 */
export function saleErrors(
	issues: readonly { path: readonly PropertyKey[]; message: string }[],
	lines: readonly SaleLine[]
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const { path, message } of issues) {
		const [first, second] = path.map(String);
		let place = first ?? '';
		if (first === 'buyer') place = `buyer.${second ?? 'name'}`;
		else if (first === 'items' && second !== undefined && lines[Number(second)]) {
			place = `items.${lines[Number(second)].key}`;
		}
		errors[place] ??= message;
	}
	return errors;
}

/**
 * The products to tap when recording a sale: the whole catalog, the products sold most often in the
 * recent orders given first (a warung sells the same few things all day), then the rest by name. What is
 * typed in the search narrows the same order to the products whose name or SKU has every word typed.
 * `limit` cuts the list (the picker draws it a page at a time, so it never needs to).
 */
export function productsForPicker(
	products: readonly Product[],
	recentOrders: readonly Order[],
	search: string,
	limit = Infinity
): Product[] {
	const sold = new Map<string, number>();
	for (const order of recentOrders) {
		for (const item of order.items) {
			if (item.productId) sold.set(item.productId, (sold.get(item.productId) ?? 0) + 1);
		}
	}
	// In name order already; a stable sort keeps it among products sold as often.
	const matches = queryCatalog(products, { search, category: null, sort: 'name', lowStockOnly: false });
	if (sold.size) matches.sort((a, b) => (sold.get(b.id) ?? 0) - (sold.get(a.id) ?? 0));
	return Number.isFinite(limit) ? matches.slice(0, limit) : matches;
}
