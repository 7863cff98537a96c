import { uuidv7 } from '$lib/domain/ids';
import { checkoutForm } from '$lib/domain/order';
import type { StorefrontOrderInput } from '$lib/server/sync/storefront-order';
import type { Refusal } from '$lib/server/storefront';

/**
 * The shop page's one form, read and checked: the quantity of each product (`qty-<productId>`, 0 for
 * none) and the buyer's details, checked with the domain's `checkoutForm`. Prices are not in the form.
 */

/** What the buyer typed, given back to the form when something must be fixed. */
export interface CheckoutValues {
	/** The order's id, made when the page was drawn: a form sent twice places one order. */
	order: string;
	name: string;
	phone: string;
	delivery: string;
	address: string;
	note: string;
	/** Quantity typed per product id. */
	qty: Record<string, string>;
}

/** An error message key with its values, by field (`name`, `qty-<productId>`, `items`, `form` …). */
export type CheckoutErrors = Record<string, { key: string; params?: Record<string, string | number> }>;

export function qtyField(productId: string): string {
	return `qty-${productId}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function emptyCheckout(): CheckoutValues {
	return { order: uuidv7(), name: '', phone: '', delivery: 'pickup', address: '', note: '', qty: {} };
}

/** A product id for the stand-in item of the delivery check in parseCheckout. */
const PROBE_PRODUCT = '00000000-0000-4000-8000-000000000000';

const QTY_FIELD = /^qty-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The form's fields as text. Every product quantity is read, not only those of the products listed now: a
 * product hidden or sold out since the page was drawn must be refused by name, not silently left out.
 */
export function readCheckoutValues(form: FormData): CheckoutValues {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const qty: Record<string, string> = {};
	for (const [name, value] of form) {
		const productId = QTY_FIELD.exec(name)?.[1];
		if (productId && typeof value === 'string' && value.trim()) qty[productId] = value.trim();
	}
	const order = text('order');
	return {
		order: UUID.test(order) ? order : uuidv7(),
		name: text('name'),
		phone: text('phone'),
		delivery: text('delivery'),
		address: text('address'),
		note: text('note'),
		qty
	};
}

export type CheckoutParse = { ok: true; input: StorefrontOrderInput } | { ok: false; errors: CheckoutErrors };

/** Checks the form with the domain's `checkoutForm`; errors by field, the first of each. */
export function parseCheckout(values: CheckoutValues): CheckoutParse {
	const errors: CheckoutErrors = {};
	const items: { productId: string; qty: number }[] = [];
	for (const [productId, typed] of Object.entries(values.qty)) {
		if (!/^\d+$/.test(typed)) errors[qtyField(productId)] = { key: 'err.qty_whole' };
		else if (Number(typed) > 0) items.push({ productId, qty: Number(typed) });
	}
	const fields = {
		name: values.name,
		phone: values.phone,
		delivery: values.delivery || undefined,
		address: values.address,
		note: values.note,
		items
	};
	const collect = (issues: readonly { path: PropertyKey[]; message: string }[]) => {
		for (const issue of issues) {
			const [first, index] = issue.path;
			let field = typeof first === 'string' ? first : 'form';
			if (field === 'items' && typeof index === 'number' && items[index]) {
				field = qtyField(items[index].productId);
			}
			errors[field] ??= { key: issue.message.startsWith('err.') ? issue.message : 'err.invalid' };
		}
	};
	const result = checkoutForm.safeParse(fields);
	if (!result.success) {
		collect(result.error.issues);
		// zod runs the form-wide rule (an address when delivering) only once every field is valid. So that the
		// buyer sees every mistake at once, not one more after each try, the rule is run again on the buyer's
		// delivery and address beside valid stand-ins for the other fields.
		const probe = checkoutForm.safeParse({
			...fields,
			name: 'x',
			phone: '081200000000',
			items: [{ productId: PROBE_PRODUCT, qty: 1 }]
		});
		if (!probe.success) collect(probe.error.issues.filter((issue) => issue.path[0] === 'address'));
	}
	if (!result.success || Object.keys(errors).length) return { ok: false, errors };
	const form = result.data;
	return {
		ok: true,
		input: {
			id: values.order,
			buyer: { name: form.name, phone: form.phone },
			delivery: {
				method: form.delivery,
				address: form.delivery === 'delivery' ? (form.address ?? null) : null
			},
			note: form.note || null,
			items: form.items
		}
	};
}

/**
 * A refused order as form errors: beside the product's quantity when the page shows that product, else for
 * the form as a whole (a product hidden since the page was drawn has no field any more).
 */
export function refusalErrors(refusal: Refusal, listed: readonly string[]): CheckoutErrors {
	const field =
		refusal.productId && listed.includes(refusal.productId) ? qtyField(refusal.productId) : 'form';
	return { [field]: { key: refusal.key, params: refusal.params } };
}
