import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import { advanceDecisionInput, decideAdvance, type InvoiceAdvance } from '$lib/domain/invoice-advance';
import type { Procurement } from '$lib/domain/procurement';
import { daysBetween } from '$lib/domain/procurement-money';
import { firstMessageKey } from '../api';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import { lenderOfUser } from '../lenders';
import { advanceChanged } from '../monitoring/aggregates';
import { advanceFromRow, advanceToColumns, procurementFromRow } from '../sync/entities';
import { MutationRejected } from '../sync/rejection';
import { bumpSpaceVersion, changedByColumn, type Trx } from '../sync/write';

/** The lender organisation of a lender account, or null (it then sees no advance). */
async function lenderIdOf(db: Kysely<Database>, user: User): Promise<string | null> {
	return user.role === 'lender' ? ((await lenderOfUser(db, user.id))?.id ?? null) : null;
}

/**
 * A lender's decision on an invoice advance sent to its own organisation (any other is `not_found`): the
 * server's own way into the seller's synced records, in the caller's transaction, like a KUR decision.
 */
export async function applyAdvanceDecision(
	trx: Trx,
	ctx: { now: string },
	lender: User,
	input: unknown
): Promise<{ advance: InvoiceAdvance; changedSpaces: string[] }> {
	if (lender.role !== 'lender') throw new MutationRejected('forbidden', 'err.lender_only');
	const parsed = advanceDecisionInput.safeParse(input);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	const lenderId = await lenderIdOf(trx, lender);
	const found = lenderId
		? await trx
				.selectFrom('invoice_advances')
				.select('space_id')
				.where('id', '=', parsed.data.id)
				.where('lender_id', '=', lenderId)
				.where('deleted', '=', 0)
				.executeTakeFirst()
		: undefined;
	if (!found) throw new MutationRejected('not_found', 'advance.err_missing');
	const version = await bumpSpaceVersion(trx, found.space_id);
	const advance = advanceFromRow(
		await trx
			.selectFrom('invoice_advances')
			.selectAll()
			.where('id', '=', parsed.data.id)
			.executeTakeFirstOrThrow()
	);
	const procurement = procurementFromRow(
		await trx
			.selectFrom('procurements')
			.selectAll()
			.where('id', '=', advance.procurementId)
			.executeTakeFirstOrThrow()
	);
	const invoicePaid = !!procurement.invoices.find((invoice) => invoice.id === advance.invoiceId)?.paid;
	const decided = decideAdvance(
		advance,
		{
			status: parsed.data.status,
			note: parsed.data.note || null,
			by: { id: lender.id, name: lender.name },
			at: ctx.now
		},
		invoicePaid,
		version
	);
	if ('error' in decided) throw new MutationRejected(decided.error, decided.message);
	await trx
		.updateTable('invoice_advances')
		.set({
			...advanceToColumns(decided),
			changed_by: changedByColumn({ id: lender.id, name: lender.name, role: 'lender' })
		})
		.where('id', '=', decided.id)
		.execute();
	await advanceChanged(trx, advance, decided);
	return { advance: decided, changedSpaces: [decided.spaceId] };
}

/** One advance as its lender reads it: with the order it is on, and the buyer's record of paying on time. */
export interface LenderAdvance {
	advance: InvoiceAdvance;
	procurement: Procurement;
	sellerName: string;
	buyerRecord: { paidInvoices: number; paidLate: number; averageDaysLate: number; openPastDue: number };
}

/** The advances sent to the lender's organisation, newest first (none for an account of no organisation). */
export async function lenderAdvances(user: User, db: Kysely<Database> = getDb()): Promise<InvoiceAdvance[]> {
	const lenderId = await lenderIdOf(db, user);
	if (!lenderId) return [];
	const rows = await db
		.selectFrom('invoice_advances')
		.selectAll()
		.where('lender_id', '=', lenderId)
		.where('deleted', '=', 0)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map(advanceFromRow);
}

/** One advance of the lender's organisation, or null (another lender's is as missing as none). */
export async function lenderAdvance(
	user: User,
	id: string,
	today: string,
	db: Kysely<Database> = getDb()
): Promise<LenderAdvance | null> {
	const lenderId = await lenderIdOf(db, user);
	if (!lenderId) return null;
	const row = await db
		.selectFrom('invoice_advances')
		.selectAll()
		.where('id', '=', id)
		.where('lender_id', '=', lenderId)
		.where('deleted', '=', 0)
		.executeTakeFirst();
	if (!row) return null;
	const procurementRow = await db
		.selectFrom('procurements')
		.innerJoin('spaces', 'spaces.id', 'procurements.space_id')
		.selectAll('procurements')
		.select('spaces.name as space_name')
		.where('procurements.id', '=', row.procurement_id)
		.executeTakeFirstOrThrow();
	const { space_name, ...procurement } = procurementRow;
	const record = procurementFromRow(procurement);
	const invoices = await db
		.selectFrom('procurement_documents')
		.select(['due_on', 'paid_on'])
		.where('organisation_id', '=', record.organisation.id)
		.where('kind', '=', 'invoice')
		.execute();
	const paid = invoices.filter((invoice) => invoice.paid_on);
	const lateDays = paid.map((invoice) => Math.max(0, daysBetween(invoice.due_on!, invoice.paid_on!)));
	return {
		advance: advanceFromRow(row),
		procurement: record,
		sellerName: space_name,
		buyerRecord: {
			paidInvoices: paid.length,
			paidLate: lateDays.filter((days) => days > 0).length,
			averageDaysLate: lateDays.length
				? Math.round(lateDays.reduce((a, b) => a + b, 0) / lateDays.length)
				: 0,
			openPastDue: invoices.filter((invoice) => !invoice.paid_on && invoice.due_on! < today).length
		}
	};
}
