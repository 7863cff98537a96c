import * as z from 'zod/mini';
import { financingChanged } from '../monitoring/aggregates';
import type { User } from '$lib/domain/auth';
import { decideFinancing, type FinancingApplication } from '$lib/domain/financing';
import { firstMessageKey } from '../api';
import { financingFromRow } from './entities';
import { MutationRejected } from './rejection';
import { bumpSpaceVersion, changedByColumn, userActor, type Trx } from './write';

/** What a lender decides about a submitted application; the note is what the seller reads. */
export const lenderDecisionInput = z.object({
	applicationId: z.uuid('err.financing_missing'),
	status: z.enum(['in_review', 'needs_revision', 'approved', 'rejected'], 'err.decision_status'),
	note: z.nullable(z.string().check(z.trim(), z.maxLength(1000, 'err.text_too_long')))
});
export type LenderDecisionInput = z.input<typeof lenderDecisionInput>;

/**
 * A lender's decision on an application: the server's own way into the synced records (not a mutation a
 * device can send), written like one: the space's version is bumped, the row stamped with it, all in the
 * caller's transaction, so the seller's phones pull the new status and the note. Only a user whose role is
 * `lender`, on an application sent to their own lender organisation (any other is `not_found`, as if it
 * did not exist); the rules of the decision are the domain's (`decideFinancing`). Throws MutationRejected;
 * the caller rolls back, and pokes the returned space after the commit.
 */
export async function applyLenderDecision(
	trx: Trx,
	ctx: { now: string },
	lender: User,
	input: LenderDecisionInput
): Promise<{ application: FinancingApplication; changedSpaces: string[] }> {
	if (lender.role !== 'lender') throw new MutationRejected('forbidden', 'err.lender_only');
	const parsed = lenderDecisionInput.safeParse(input);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	const { applicationId, status } = parsed.data;
	const note = parsed.data.note || null;
	if ((status === 'needs_revision' || status === 'rejected') && !note) {
		throw new MutationRejected('invalid', 'err.note_required');
	}
	const organisation = await trx
		.selectFrom('users')
		.select('lender_id')
		.where('id', '=', lender.id)
		.executeTakeFirst();
	const found = organisation?.lender_id
		? await trx
				.selectFrom('financing_applications')
				.select('space_id')
				.where('id', '=', applicationId)
				.where('lender_id', '=', organisation.lender_id)
				.where('deleted', '=', 0)
				.executeTakeFirst()
		: undefined;
	if (!found) throw new MutationRejected('not_found', 'err.financing_missing');
	const space = found.space_id;
	const by = { id: lender.id, name: (await userActor(trx, lender.id)).name };
	// Version first (the space's row lock on PostgreSQL), then read what is about to change.
	const version = await bumpSpaceVersion(trx, space);
	const row = await trx
		.selectFrom('financing_applications')
		.selectAll()
		.where('id', '=', applicationId)
		.executeTakeFirstOrThrow();
	// An admin moved it away between the first read and the space's lock.
	if (row.lender_id !== organisation?.lender_id) {
		throw new MutationRejected('not_found', 'err.financing_missing');
	}
	const application = decideFinancing(financingFromRow(row), { status, note, by, at: ctx.now }, version);
	if ('error' in application) throw new MutationRejected(application.error, application.message);
	await trx
		.updateTable('financing_applications')
		.set({
			status,
			decisions: JSON.stringify(application.decisions),
			changed_by: changedByColumn({ id: lender.id, name: by.name, role: 'lender' }),
			version,
			updated_at: ctx.now
		})
		.where('id', '=', applicationId)
		.execute();
	await financingChanged(trx, financingFromRow(row), application);
	return { application, changedSpaces: [space] };
}
