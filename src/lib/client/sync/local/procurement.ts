import { jakartaDay } from '$lib/domain/dates';
import { DEFAULT_ADVANCE_TERMS } from '$lib/domain/procurement-money';
import { requestAdvance } from '$lib/domain/invoice-advance';
import {
	acceptOrder,
	decline,
	invoice,
	isRefusal,
	quote,
	ship,
	type StepContext,
	type StepResult
} from '$lib/domain/procurement-steps';
import type { Procurement } from '$lib/domain/procurement';
import { applySupplierPut } from '$lib/domain/supplier';
import type { LapakDb } from '../db';
import { knownLenders } from '../../lenders';
import { actor, LocalChangeError, type LocalContext, type LocalHandlers } from './shared';

/** The record in this space, or the same refusal the server would give. */
async function inSpace(db: LapakDb, id: string, space: string): Promise<Procurement> {
	const record = await db.procurements.get(id);
	if (!record || record.spaceId !== space) throw new LocalChangeError('procurement.err_missing');
	return record;
}

async function context({ db, at }: LocalContext, record: Procurement): Promise<StepContext> {
	return { party: 'seller', by: await actor(db), at, today: jakartaDay(at), version: record.version };
}

/** Runs a domain step on the phone's copy and stores it (a refusal is the phone's message, before any send). */
async function step(
	ctx: LocalContext,
	id: string,
	run: (record: Procurement, context: StepContext) => StepResult | Promise<StepResult>
): Promise<string> {
	const record = await inSpace(ctx.db, id, ctx.space);
	const result = await run(record, await context(ctx, record));
	if (isRefusal(result)) throw new LocalChangeError(result.message);
	await ctx.db.procurements.put(result);
	return id;
}

/** The seller's side of institutions' orders on the phone, by the same domain rules the server runs. */
export const procurementLocal: LocalHandlers<
	| 'supplier.put'
	| 'procurement.quote'
	| 'procurement.decline'
	| 'procurement.acceptOrder'
	| 'procurement.declineOrder'
	| 'procurement.ship'
	| 'procurement.invoice'
	| 'advance.request'
> = {
	'supplier.put': {
		stamps: 'suppliers',
		async apply({ db, space, at }, args) {
			const existing = await db.suppliers.get(space);
			const next = applySupplierPut(existing, args, {
				spaceId: space,
				version: existing?.version ?? 0,
				updatedAt: at
			});
			if ('error' in next) throw new LocalChangeError(next.error);
			await db.suppliers.put(next);
			return space;
		}
	},
	'procurement.quote': {
		stamps: 'procurements',
		apply: (ctx, args) =>
			step(ctx, args.id, async (record, context) =>
				quote(record, args, context, await ctx.db.suppliers.get(ctx.space))
			)
	},
	'procurement.decline': {
		stamps: 'procurements',
		apply: (ctx, args) => step(ctx, args.id, (record, context) => decline(record, 'decline', args, context))
	},
	'procurement.acceptOrder': {
		stamps: 'procurements',
		apply: (ctx, args) => step(ctx, args.id, (record, context) => acceptOrder(record, args, context))
	},
	'procurement.declineOrder': {
		stamps: 'procurements',
		apply: (ctx, args) =>
			step(ctx, args.id, (record, context) => decline(record, 'declineOrder', args, context))
	},
	'procurement.ship': {
		stamps: 'procurements',
		apply: (ctx, args) => step(ctx, args.id, (record, context) => ship(record, args, context))
	},
	/** The number comes from the server; until then the invoice reads "nomor menyusul". */
	'procurement.invoice': {
		stamps: 'procurements',
		apply: (ctx, args) =>
			step(ctx, args.id, async (record, context) => {
				const profile = await ctx.db.suppliers.get(ctx.space);
				return invoice(record, args, context, { pkp: profile?.pkp ?? false, number: null });
			})
	},
	/** The terms the phone last heard from the server (the server applies its own when it arrives). */
	'advance.request': {
		stamps: 'invoiceAdvances',
		async apply({ db, space, at }, args) {
			const procurement = await db.procurements.get(args.procurementId);
			const lender = ((await knownLenders(db)) ?? []).find((item) => item.id === args.lenderId);
			const others = await db.invoiceAdvances.where('invoiceId').equals(args.invoiceId).toArray();
			const advance = requestAdvance(args, {
				spaceId: space,
				procurement: procurement?.spaceId === space ? procurement : undefined,
				lender: lender ? { id: lender.id, name: lender.name } : undefined,
				others,
				terms: lender?.advanceTerms ?? DEFAULT_ADVANCE_TERMS,
				today: jakartaDay(at),
				at,
				version: 0
			});
			if ('error' in advance) throw new LocalChangeError(advance.message);
			await db.invoiceAdvances.put(advance);
			return advance.id;
		}
	}
};
