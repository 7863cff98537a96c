import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import {
	isMove,
	type FinancingEvent,
	type FinancingFields,
	type FinancingMove,
	type KurProduct
} from '$lib/domain/financing';
import { getDb } from './db';
import type { Database } from './db/schema';
import { changeApplication, LENDER_STATUSES, type DecisionResult, type LenderStatus } from './financing';
import { applyLenderMove, type LenderMoveInput } from './sync/lender-move';

/** Applications the admin's page lists at most, newest submission first. */
export const ADMIN_APPLICATIONS_LIMIT = 200;

/**
 * One line of the admin's list of sent applications: where it is and what it asks for, no personal data
 * (no name, no NIK: those are for the lender it was sent to).
 */
export interface AdminApplication {
	id: string;
	businessName: string;
	product: KurProduct | null;
	amount: number | null;
	status: LenderStatus;
	submittedAt: string | null;
	lender: { id: string; name: string } | null;
	/** The last move, for "dipindahkan dari …". */
	lastMove: FinancingMove | null;
}

/**
 * Every sent application (not drafts), newest submission first, optionally only those of one lender or
 * (`lenderId` null) those with none, or only one (`id`), for the admin's page where they are moved to
 * another lender.
 */
export async function adminApplications(
	filter: { lenderId?: string | null; id?: string } = {},
	db: Kysely<Database> = getDb()
): Promise<AdminApplication[]> {
	let query = db
		.selectFrom('financing_applications')
		.innerJoin('spaces', 'spaces.id', 'financing_applications.space_id')
		.leftJoin('lenders', 'lenders.id', 'financing_applications.lender_id')
		.select([
			'financing_applications.id',
			'financing_applications.fields',
			'financing_applications.decisions',
			'financing_applications.status',
			'financing_applications.submitted_at',
			'financing_applications.lender_id',
			'lenders.name as lender_name',
			'spaces.name as space_name'
		])
		.where('financing_applications.deleted', '=', 0)
		.where('financing_applications.status', 'in', [...LENDER_STATUSES]);
	if (filter.lenderId === null) query = query.where('financing_applications.lender_id', 'is', null);
	else if (filter.lenderId) query = query.where('financing_applications.lender_id', '=', filter.lenderId);
	if (filter.id) query = query.where('financing_applications.id', '=', filter.id);
	const rows = await query
		.orderBy('financing_applications.submitted_at', 'desc')
		.orderBy('financing_applications.id')
		.limit(ADMIN_APPLICATIONS_LIMIT)
		.execute();
	return rows.map((row) => {
		const fields = parse<FinancingFields>(row.fields, {});
		const history = parse<FinancingEvent[]>(row.decisions, []);
		const moves = Array.isArray(history) ? history.filter((event) => event && isMove(event)) : [];
		return {
			id: row.id,
			businessName: fields.businessName || row.space_name,
			product: fields.product ?? null,
			amount: fields.amount ?? null,
			status: row.status as LenderStatus,
			submittedAt: row.submitted_at,
			lender: row.lender_id ? { id: row.lender_id, name: row.lender_name ?? '' } : null,
			lastMove: (moves.at(-1) as FinancingMove | undefined) ?? null
		};
	});
}

function parse<T>(text: string, fallback: T): T {
	try {
		return JSON.parse(text) as T;
	} catch {
		return fallback;
	}
}

/**
 * The admin's move of an application to another lender, in one transaction through applyLenderMove (the
 * synced-record writer), then a poke to the seller's space so their phones pull the history at once.
 */
export async function moveApplication(
	admin: User,
	input: LenderMoveInput,
	db: Kysely<Database> = getDb()
): Promise<DecisionResult> {
	return changeApplication(db, (trx, now) => applyLenderMove(trx, { now }, admin, input));
}
