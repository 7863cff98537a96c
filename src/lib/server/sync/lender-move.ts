import * as z from 'zod/mini';
import type { User } from '$lib/domain/auth';
import type { FinancingApplication, LenderRef } from '$lib/domain/financing';
import { moveFinancing } from '$lib/domain/lender';
import { firstMessageKey } from '../api';
import { lenderFromRow } from '../lenders';
import { financingFromRow } from './entities';
import { MutationRejected } from './rejection';
import { bumpSpaceVersion, changedByColumn, type Trx } from './write';

/** An admin's move of an application to another lender; the note is what the seller and lenders read. */
export const lenderMoveInput = z.object({
	applicationId: z.uuid('err.financing_missing'),
	lenderId: z.uuid('err.lender_missing'),
	note: z.nullable(z.string().check(z.trim(), z.maxLength(1000, 'err.text_too_long')))
});
export type LenderMoveInput = z.input<typeof lenderMoveInput>;

/**
 * "Pindahkan ke pemberi pembiayaan lain": an admin sends an application to another lender organisation.
 * Written like applyLenderDecision, as a synced write (space version bumped, row stamped, in the caller's
 * transaction), so the seller's phones pull the history entry and the new lender in the form at once; from
 * then on only the new lender's accounts see it (and its documents). Only an admin; the rules are the
 * domain's (`moveFinancing`). Throws MutationRejected; the caller rolls back, and pokes the returned space
 * after the commit.
 */
export async function applyLenderMove(
	trx: Trx,
	ctx: { now: string },
	admin: User,
	input: LenderMoveInput
): Promise<{ application: FinancingApplication; changedSpaces: string[] }> {
	if (admin.role !== 'admin') throw new MutationRejected('forbidden', 'err.admin_only');
	const parsed = lenderMoveInput.safeParse(input);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	const { applicationId, lenderId } = parsed.data;
	const found = await trx
		.selectFrom('financing_applications')
		.select('space_id')
		.where('id', '=', applicationId)
		.where('deleted', '=', 0)
		.executeTakeFirst();
	if (!found) throw new MutationRejected('not_found', 'err.financing_missing');
	const target = await trx.selectFrom('lenders').selectAll().where('id', '=', lenderId).executeTakeFirst();
	if (!target) throw new MutationRejected('not_found', 'err.lender_missing');
	// Version first (the space's row lock on PostgreSQL), then read what is about to change.
	const version = await bumpSpaceVersion(trx, found.space_id);
	const row = await trx
		.selectFrom('financing_applications')
		.selectAll()
		.where('id', '=', applicationId)
		.executeTakeFirstOrThrow();
	const from: LenderRef | null = row.lender_id
		? ((await trx
				.selectFrom('lenders')
				.select(['id', 'name'])
				.where('id', '=', row.lender_id)
				.executeTakeFirst()) ?? null)
		: null;
	const by = { id: admin.id, name: admin.name };
	const note = parsed.data.note || null;
	const application = moveFinancing(
		financingFromRow(row),
		lenderFromRow(target),
		{ from, note, by, at: ctx.now },
		version
	);
	if ('error' in application) throw new MutationRejected(application.error, application.message);
	await trx
		.updateTable('financing_applications')
		.set({
			status: application.status,
			fields: JSON.stringify(application.fields),
			field_changes: JSON.stringify(application.fieldChanges),
			decisions: JSON.stringify(application.decisions),
			lender_id: target.id,
			changed_by: changedByColumn({ id: admin.id, name: admin.name, role: 'admin' }),
			version,
			updated_at: ctx.now
		})
		.where('id', '=', applicationId)
		.execute();
	return { application, changedSpaces: [found.space_id] };
}
