import { sql } from 'kysely';
import { jakartaDay } from '$lib/domain/dates';
import { documentNumber, type NumberedDocument } from '$lib/domain/procurement-money';
import { isRefusal, type StepResult } from '$lib/domain/procurement-steps';
import type { Procurement } from '$lib/domain/procurement';
import { procurementFromRow, procurementToColumns } from '../sync/entities';
import { MutationRejected } from '../sync/rejection';
import type { Trx } from '../sync/write';

/**
 * Reading and writing procurement records inside a writer's transaction: every writer (the seller's
 * handlers, the buyer's and the lender's server-side entries) goes through these, after bumping the space's
 * version.
 */

/** The record, in the given space (any other space's is as missing as one that does not exist). */
export async function procurementInSpace(trx: Trx, id: string, space: string): Promise<Procurement> {
	const row = await trx
		.selectFrom('procurements')
		.selectAll()
		.where('id', '=', id)
		.where('deleted', '=', 0)
		.executeTakeFirst();
	if (!row || row.space_id !== space) throw new MutationRejected('not_found', 'procurement.err_missing');
	return procurementFromRow(row);
}

/** The step's result written back, stamped with who did it; a refusal thrown for the caller to roll back. */
export async function saveStep(trx: Trx, result: StepResult, changedBy: string): Promise<Procurement> {
	if (isRefusal(result)) throw new MutationRejected(result.error, result.message);
	await trx
		.updateTable('procurements')
		.set({ ...procurementToColumns(result), changed_by: changedBy })
		.where('id', '=', result.id)
		.execute();
	return result;
}

/**
 * The next number of a kind of document for its issuer in the current year (Jakarta time): an upsert that
 * takes the sequence's row lock, in the transaction that issues the document, so two issued at once never
 * share a number and a rolled-back issue gives its number back.
 */
export async function nextDocumentNumber(
	trx: Trx,
	kind: NumberedDocument,
	issuer: { id: string; code: string },
	now: string
): Promise<string> {
	const year = Number(jakartaDay(now).slice(0, 4));
	const scope = `${kind}:${issuer.id}`;
	const row = await trx
		.insertInto('document_sequences')
		.values({ scope, year, last: 1 })
		.onConflict((conflict) =>
			conflict.columns(['scope', 'year']).doUpdateSet({ last: sql`document_sequences.last + 1` })
		)
		.returning('last')
		.executeTakeFirstOrThrow();
	return documentNumber(kind, issuer.code, year, Number(row.last));
}

/** Records a numbered document of a procurement (the verification page and keuangan's lists read these). */
export async function recordDocument(
	trx: Trx,
	document: {
		id: string;
		kind: NumberedDocument;
		procurement: Procurement;
		number: string;
		issuedOn: string;
		amount: number;
		dueOn?: string | null;
	},
	now: string
): Promise<void> {
	await trx
		.insertInto('procurement_documents')
		.values({
			id: document.id,
			kind: document.kind,
			procurement_id: document.procurement.id,
			organisation_id: document.procurement.organisation.id,
			space_id: document.procurement.spaceId,
			number: document.number,
			issued_on: document.issuedOn,
			amount: document.amount,
			due_on: document.dueOn ?? null,
			paid_on: null,
			created_at: now
		})
		.execute();
}
