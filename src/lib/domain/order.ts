import * as z from 'zod/mini';
import type { Actor, ChangedBy } from './records';
import { MAX_PRICE, productName } from './product';
import { personName } from './auth';
import { normalizePhone } from './phone';

export const ORDER_STATUSES = ['new', 'accepted', 'shipped', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The only moves an order may make (DESIGN.md §3). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
	new: ['accepted', 'cancelled'],
	accepted: ['shipped', 'cancelled'],
	shipped: ['completed'],
	completed: [],
	cancelled: []
};

/** Whether an order in `from` may move to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
	return ORDER_TRANSITIONS[from].includes(to);
}

export const PAYMENT_METHODS = ['cash', 'transfer', 'qris'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = 'unpaid' | 'partial' | 'paid';

/** Where an order came from: the counter, a WhatsApp chat, or the public shop page. */
export const ORDER_CHANNELS = ['walkin', 'whatsapp', 'storefront'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

export const MAX_ORDER_ITEMS = 100;
export const MAX_QTY = 100_000;
/**
 * The most an order may come to: far below 2^53 (every sum stays an exact JavaScript number) and a
 * PostgreSQL bigint, with room for the payments recorded against it.
 */
export const MAX_ORDER_TOTAL = 1_000_000_000_000_000;

export interface OrderItem {
	/** The catalog product, or null for a free-text item ("ongkos kirim", "titipan"). */
	productId: string | null;
	name: string;
	unit: string | null;
	price: number;
	qty: number;
	/**
	 * The product's cost price (harga modal) when the sale was recorded, for the profit report; absent
	 * when the product had none (and for free-text items): the report counts those as of unknown cost.
	 */
	costPrice?: number;
}

export interface Payment {
	id: string;
	amount: number;
	method: PaymentMethod;
	at: string;
}

/** One line of an order's history: who did what, when (the device's time, for display). */
export type OrderEvent =
	| { type: 'created'; status: OrderStatus; at: string; by: Actor }
	| { type: 'status'; from: OrderStatus; to: OrderStatus; at: string; by: Actor }
	| { type: 'payment'; paymentId: string; amount: number; method: PaymentMethod; at: string; by: Actor };

export interface Order {
	id: string;
	spaceId: string;
	/** Short and sayable over the phone: `<device code>-<count>`, e.g. `KP-12`. */
	number: string;
	channel: OrderChannel;
	items: OrderItem[];
	total: number;
	buyer: { name: string; phone: string | null };
	delivery: { method: 'pickup' | 'delivery'; address: string | null } | null;
	note: string | null;
	status: OrderStatus;
	payments: Payment[];
	paid: number;
	paymentStatus: PaymentStatus;
	history: OrderEvent[];
	/**
	 * The secret of the order's receipt page, `/nota/<token>` (receipt.ts): made on the phone with the sale,
	 * so the link can be sent offline. Null for orders made before receipts (they have no page).
	 */
	receiptToken?: string | null;
	/** Who changed it last, and in what role (set by the server; null for records written before it was kept). */
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/** Sum of price × quantity, in whole rupiah. */
export function orderTotal(items: readonly Pick<OrderItem, 'price' | 'qty'>[]): number {
	return items.reduce((sum, item) => sum + item.price * item.qty, 0);
}

/** `unpaid` with nothing paid, `paid` once payments cover the total (overpaying too), else `partial`. */
export function paymentStatus(total: number, paid: number): PaymentStatus {
	if (paid <= 0) return total <= 0 ? 'paid' : 'unpaid';
	return paid >= total ? 'paid' : 'partial';
}

/** What the buyer still owes (never below 0). Cancelled orders owe nothing. */
export function amountOwed(order: Pick<Order, 'total' | 'paid' | 'status'>): number {
	if (order.status === 'cancelled') return 0;
	return Math.max(0, order.total - order.paid);
}

// --- Order numbers -----------------------------------------------------------------------------------

/** Letters and digits that are not mistaken for one another when read aloud or typed (no 0/O, 1/I/L). */
export const DEVICE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The code of a device, from the server-assigned sequence number of that device (1, 2, 3 …): at least two
 * characters, so it never equals the one-letter prefix `W` of shop-page orders. Different numbers always
 * give different codes, so two phones never make the same order number, even offline.
 */
export function deviceCode(sequence: number): string {
	if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('device sequence must be ≥ 1');
	const base = DEVICE_CODE_ALPHABET.length;
	let n = sequence + base - 1; // 1 → the first two-character code
	let code = '';
	while (n > 0) {
		code = DEVICE_CODE_ALPHABET[n % base] + code;
		n = Math.floor(n / base);
	}
	return code;
}

/** The prefix of orders placed on the public shop page; the server numbers them per shop. */
export const STOREFRONT_PREFIX = 'W';

/** `KP` and 12 → `KP-12`. */
export function orderNumber(prefix: string, count: number): string {
	return `${prefix}-${count}`;
}

// --- Mutation arguments -----------------------------------------------------------------------------

const money = z
	.int({ error: 'err.price_whole' })
	.check(z.gte(0, 'err.price_negative'), z.lte(MAX_PRICE, 'err.price_too_high'));
const qty = z
	.int({ error: 'err.qty_whole' })
	.check(z.gte(1, 'err.qty_whole'), z.lte(MAX_QTY, 'err.qty_too_big'));

export const orderItemArgs = z.object({
	productId: z.optional(z.nullable(z.uuid('err.id_invalid'))),
	/** Required for a free-text item; for a catalog item the server keeps the catalog name. */
	name: z.optional(productName),
	qty,
	price: money
});

export const buyerPhone = z.pipe(
	z.string({ error: 'err.phone_invalid' }),
	z.transform((value, ctx) => {
		if (!value.trim()) return null;
		const phone = normalizePhone(value);
		if (!phone) {
			ctx.issues.push({ code: 'custom', message: 'err.phone_invalid', input: value });
			return z.NEVER;
		}
		return phone;
	})
);

/** A receipt page's secret: 16 random bytes in base64url (newReceiptToken in receipt.ts). */
export const receiptToken = z
	.string({ error: 'err.invalid' })
	.check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'err.invalid'));

