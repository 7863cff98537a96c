import * as z from 'zod/mini';
import {
	KUR_PRODUCT_NAMES,
	type FinancingApplication,
	type FinancingMove,
	type FinancingStatus,
	type KurProduct,
	type Lender
} from './financing';
import { nameChecks } from './text';

/*
 * Lender organisations: a bank or a cooperative the admin made, with the KUR products it offers (the
 * `Lender` shape lives in financing.ts, which checks the chosen one). The seller picks one in the form
 * (`GET /api/lenders`, kept on the phone for offline use); its people are lender accounts that belong to
 * it, and see only the applications sent to it.
 */
export type { Lender, LenderRef } from './financing';

export const lenderName = z
	.string({ error: 'err.lender_name_required' })
	.check(
		z.trim(),
		z.minLength(1, 'err.lender_name_required'),
		z.maxLength(80, 'err.text_too_long'),
		...nameChecks('err.lender_name_required')
	);

/** The KUR products a lender offers: at least one, each once, in the programme's order. */
export const lenderProducts = z.pipe(
	z
		.array(z.enum(KUR_PRODUCT_NAMES as [KurProduct, ...KurProduct[]], 'err.kur_product'), {
			error: 'err.lender_products_required'
		})
		.check(z.minLength(1, 'err.lender_products_required')),
	z.transform((products) => KUR_PRODUCT_NAMES.filter((name) => products.includes(name)))
);

/** What the admin types to make a lender organisation (portal form or `npm run admin -- create-lender`). */
export const lenderInput = z.object({ name: lenderName, products: lenderProducts });
export type LenderInput = z.input<typeof lenderInput>;

/** Whether a lender lends this KUR product. */
export function offers(lender: Pick<Lender, 'products'>, product: KurProduct | null | undefined): boolean {
	return !!product && lender.products.includes(product);
}

/** Applications an admin may move to another lender: sent, and not decided yet. */
export const MOVABLE: readonly FinancingStatus[] = ['submitted', 'in_review', 'needs_revision'];

/**
 * An application moved by an admin to another lender, or why it cannot be: a draft is nobody's yet
 * (`not_found`), a decided one stays with the lender who decided (`conflict`), as does one already with
 * that lender; the new lender must offer the application's product (`invalid`). The move goes into the
 * history the seller and the lenders read; the chosen lender in the form follows, so a resubmission after
 * "Perlu perbaikan" goes to the new one. One the first lender was reviewing waits again as "Diajukan" for
 * the new one; one waiting for the seller's revision keeps waiting.
 */
export function moveFinancing(
	current: FinancingApplication,
	to: Lender,
	move: Omit<FinancingMove, 'status' | 'to'>,
	version: number
): FinancingApplication | { error: 'invalid' | 'not_found' | 'conflict'; message: string } {
	if (current.status === 'draft') return { error: 'not_found', message: 'err.financing_missing' };
	if (!MOVABLE.includes(current.status)) return { error: 'conflict', message: 'err.financing_decided' };
	if (move.from?.id === to.id) return { error: 'conflict', message: 'err.lender_same' };
	if (!offers(to, current.fields.product)) return { error: 'invalid', message: 'err.lender_no_product' };
	const entry: FinancingMove = { status: 'moved', ...move, to: { id: to.id, name: to.name } };
	return {
		...current,
		status: current.status === 'in_review' ? 'submitted' : current.status,
		fields: { ...current.fields, lenderId: to.id },
		fieldChanges: { ...current.fieldChanges, lenderId: { by: move.by, at: move.at } },
		decisions: [...current.decisions, entry],
		version,
		updatedAt: move.at
	};
}
