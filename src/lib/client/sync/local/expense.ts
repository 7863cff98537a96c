import { applyExpensePut } from '$lib/domain/expense';
import { LocalChangeError, type LocalHandlers } from './shared';

/** Expenses on the phone, recorded and changed as the server will. */
export const expenseLocal: LocalHandlers<'expense.put' | 'expense.delete'> = {
	'expense.put': {
		stamps: 'expenses',
		async apply({ db, space, at }, put) {
			const existing = await db.expenses.get(put.id);
			if (existing && existing.spaceId !== space) throw new LocalChangeError('expense.err_exists');
			const next = applyExpensePut(existing, put, {
				spaceId: space,
				version: existing?.version ?? 0,
				updatedAt: at
			});
			if ('error' in next) throw new LocalChangeError(next.error);
			await db.expenses.put(next);
			return put.id;
		}
	},

	'expense.delete': {
		stamps: 'expenses',
		async apply({ db, space }, { id }) {
			const existing = await db.expenses.get(id);
			if (!existing || existing.spaceId !== space) throw new LocalChangeError('expense.err_missing');
			await db.expenses.delete(id);
			return id;
		}
	}
};
