import type { ProductPutArgs } from '$lib/domain/product';
import { db } from './db';
import { mutate } from './outbox';
import { sync } from './runtime';

/** Creates a product (a new id) or patches the fields given; returns its id. Saved on the phone at once. */
export async function saveProduct(space: string, fields: ProductPutArgs): Promise<string> {
	await mutate(db, space, 'product.put', fields);
	sync.schedule();
	return fields.id;
}

export async function deleteProduct(space: string, id: string): Promise<void> {
	await mutate(db, space, 'product.delete', { id });
	sync.schedule();
}

/** Moves stock by `delta`; concurrent adjustments from several phones all count on the server. */
export async function adjustStock(
	space: string,
	productId: string,
	delta: number,
	reason: 'restock' | 'correction' | 'sale' | 'return'
): Promise<void> {
	await mutate(db, space, 'stock.adjust', { productId, delta, reason });
	sync.schedule();
}
