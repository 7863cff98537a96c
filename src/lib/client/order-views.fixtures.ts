// Orders and products as the phone holds them, and the real Indonesian words, for the tests of
// order-views.ts (order-views.test.ts, order-views-sale.test.ts); not part of the app.
import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';
import type { Order } from '$lib/domain/order';
import type { Product } from '$lib/domain/product';
import i18next from 'i18next';
import type { Translate } from './order-views';

export const i18n = i18next.createInstance();
void i18n.init({
	lng: 'id',
	fallbackLng: false,
	resources: { id: { translation: id }, en: { translation: en } },
	interpolation: { escapeValue: false },
	initAsync: false
});
/** The real Indonesian words of id.json; a missing key would come back as the key itself. */
export const t: Translate = (key, options) => i18n.t(key, options ?? {});

let sequence = 0;
export function order(
	fields: Omit<Partial<Order>, 'buyer'> & { buyer?: Partial<Order['buyer']> } = {}
): Order {
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

export function product(fields: Partial<Product> & { id: string; name: string }): Product {
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
