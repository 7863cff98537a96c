import * as z from 'zod/mini';
import { expenseDeleteArgs, expensePutArgs } from './expense';
import { financingPatchArgs, financingSubmitArgs } from './financing';
import { advanceRequestArgs } from './invoice-advance';
import { orderCreateArgs, orderPayArgs, orderTransitionArgs } from './order';
import {
	procurementAcceptOrderArgs,
	procurementDeclineArgs,
	procurementInvoiceArgs,
	procurementQuoteArgs,
	procurementShipArgs
} from './procurement';
import { productDeleteArgs, productPutArgs, stockAdjustArgs } from './product';
import {
	sellerCreateArgs,
	sellerPatchArgs,
	sellerRemoveFacilitatorArgs,
	sellerRenewCodeArgs
} from './seller';
import { supplierPutArgs } from './supplier';
import { MAX_MUTATIONS_PER_PUSH } from './sync-protocol';

export * from './sync-protocol';

/**
 * Every change a device can make, by name, with the schema of its arguments. The phone validates with
 * these before it writes to the outbox; the server validates again before it applies.
 */
export const mutationArgs = {
	'product.put': productPutArgs,
	'product.delete': productDeleteArgs,
	/** Undoes a delete (the "Batalkan" right after deleting): the product comes back as it was. */
	'product.restore': productDeleteArgs,
	'stock.adjust': stockAdjustArgs,
	'order.create': orderCreateArgs,
	'order.transition': orderTransitionArgs,
	'order.pay': orderPayArgs,
	/** Creates the application (a new id) or patches the fields given; only while it is editable. */
	'financing.patch': financingPatchArgs,
	/** Freezes the application for the lender; the server checks everything again first. */
	'financing.submit': financingSubmitArgs,
	/**
	 * A facilitator signs a seller up: the mutation's `space` is the new space (made on the phone). The server
	 * makes the space with the facilitator as its member, the seller's account-to-be and an activation code.
	 */
	'seller.create': sellerCreateArgs,
	/** Changes the seller's profile (facilitator or owner); a new phone number before activation gets a new code. */
	'seller.patch': sellerPatchArgs,
	/** A new activation code for a seller not yet activated (facilitators only). */
	'seller.renewCode': sellerRenewCodeArgs,
	/** The owner takes a facilitator's access to the space away (owners only). */
	'seller.removeFacilitator': sellerRemoveFacilitatorArgs,
	/** Records an expense (a new id) or patches the fields given. */
	'expense.put': expensePutArgs,
	/** Takes an expense away (a tombstone, so every phone forgets it). */
	'expense.delete': expenseDeleteArgs,
	/** The seller's supplier profile (takes institutional orders, legal data, bank); the space's one record. */
	'supplier.put': supplierPutArgs,
	/** The seller's quotation for an institution's request (procurement-steps.ts has every rule). */
	'procurement.quote': procurementQuoteArgs,
	/** The seller declines to quote, with a reason. */
	'procurement.decline': procurementDeclineArgs,
	/** The seller accepts the Surat Pesanan. */
	'procurement.acceptOrder': procurementAcceptOrderArgs,
	/** The seller declines the Surat Pesanan, with a reason. */
	'procurement.declineOrder': procurementDeclineArgs,
	/** A delivery (partial ones allowed). */
	'procurement.ship': procurementShipArgs,
	/** A Tagihan for what a BAST received; amounts and number are the server's. */
	'procurement.invoice': procurementInvoiceArgs,
	/** The seller asks a lender for an advance on an unpaid invoice. */
	'advance.request': advanceRequestArgs
} as const;

export type MutationName = keyof typeof mutationArgs;
export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgs)[N]>;

export const MUTATION_NAMES = Object.keys(mutationArgs) as MutationName[];

export function isMutationName(name: string): name is MutationName {
	return Object.hasOwn(mutationArgs, name);
}

/** A mutation as it travels in a push; `args` are checked against `mutationArgs[name]` one by one. */
export const pushedMutation = z.object({
	id: z.int().check(z.positive()),
	name: z.string().check(z.minLength(1), z.maxLength(64)),
	space: z.uuid(),
	args: z.unknown(),
	at: z.iso.datetime({ offset: true })
});
export type PushedMutation = z.infer<typeof pushedMutation>;

export const pushRequest = z.object({
	clientId: z.uuid(),
	mutations: z.array(pushedMutation).check(z.maxLength(MAX_MUTATIONS_PER_PUSH, 'err.too_many_mutations'))
});
export type PushRequest = z.infer<typeof pushRequest>;

export const pullRequest = z.object({
	clientId: z.uuid(),
	cursors: z.optional(z.record(z.uuid(), z.int().check(z.gte(0))))
});
export type PullRequest = z.infer<typeof pullRequest>;