export const orderCreateArgs = z
	.object({
		id: z.uuid('err.id_invalid'),
		number: z.string().check(z.regex(/^[2-9A-Z]{2,8}-\d{1,9}$/, 'err.order_number_invalid')),
		items: z
			.array(orderItemArgs)
			.check(z.minLength(1, 'err.order_empty'), z.maxLength(MAX_ORDER_ITEMS, 'err.order_too_many_items')),
		buyer: z.object({ name: personName, phone: z.optional(z.nullable(buyerPhone)) }),
		channel: z.optional(z.enum(['walkin', 'whatsapp'], { error: 'err.invalid' })),
		status: z.optional(z.enum(['new', 'completed'], { error: 'err.invalid' })),
		/** Paid at once (all or part); none for "bon". */
		payment: z.optional(
			z.object({
				id: z.uuid('err.id_invalid'),
				amount: money.check(z.gte(1, 'err.payment_amount')),
				method: z.enum(PAYMENT_METHODS, { error: 'err.payment_method' })
			})
		),
		note: z.optional(z.nullable(z.string().check(z.maxLength(500, 'err.text_too_long')))),
		/** The receipt page's secret (receipt.ts); the server makes one when a sale comes without. */
		receiptToken: z.optional(receiptToken)
	})
	.check(
		z.refine((args) => args.items.every((item) => item.productId || item.name), {
			message: 'err.item_name_required',
			path: ['items']
		}),
		z.refine((args) => orderTotal(args.items) <= MAX_ORDER_TOTAL, {
			message: 'err.total_too_big',
			path: ['items']
		})
	);
export type OrderCreateArgs = z.input<typeof orderCreateArgs>;

export const orderTransitionArgs = z.object({
	id: z.uuid('err.id_invalid'),
	from: z.enum(ORDER_STATUSES, { error: 'err.invalid' }),
	to: z.enum(ORDER_STATUSES, { error: 'err.invalid' })
});
export type OrderTransitionArgs = z.infer<typeof orderTransitionArgs>;

export const orderPayArgs = z.object({
	id: z.uuid('err.id_invalid'),
	/** The payment's own id, made on the phone, so a payment is never counted twice. */
	paymentId: z.uuid('err.id_invalid'),
	amount: money.check(z.gte(1, 'err.payment_amount')),
	method: z.enum(PAYMENT_METHODS, { error: 'err.payment_method' })
});
export type OrderPayArgs = z.infer<typeof orderPayArgs>;

