import { error } from '@sveltejs/kit';
import { formatRupiah } from '$lib/domain/money';
import { getDb } from '$lib/server/db';
import { findShopOrder, isOrderToken, loadShop } from '$lib/server/storefront';
import { t } from '../../../text';
import type { PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A buyer's order page. Its link carries `k`, an HMAC of the order id: without it (or with a wrong one)
 * the order does not exist, so nobody can walk through a shop's orders by guessing ids.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const db = getDb();
	const token = url.searchParams.get('k') ?? '';
	const shop = await loadShop(db, params.slug);
	if (!shop || !UUID.test(params.orderId) || !(await isOrderToken(db, params.orderId, token))) {
		error(404, t('shop.not_found'));
	}
	const order = await findShopOrder(db, shop.id, params.orderId);
	if (!order) error(404, t('shop.not_found'));
	// The buyer's name, phone and address: kept out of shared caches, and drawn fresh on every visit.
	setHeaders({ 'cache-control': 'private, no-store' });
	return {
		shop: { name: shop.name, slug: shop.slug, phone: shop.phone },
		order: {
			number: order.number,
			status: order.status,
			paymentStatus: order.paymentStatus,
			buyerName: order.buyer.name,
			delivery: order.delivery,
			note: order.note,
			total: formatRupiah(order.total),
			items: order.items.map((item) => ({
				name: item.name,
				qty: item.qty,
				unit: item.unit,
				each: formatRupiah(item.price),
				amount: formatRupiah(item.price * item.qty)
			}))
		}
	};
};
