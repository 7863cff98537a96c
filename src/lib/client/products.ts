import { uuidv7 } from '$lib/domain/ids';
import type { Product, ProductPutArgs, StockReason } from '$lib/domain/product';
import { db } from './sync/db';
import { mutate } from './sync/outbox';

/** Creates a product (a new id) or patches the fields given; returns its id. Saved on the phone at once. */
export async function saveProduct(space: string, fields: ProductPutArgs): Promise<string> {
	await mutate(db, space, 'product.put', fields);
	return fields.id;
}

export async function deleteProduct(space: string, id: string): Promise<void> {
	await mutate(db, space, 'product.delete', { id });
}

/** Brings back a product deleted on this phone (the "Batalkan" after deleting). */
export async function restoreProduct(space: string, id: string): Promise<void> {
	await mutate(db, space, 'product.restore', { id });
}

/** Moves stock by `delta`; concurrent adjustments from several phones all count on the server. */
export async function adjustStock(
	space: string,
	productId: string,
	delta: number,
	reason: StockReason
): Promise<void> {
	await mutate(db, space, 'stock.adjust', { id: uuidv7(), productId, delta, reason });
}

/** Copies a product (all but its stock and history) under a new id; returns the copy's id. */
export async function duplicateProduct(space: string, product: Product, suffix: string): Promise<string> {
	const id = uuidv7();
	await mutate(db, space, 'product.put', {
		id,
		name: `${product.name} ${suffix}`.slice(0, 120),
		price: product.price,
		unit: product.unit,
		stock: 0,
		minStock: product.minStock,
		category: product.category,
		sku: null,
		description: product.description,
		weightGrams: product.weightGrams,
		photos: product.photos,
		active: product.active
	});
	return id;
}