/** The fields of a storefront checkout form (prices are never taken from it). */
export const checkoutForm = z
	.object({
		name: personName,
		phone: z.pipe(buyerPhone, z.string({ error: 'err.phone_invalid' })),
		delivery: z.enum(['pickup', 'delivery'], { error: 'err.delivery_method' }),
		address: z.optional(z.string().check(z.trim(), z.maxLength(500, 'err.text_too_long'))),
		note: z.optional(z.string().check(z.trim(), z.maxLength(500, 'err.text_too_long'))),
		items: z
			.array(z.object({ productId: z.uuid('err.id_invalid'), qty }))
			.check(z.minLength(1, 'err.order_empty'), z.maxLength(MAX_ORDER_ITEMS, 'err.order_too_many_items'))
	})
	.check(
		z.refine((form) => form.delivery === 'pickup' || !!form.address, {
			message: 'err.address_required',
			path: ['address']
		})
	);
export type CheckoutForm = z.infer<typeof checkoutForm>;

// --- Applying changes (the same code on the phone and on the server) ---------------------------------

/** What the catalog knows of a product an order names. */
export interface CatalogEntry {
	id: string;
	name: string;
	unit: string;
	/** Harga modal, copied into the order's item so a later change of it leaves past profit alone. */
	costPrice?: number | null;
}

/** A product as the shop page's order rule reads it. */
export interface ShopProduct extends CatalogEntry {
	price: number;
	stock: number;
	active: boolean;
}

/** Why a buyer on the shop page cannot have an order: the rejection's code, message key and values. */
export interface ShopOrderProblem {
	code: 'invalid' | 'conflict';
	message: string;
	params: Record<string, string | number>;
}

/**
 * The items of an order placed on the shop page, or why it cannot be taken. A buyer orders only active
 * products with enough stock (the quantities of one product summed over its lines), and pays the catalog's
 * price, never the one the request carries. (A seller records what was sold, at the price agreed, even
 * when the stock count says otherwise: the count was wrong, the goods were on the shelf.)
 */
export function shopOrderItems<T extends { productId?: string | null; qty: number; price: number }>(
	items: readonly T[],
	products: ReadonlyMap<string, ShopProduct>
): { items: T[] } | { problem: ShopOrderProblem } {
	const wanted = new Map<string, number>();
	for (const item of items) {
		if (item.productId) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.qty);
	}
	for (const [productId, qty] of wanted) {
		const product = products.get(productId);
		if (!product)
			return { problem: { code: 'invalid', message: 'err.product_missing', params: { productId } } };
		const params = { name: product.name, productId };
		if (!product.active) return { problem: { code: 'invalid', message: 'err.product_inactive', params } };
		if (product.stock <= 0) return { problem: { code: 'conflict', message: 'err.sold_out', params } };
		if (qty > product.stock) {
			return {
				problem: {
					code: 'conflict',
					message: 'err.out_of_stock',
					params: { ...params, stock: product.stock }
				}
			};
		}
	}
	return {
		items: items.map((item) =>
			item.productId ? { ...item, price: products.get(item.productId)!.price } : item
		)
	};
}

/** A change of stock an order causes: down when it is placed, back up when it is cancelled. */
export interface StockEffect {
	productId: string;
	delta: number;
}

/**
 * Builds the order of an `order.create`. Catalog items take their name and unit from the catalog (a
 * product missing from it is an error); the total is always computed here, never taken from the input.
 */
