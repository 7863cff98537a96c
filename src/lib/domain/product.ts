import * as z from 'zod/mini';
import { productBarcode } from './barcode';
import type { ChangedBy } from './records';
import { nameChecks } from './text';

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

/** Categories every seller can pick; a seller may also type their own. */
export const COMMON_CATEGORIES = [
	'Makanan',
	'Minuman',
	'Sembako',
	'Kerajinan',
	'Pakaian',
	'Jasa',
	'Lainnya'
] as const;

export const MAX_PRICE = 1_000_000_000_000;
export const MAX_STOCK = 1_000_000_000;
export const MAX_PHOTOS = 5;
/** 1 tonne: heavier goods are not shipped by courier anyway. */
export const MAX_WEIGHT_GRAMS = 1_000_000;

/** A photo's name: the SHA-256 of its bytes, in hex. */
export const photoHash = z
	.string({ error: 'err.photo_invalid' })
	.check(z.regex(/^[0-9a-f]{64}$/, 'err.photo_invalid'));

export const productName = z
	.string({ error: 'err.name_required' })
	.check(
		z.trim(),
		z.minLength(1, 'err.name_required'),
		z.maxLength(120, 'err.name_too_long'),
		...nameChecks('err.name_required')
	);
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
	/** Below this stock the product shows on the low-stock list; null for no warning. */
	minStock: z.optional(
		z.nullable(
			z
				.int({ error: 'err.stock_whole' })
				.check(z.gte(0, 'err.min_stock_negative'), z.lte(MAX_STOCK, 'err.stock_too_big'))
		)
	),
	category: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(40, 'err.category_too_long')))),
	sku: z.optional(
		z.nullable(
			z
				.string()
				.check(
					z.trim(),
					z.maxLength(64, 'err.sku_invalid'),
					z.regex(/^[\p{L}\p{N} ._\-/]*$/u, 'err.sku_invalid')
				)
		)
	),
	description: z.optional(z.nullable(z.string().check(z.maxLength(2000, 'err.text_too_long')))),
	weightGrams: z.optional(
		z.nullable(
			z
				.int({ error: 'err.weight_whole' })
				.check(z.gte(1, 'err.weight_whole'), z.lte(MAX_WEIGHT_GRAMS, 'err.weight_too_big'))
		)
	),
	/** Up to five photos by hash; the first is the one lists show. */
	photos: z.optional(z.array(photoHash).check(z.maxLength(MAX_PHOTOS, 'err.too_many_photos'))),
	active: z.optional(z.boolean()),
	/** What one unit costs the seller (harga modal), for the profit report; null when not known. */
	costPrice: z.optional(z.nullable(productPrice)),
	/** The code on the pack (EAN-13, UPC, QR …), scanned or typed; see barcode.ts. */
	barcode: z.optional(productBarcode)
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
	minStock: number | null;
	category: string | null;
	sku: string | null;
	description: string | null;
	weightGrams: number | null;
	photos: string[];
	active: boolean;
	/** Harga modal: what one unit costs the seller; null (or absent, on records older than it) when unknown. */
	costPrice?: number | null;
	/** Absent on records stored before barcodes were kept. */
	barcode?: string | null;
	/** Who changed it last, and in what role (set by the server; null for records written before it was kept). */
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

/** The fields that `product.put` may patch after creation (stock moves only through `stock.adjust`). */
export const PRODUCT_PATCH_FIELDS = [
	'name',
	'price',
	'unit',
	'minStock',
	'category',
	'sku',
	'description',
	'weightGrams',
	'photos',
	'active',
	'costPrice',
	'barcode'
] as const;

export const STOCK_REASONS = ['restock', 'correction', 'sale', 'return'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

export const stockAdjustArgs = z.object({
	/** The movement's own id, made on the phone so its stock history shows offline; the server makes one when absent. */
	id: z.optional(z.uuid('err.id_invalid')),
	productId: z.uuid('err.id_invalid'),
	delta: z
		.int({ error: 'err.stock_whole' })
		.check(z.gte(-MAX_STOCK, 'err.stock_too_big'), z.lte(MAX_STOCK, 'err.stock_too_big')),
	reason: z.enum(STOCK_REASONS, { error: 'err.reason_invalid' })
});
export type StockAdjustArgs = z.infer<typeof stockAdjustArgs>;

/**
 * Why stock moved: a person's reason (`stock.adjust`), or an order: placed (`order`) or cancelled
 * (`order_cancelled`), which name the order in `orderId`.
 */
export type MovementReason = StockReason | 'order' | 'order_cancelled';

/** One line of a product's stock history. */
export interface StockMovement {
	id: string;
	spaceId: string;
	productId: string;
	delta: number;
	reason: MovementReason;
	/** The order that moved the stock, for `order` and `order_cancelled`. */
	orderId?: string | null;
	/** Stock right after this movement, as the server counted it (on the phone: as the phone counted it). */
	stockAfter: number;
	/** When the person made it, by the device's clock (for display only). */
	at: string;
	/** Who changed it last, and in what role (set by the server; null for records written before it was kept). */
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

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
			minStock: args.minStock ?? null,
			category: args.category || null,
			sku: args.sku || null,
			description: args.description || null,
			weightGrams: args.weightGrams ?? null,
			photos: args.photos ?? [],
			active: args.active ?? true,
			costPrice: args.costPrice ?? null,
			barcode: args.barcode || null,
			version: base.version,
			createdAt: base.updatedAt,
			updatedAt: base.updatedAt
		};
	}
	const next: Product = { ...existing, version: base.version, updatedAt: base.updatedAt };
	for (const field of PRODUCT_PATCH_FIELDS) {
		const value = args[field];
		// An emptied text field is stored as null, the same on every device.
		if (value !== undefined)
			(next as unknown as Record<string, unknown>)[field] = value === '' ? null : value;
	}
	return next;
}
