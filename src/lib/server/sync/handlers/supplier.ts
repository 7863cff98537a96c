import { applySupplierPut } from '$lib/domain/supplier';
import { supplierFromRow, supplierToColumns } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, type Handlers } from '../write';

/** The seller's supplier profile: the space's one record (its id is the space's id). */
export const supplierHandlers: Handlers<'supplier.put'> = {
	async 'supplier.put'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('supplier_profiles')
			.selectAll()
			.where('id', '=', space)
			.executeTakeFirst();
		const next = applySupplierPut(row ? supplierFromRow(row) : undefined, args, {
			spaceId: space,
			version,
			updatedAt: ctx.now
		});
		if ('error' in next) throw new MutationRejected('invalid', next.error);
		// Buyers search by the seller's province and regency: a profile given no place of its own takes the
		// business's address from the seller's record (a facilitator's sign-up has it).
		if (!next.address) {
			const seller = await trx
				.selectFrom('sellers')
				.select('address')
				.where('space_id', '=', space)
				.executeTakeFirst();
			if (seller?.address) next.address = JSON.parse(seller.address);
		}
		const columns = { ...supplierToColumns(next), changed_by: ctx.changedBy, version, updated_at: ctx.now };
		if (row) {
			await trx.updateTable('supplier_profiles').set(columns).where('id', '=', space).execute();
		} else {
			await trx
				.insertInto('supplier_profiles')
				.values({ ...columns, id: space, space_id: space, deleted: 0, created_at: ctx.now })
				.execute();
		}
	}
};
