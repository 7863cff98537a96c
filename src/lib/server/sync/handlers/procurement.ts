import { jakartaDay } from '$lib/domain/dates';
import { codeFromSlug } from '$lib/domain/procurement-money';
import {
	acceptOrder,
	decline,
	invoice,
	isRefusal,
	quote,
	ship,
	type StepContext
} from '$lib/domain/procurement-steps';
import type { MutationName } from '$lib/domain/mutations';
import { supplierFromRow } from '../entities';
import { nextDocumentNumber, procurementInSpace, recordDocument, saveStep } from '../../procurement/records';
import { MutationRejected } from '../rejection';
import {
	bumpSpaceVersion,
	userActor,
	type Handler,
	type HandlerContext,
	type Handlers,
	type Trx
} from '../write';

type SellerStep =
	| 'procurement.quote'
	| 'procurement.decline'
	| 'procurement.acceptOrder'
	| 'procurement.declineOrder'
	| 'procurement.ship'
	| 'procurement.invoice';

/** The step's context: the seller's party, the server's clock and its WIB day, the space's new version. */
async function stepContext(trx: Trx, ctx: HandlerContext, version: number): Promise<StepContext> {
	return {
		party: 'seller',
		by: await userActor(trx, ctx.userId),
		at: ctx.now,
		today: jakartaDay(ctx.now),
		version
	};
}

/** A seller's step: version first (the space's lock), then the record, the domain's rule, the write. */
function sellerStep<N extends SellerStep & MutationName>(
	step: (
		trx: Trx,
		record: Awaited<ReturnType<typeof procurementInSpace>>,
		args: Parameters<Handler<N>>[3],
		context: StepContext,
		space: string
	) => Promise<ReturnType<typeof quote>>
): Handler<N> {
	return async (trx, ctx, space, args) => {
		const version = await bumpSpaceVersion(trx, space);
		const record = await procurementInSpace(trx, (args as { id: string }).id, space);
		const result = await step(trx, record, args, await stepContext(trx, ctx, version), space);
		await saveStep(trx, result, ctx.changedBy);
	};
}

/** The seller's steps on an institution's order, from the phone; the buyer's are in procurement/buyer-steps.ts. */
export const procurementHandlers: Handlers<SellerStep> = {
	'procurement.quote': sellerStep<'procurement.quote'>(async (trx, record, args, context, space) => {
		const row = await trx
			.selectFrom('supplier_profiles')
			.selectAll()
			.where('id', '=', space)
			.executeTakeFirst();
		return quote(record, args, context, row ? supplierFromRow(row) : null);
	}),
	'procurement.decline': sellerStep<'procurement.decline'>(async (_trx, record, args, context) =>
		decline(record, 'decline', args, context)
	),
	'procurement.acceptOrder': sellerStep<'procurement.acceptOrder'>(async (_trx, record, args, context) =>
		acceptOrder(record, args, context)
	),
	'procurement.declineOrder': sellerStep<'procurement.declineOrder'>(async (_trx, record, args, context) =>
		decline(record, 'declineOrder', args, context)
	),
	'procurement.ship': sellerStep<'procurement.ship'>(async (_trx, record, args, context) =>
		ship(record, args, context)
	),
	/**
	 * The Tagihan: amounts by the domain's rule with the order's own tax rates and the seller's PKP status as
	 * the server has it; the number from the seller's sequence of the year, recorded with its due date.
	 */
	'procurement.invoice': sellerStep<'procurement.invoice'>(async (trx, record, args, context, space) => {
		const profile = await trx
			.selectFrom('supplier_profiles')
			.select('pkp')
			.where('id', '=', space)
			.executeTakeFirst();
		const { slug } = await trx
			.selectFrom('spaces')
			.select('slug')
			.where('id', '=', space)
			.executeTakeFirstOrThrow();
		const dry = invoice(record, args, context, { pkp: profile?.pkp === 1, number: null });
		if (isRefusal(dry)) return dry;
		const number = await nextDocumentNumber(
			trx,
			'invoice',
			{ id: space, code: codeFromSlug(slug) },
			context.at
		);
		const result = invoice(record, args, context, { pkp: profile?.pkp === 1, number });
		if (isRefusal(result)) throw new MutationRejected(result.error, result.message);
		const created = result.invoices.at(-1)!;
		await recordDocument(
			trx,
			{
				id: created.id,
				kind: 'invoice',
				procurement: result,
				number,
				issuedOn: created.issuedOn,
				amount: created.amounts.payable,
				dueOn: created.dueDate
			},
			context.at
		);
		return result;
	})
};
