import * as z from 'zod/mini';

/** Units a warung uses most; any other short word is allowed too. */
export const COMMON_UNITS = [
	'pcs',
	'kg',
	'gram',
	'liter',
	'bungkus',
	'botol',
	'lusin',
	'porsi',
	'pak'
] as const;

export const MAX_PRICE = 1_000_000_000_000;
export const MAX_STOCK = 1_000_000_000;

export const productName = z
	.string({ error: 'err.name_required' })
	.check(z.trim(), z.minLength(1, 'err.name_required'), z.maxLength(120, 'err.name_too_long'));
export const productPrice = z
	.int({ error: 'err.price_whole' })
	.check(z.gte(0, 'err.price_negative'), z.lte(MAX_PRICE, 'err.price_too_high'));
export const productUnit = z
	.string({ error: 'err.unit_required' })
	.check(z.trim(), z.minLength(1, 'err.unit_required'), z.maxLength(30, 'err.unit_too_long'));
export const productStock = z
	.int({ error: 'err.stock_whole' })
	.check(z.gte(-MAX_STOCK, 'err.stock_too_big'), z.lte(MAX_STOCK, 'err.stock_too_big'));

/** The arguments of `product.put`: a create when the id is new, otherwise a patch of the fields given. */
export const productPutArgs = z.object({
	id: z.uuid('err.id_invalid'),
	name: z.optional(productName),
	price: z.optional(productPrice),
	unit: z.optional(productUnit),
	stock: z.optional(productStock),
	category: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(60, 'err.text_too_long')))),
	description: z.optional(z.nullable(z.string().check(z.maxLength(2000, 'err.text_too_long')))),
	photo: z.optional(z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'err.photo_invalid')))),
	active: z.optional(z.boolean())
});
export type ProductPutArgs = z.infer<typeof productPutArgs>;

/** A product as the server stores it and as pull sends it. */
export interface Product {
	id: string;
	spaceId: string;
	name: string;
	price: number;
	unit: string;
	stock: number;
	category: string | null;
	description: string | null;
	photo: string | null;
	active: boolean;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/** The fields that `product.put` may patch after creation (stock moves only through `stock.adjust`). */
export const PRODUCT_PATCH_FIELDS = [
	'name',
	'price',
	'unit',
	'category',
	'description',
	'photo',
	'active'
] as const;

export const stockAdjustArgs = z.object({
	productId: z.uuid('err.id_invalid'),
	delta: z
		.int({ error: 'err.stock_whole' })
		.check(z.gte(-MAX_STOCK, 'err.stock_too_big'), z.lte(MAX_STOCK, 'err.stock_too_big')),
	reason: z.enum(['restock', 'correction', 'sale', 'return'], { error: 'err.reason_invalid' })
});
export type StockAdjustArgs = z.infer<typeof stockAdjustArgs>;

export const productDeleteArgs = z.object({ id: z.uuid('err.id_invalid') });
export type ProductDeleteArgs = z.infer<typeof productDeleteArgs>;

/** Applies a `product.put` to a product (or creates it), the same way on the phone and on the server. */
export function applyProductPut(
	existing: Product | undefined,
	args: ProductPutArgs,
	base: Pick<Product, 'spaceId' | 'version' | 'updatedAt'>
): Product | { error: string } {
	if (!existing) {
		if (args.name === undefined) return { error: 'err.name_required' };
		if (args.price === undefined) return { error: 'err.price_required' };
		if (args.unit === undefined) return { error: 'err.unit_required' };
		return {
			id: args.id,
			spaceId: base.spaceId,
			name: args.name,
			price: args.price,
			unit: args.unit,
			stock: args.stock ?? 0,
			category: args.category ?? null,
			description: args.description ?? null,
			photo: args.photo ?? null,
			active: args.active ?? true,
			version: base.version,
			createdAt: base.updatedAt,
			updatedAt: base.updatedAt
		};
	}
	const next: Product = { ...existing, version: base.version, updatedAt: base.updatedAt };
	for (const field of PRODUCT_PATCH_FIELDS) {
		const value = args[field];
		if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
	}
	return next;
}
