import { jakartaDay } from '$lib/domain/dates';
import { requestAdvance } from '$lib/domain/invoice-advance';
import { isUniqueViolation } from '../../db';
import { advanceTerms } from '../../procurement/config';
import { procurementInSpace } from '../../procurement/records';
import { advanceToColumns } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, type Handlers } from '../write';

/**
 * Invoice financing from the phone: the seller asks one lender for an advance on an unpaid invoice. The terms
 * are the server's configuration at the moment it arrives (the phone showed the same ones, from /api/lenders).
 */
export const advanceHandlers: Handlers<'advance.request'> = {
	async 'advance.request'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const procurement = await procurementInSpace(trx, args.procurementId, space).catch(() => undefined);
		const lender = await trx
			.selectFrom('lenders')
			.select(['id', 'name'])
			.where('id', '=', args.lenderId)
			.executeTakeFirst();
		const others = await trx
			.selectFrom('invoice_advances')
			.select(['id', 'invoice_id as invoiceId', 'status'])
			.where('invoice_id', '=', args.invoiceId)
			.where('deleted', '=', 0)
			.execute();
		if (others.some((other) => other.id === args.id)) {
			throw new MutationRejected('conflict', 'advance.err_exists');
		}
		const advance = requestAdvance(args, {
			spaceId: space,
			procurement,
			lender,
			others,
			terms: advanceTerms(),
			today: jakartaDay(ctx.now),
			at: ctx.now,
			version
		});
		if ('error' in advance) throw new MutationRejected(advance.error, advance.message);
		try {
			await trx
				.insertInto('invoice_advances')
				.values({
					...advanceToColumns(advance),
					id: advance.id,
					space_id: space,
					deleted: 0,
					changed_by: ctx.changedBy,
					created_at: ctx.now
				})
				.execute();
		} catch (error) {
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'advance.err_exists');
			throw error;
		}
	}
};
