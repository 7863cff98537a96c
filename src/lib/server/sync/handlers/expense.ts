import { applyExpensePut } from '$lib/domain/expense';
import { isUniqueViolation } from '../../db';
import { expenseFromRow } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, type Handlers } from '../write';

/** A seller's expenses: recorded, changed, taken away. */
export const expenseHandlers: Handlers<'expense.put' | 'expense.delete'> = {
	async 'expense.put'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx.selectFrom('expenses').selectAll().where('id', '=', args.id).executeTakeFirst();
		// Another space's expense is not this one's to change, nor to learn about: the same answer as a
		// new id taken by someone else.
		if (row && row.space_id !== space) throw new MutationRejected('conflict', 'expense.err_exists');
		if (row?.deleted) throw new MutationRejected('not_found', 'expense.err_missing');
		const next = applyExpensePut(row ? expenseFromRow(row) : undefined, args, {
			spaceId: space,
			version,
			updatedAt: ctx.now
		});
		if ('error' in next) throw new MutationRejected('invalid', next.error);
		const fields = {
			category: next.category,
			amount: next.amount,
			date: next.date,
			note: next.note,
			photo: next.photo,
			changed_by: ctx.changedBy,
			version,
			updated_at: ctx.now
		};
		if (row) {
			await trx.updateTable('expenses').set(fields).where('id', '=', args.id).execute();
			return;
		}
		try {
			await trx
				.insertInto('expenses')
				.values({ ...fields, id: args.id, space_id: space, deleted: 0, created_at: ctx.now })
				.execute();
		} catch (error) {
			// The same new id written into another space at the same moment: the primary key decides.
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'expense.err_exists');
			throw error;
		}
	},

	async 'expense.delete'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('expenses')
			.select(['space_id', 'deleted'])
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (!row || row.space_id !== space) throw new MutationRejected('not_found', 'expense.err_missing');
		if (row.deleted) return; // two phones took it away: nothing more to do
		await trx
			.updateTable('expenses')
			.set({ deleted: 1, version, updated_at: ctx.now, changed_by: ctx.changedBy })
			.where('id', '=', args.id)
			.execute();
	}
};
