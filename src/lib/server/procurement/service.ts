import type { Kysely, Transaction } from 'kysely';
import type { User } from '$lib/domain/auth';
import type { InvoiceAdvance } from '$lib/domain/invoice-advance';
import type { Procurement, ProcurementStatus } from '$lib/domain/procurement';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import { procurementFromRow } from '../sync/entities';
import { publishPokes } from '../sync/pokes';
import { MutationRejected } from '../sync/rejection';
import { applyAdvanceDecision } from './advances';
import { applyBuyerStep, type BuyerStep } from './buyer-steps';

export type StepOutcome<T> =
	{ ok: true; value: T } | { ok: false; code: MutationRejected['code']; messageKey: string; message: string };

/**
 * Runs a server-side change of procurement records in one transaction, then pokes the seller's space so
 * their phones pull it at once; a refusal comes back as a result to show, never a 500.
 */
async function change<T>(
	db: Kysely<Database>,
	run: (trx: Transaction<Database>, now: string) => Promise<{ changedSpaces: string[] } & T>
): Promise<StepOutcome<T>> {
	try {
		const now = new Date().toISOString();
		const result = await db.transaction().execute((trx) => run(trx, now));
		await publishPokes(result.changedSpaces);
		return { ok: true, value: result };
	} catch (error) {
		if (!(error instanceof MutationRejected)) throw error;
		return { ok: false, code: error.code, messageKey: error.messageKey, message: error.userMessage };
	}
}

/** A pemesan's, penyetuju's or keuangan's step (buyer-steps.ts has who may do what). */
export function takeBuyerStep(
	user: User,
	step: BuyerStep,
	db: Kysely<Database> = getDb()
): Promise<StepOutcome<{ procurement: Procurement }>> {
	return change(db, (trx, now) => applyBuyerStep(trx, { now }, user, step));
}

/** A lender's decision on an invoice advance. */
export function decideInvoiceAdvance(
	lender: User,
	input: unknown,
	db: Kysely<Database> = getDb()
): Promise<StepOutcome<{ advance: InvoiceAdvance }>> {
	return change(db, (trx, now) => applyAdvanceDecision(trx, { now }, lender, input));
}

/** An organisation's procurement records, most recently changed first, optionally of some statuses. */
export async function organisationProcurements(
	organisationId: string,
	filters: { statuses?: readonly ProcurementStatus[]; limit?: number } = {},
	db: Kysely<Database> = getDb()
): Promise<(Procurement & { sellerName: string })[]> {
	let query = db
		.selectFrom('procurements')
		.innerJoin('spaces', 'spaces.id', 'procurements.space_id')
		.selectAll('procurements')
		.select('spaces.name as seller_name')
		.where('procurements.organisation_id', '=', organisationId)
		.where('procurements.deleted', '=', 0);
	if (filters.statuses?.length) query = query.where('procurements.status', 'in', [...filters.statuses]);
	const rows = await query
		.orderBy('procurements.updated_at', 'desc')
		.orderBy('procurements.id')
		.limit(filters.limit ?? 200)
		.execute();
	return rows.map(({ seller_name, ...row }) => ({ ...procurementFromRow(row), sellerName: seller_name }));
}

/** One record of the organisation, or null (another organisation's is as missing as none). */
export async function organisationProcurement(
	organisationId: string,
	id: string,
	db: Kysely<Database> = getDb()
): Promise<(Procurement & { sellerName: string }) | null> {
	const row = await db
		.selectFrom('procurements')
		.innerJoin('spaces', 'spaces.id', 'procurements.space_id')
		.selectAll('procurements')
		.select('spaces.name as seller_name')
		.where('procurements.id', '=', id)
		.where('procurements.organisation_id', '=', organisationId)
		.where('procurements.deleted', '=', 0)
		.executeTakeFirst();
	if (!row) return null;
	const { seller_name, ...rest } = row;
	return { ...procurementFromRow(rest), sellerName: seller_name };
}

/** The organisation's invoices not paid yet, by due date (the earliest first): keuangan's list. */
export async function openInvoices(
	organisationId: string,
	db: Kysely<Database> = getDb()
): Promise<
	{ id: string; procurementId: string; number: string; amount: number; dueOn: string; sellerName: string }[]
> {
	const rows = await db
		.selectFrom('procurement_documents')
		.innerJoin('spaces', 'spaces.id', 'procurement_documents.space_id')
		.select([
			'procurement_documents.id',
			'procurement_documents.procurement_id',
			'procurement_documents.number',
			'procurement_documents.amount',
			'procurement_documents.due_on',
			'spaces.name as seller_name'
		])
		.where('procurement_documents.organisation_id', '=', organisationId)
		.where('procurement_documents.kind', '=', 'invoice')
		.where('procurement_documents.paid_on', 'is', null)
		.orderBy('procurement_documents.due_on')
		.orderBy('procurement_documents.number')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		procurementId: row.procurement_id,
		number: row.number,
		amount: Number(row.amount),
		dueOn: row.due_on!,
		sellerName: row.seller_name
	}));
}
