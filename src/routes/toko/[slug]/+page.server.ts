import { error, fail, redirect } from '@sveltejs/kit';
import { formatRupiah } from '$lib/domain/money';
import type { Order } from '$lib/domain/order';
import { getDb } from '$lib/server/db';
import {
	allowCheckout,
	loadShop,
	orderPath,
	orderToken,
	placeStorefrontOrder,
	previewStorefrontOrder,
	shopProducts
} from '$lib/server/storefront';
import {
	emptyCheckout,
	parseCheckout,
	readCheckoutValues,
	refusalErrors,
	type CheckoutErrors,
	type CheckoutValues
} from '../checkout';
import { t } from '../text';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const db = getDb();
	const shop = await loadShop(db, params.slug);
	if (!shop) error(404, t('shop.not_found'));
	const products = await shopProducts(db, shop.id);
	// The form carries a fresh order id (a form sent twice places one order): a page come back to with the
	// back button must be drawn again, not taken from the browser's cache.
	setHeaders({ 'cache-control': 'no-store' });
	const cover = shop.photo ?? products.find((product) => product.photo)?.photo;
	return {
		shop: { name: shop.name, slug: shop.slug, phone: shop.phone, photo: shop.photo },
		products,
		blank: emptyCheckout(),
		shareUrl: `${url.origin}/toko/${shop.slug}`,
		shareImage: cover ? `${url.origin}/api/photos/${cover}` : null
	};
};

/** What the form shows after a submit: the buyer's input, the errors as words, and the total when asked. */
export interface CheckoutAnswer {
	values: CheckoutValues;
	errors: Record<string, string>;
	summary?: { lines: { name: string; qty: number; amount: string; each: string }[]; total: string };
}

function words(errors: CheckoutErrors): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([field, e]) => [field, t(e.key, e.params)]));
}

function summaryOf(order: Order): NonNullable<CheckoutAnswer['summary']> {
	return {
		lines: order.items.map((item) => ({
			name: item.name,
			qty: item.qty,
			each: formatRupiah(item.price),
			amount: formatRupiah(item.price * item.qty)
		})),
		total: formatRupiah(order.total)
	};
}

/** Reads and checks a checkout, counting it against the address's limit. */
async function readCheckout(event: RequestEvent) {
	const db = getDb();
	const shop = await loadShop(db, event.params.slug);
	if (!shop) error(404, t('shop.not_found'));
	const listed = (await shopProducts(db, shop.id)).map((product) => product.id);
	const values = readCheckoutValues(await event.request.formData());
	if (!(await allowCheckout(db, event.getClientAddress()))) {
		return {
			ok: false as const,
			refusal: fail(429, answer(values, { form: { key: 'err.too_many_orders' } }))
		};
	}
	const parsed = parseCheckout(values);
	if (!parsed.ok) return { ok: false as const, refusal: fail(400, answer(values, parsed.errors)) };
	return { ok: true as const, shop, listed, values, input: parsed.input };
}

function answer(values: CheckoutValues, errors: CheckoutErrors, order?: Order): CheckoutAnswer {
	return { values, errors: words(errors), ...(order ? { summary: summaryOf(order) } : {}) };
}

export const actions: Actions = {
	/** "Hitung total dulu": the order as it would be placed (server prices, stock checked), nothing stored. */
	periksa: async (event) => {
		const checkout = await readCheckout(event);
		if (!checkout.ok) return checkout.refusal;
		const result = await previewStorefrontOrder(checkout.shop.id, checkout.input);
		if (!result.ok) return fail(409, answer(checkout.values, refusalErrors(result.refusal, checkout.listed)));
		return answer(checkout.values, {}, result.order);
	},

	/** "Kirim pesanan": places the order and sends the buyer to its page. */
	pesan: async (event) => {
		const checkout = await readCheckout(event);
		if (!checkout.ok) return checkout.refusal;
		const result = await placeStorefrontOrder(checkout.shop.id, checkout.input);
		if (!result.ok) return fail(409, answer(checkout.values, refusalErrors(result.refusal, checkout.listed)));
		const token = await orderToken(getDb(), result.order.id);
		redirect(303, orderPath(checkout.shop.slug, result.order.id, token));
	}
};