export function createOrder(
	args: Omit<z.output<typeof orderCreateArgs>, 'channel'> & { channel?: OrderChannel },
	catalog: ReadonlyMap<string, CatalogEntry>,
	meta: { spaceId: string; by: Actor; at: string; version: number; delivery?: Order['delivery'] }
): Order | { error: string } {
	const items: OrderItem[] = [];
	for (const item of args.items) {
		if (item.productId) {
			const product = catalog.get(item.productId);
			if (!product) return { error: 'err.product_missing' };
			items.push({
				productId: product.id,
				name: product.name,
				unit: product.unit,
				price: item.price,
				qty: item.qty,
				...(typeof product.costPrice === 'number' ? { costPrice: product.costPrice } : {})
			});
		} else {
			items.push({ productId: null, name: item.name ?? '', unit: null, price: item.price, qty: item.qty });
		}
	}
	const total = orderTotal(items);
	// The shop page's prices are the catalog's, not the request's: the total is checked again here.
	if (total > MAX_ORDER_TOTAL) return { error: 'err.total_too_big' };
	const status: OrderStatus = args.status ?? 'new';
	const payments: Payment[] = args.payment
		? [{ id: args.payment.id, amount: args.payment.amount, method: args.payment.method, at: meta.at }]
		: [];
	const paid = payments.reduce((sum, payment) => sum + payment.amount, 0);
	const history: OrderEvent[] = [{ type: 'created', status, at: meta.at, by: meta.by }];
	for (const payment of payments) {
		history.push({
			type: 'payment',
			paymentId: payment.id,
			amount: payment.amount,
			method: payment.method,
			at: meta.at,
			by: meta.by
		});
	}
	return {
		id: args.id,
		spaceId: meta.spaceId,
		number: args.number,
		channel: args.channel ?? 'walkin',
		items,
		total,
		buyer: { name: args.buyer.name, phone: args.buyer.phone ?? null },
		delivery: meta.delivery ?? null,
		note: args.note || null,
		status,
		payments,
		paid,
		paymentStatus: paymentStatus(total, paid),
		history,
		receiptToken: args.receiptToken ?? null,
		version: meta.version,
		createdAt: meta.at,
		updatedAt: meta.at
	};
}

/**
 * The id of the stock movement an order causes for one product: the same on the phone and the server, so
 * the history the phone wrote offline is replaced, not doubled, by the server's when it syncs.
 */
export function orderMovementId(
	orderId: string,
	productId: string,
	reason: 'order' | 'order_cancelled'
): string {
	return `${orderId}/${reason}/${productId}`;
}

/** Stock moves down by each catalog item's quantity when an order is placed. */
export function stockEffectsOfCreate(order: Pick<Order, 'items'>): StockEffect[] {
	return mergeEffects(order.items, -1);
}

/**
 * Moves an order to another status. `from` must be the status the order has now, or the change was made
 * on an outdated picture of it (another phone moved it first): a conflict, shown to the person.
 * Cancelling puts the stock back.
 */
export function transitionOrder(
	order: Order,
	args: OrderTransitionArgs,
	meta: { by: Actor; at: string; version: number }
): { order: Order; stock: StockEffect[] } | { error: 'conflict' | 'invalid'; message: string } {
	if (order.status !== args.from) return { error: 'conflict', message: 'err.order_status_changed' };
	if (!canTransition(args.from, args.to)) return { error: 'invalid', message: 'err.order_transition' };
	const next: Order = {
		...order,
		status: args.to,
		history: [...order.history, { type: 'status', from: args.from, to: args.to, at: meta.at, by: meta.by }],
		version: meta.version,
		updatedAt: meta.at
	};
	return { order: next, stock: args.to === 'cancelled' ? mergeEffects(order.items, 1) : [] };
}

/** Records a payment; a payment id seen before is not counted again. */
export function payOrder(
	order: Order,
	args: OrderPayArgs,
	meta: { by: Actor; at: string; version: number }
): Order | { error: 'conflict' | 'invalid'; message: string } {
	if (order.payments.some((payment) => payment.id === args.paymentId)) {
		return { error: 'conflict', message: 'err.payment_exists' };
	}
	if (order.status === 'cancelled') return { error: 'invalid', message: 'err.order_cancelled' };
	const paid = order.paid + args.amount;
	return {
		...order,
		payments: [
			...order.payments,
			{ id: args.paymentId, amount: args.amount, method: args.method, at: meta.at }
		],
		paid,
		paymentStatus: paymentStatus(order.total, paid),
		history: [
			...order.history,
			{
				type: 'payment',
				paymentId: args.paymentId,
				amount: args.amount,
				method: args.method,
				at: meta.at,
				by: meta.by
			}
		],
		version: meta.version,
		updatedAt: meta.at
	};
}

function mergeEffects(items: readonly OrderItem[], sign: 1 | -1): StockEffect[] {
	const byProduct = new Map<string, number>();
	for (const item of items) {
		if (item.productId) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + sign * item.qty);
	}
	return [...byProduct].map(([productId, delta]) => ({ productId, delta }));
}
