import type { Kysely, Transaction } from 'kysely';
import type { User } from '$lib/domain/auth';
import {
	KUR_PRODUCT_NAMES,
	type FinancingApplication,
	type FinancingStatus,
	type KurProduct
} from '$lib/domain/financing';
import { maskNik, PROVINCE_CODES } from '$lib/domain/nik';
import { getDb } from './db';
import type { Database } from './db/schema';
import { UNSET_PIN } from './password';
import { applyLenderDecision, type LenderDecisionInput } from './sync/lender-decision';
import { MutationRejected } from './sync/rejection';
import { financingFromRow } from './sync/entities';
import { publishPokes } from './sync/pokes';

/** The statuses a lender sees: every application once submitted (a draft is the seller's own). */
export const LENDER_STATUSES = [
	'submitted',
	'in_review',
	'needs_revision',
	'approved',
	'rejected'
] as const satisfies readonly FinancingStatus[];
export type LenderStatus = (typeof LENDER_STATUSES)[number];

export function isLenderStatus(value: string): value is LenderStatus {
	return (LENDER_STATUSES as readonly string[]).includes(value);
}

export function isKurProduct(value: string): value is KurProduct {
	return (KUR_PRODUCT_NAMES as readonly string[]).includes(value);
}

/** The province a NIK was issued in (its first two digits), or null. */
export function provinceOfNik(nik: string | null | undefined): string | null {
	return nik && /^\d{16}$/.test(nik) && PROVINCE_CODES[nik.slice(0, 2)] ? nik.slice(0, 2) : null;
}

export type DecisionResult =
	| { ok: true; application: FinancingApplication }
	| { ok: false; code: MutationRejected['code']; messageKey: string; message: string };

/**
 * Runs a server-side change of an application (a lender's decision, the admin's move) in one transaction,
 * then pokes the seller's space so their phones pull it at once; a refusal comes back as a result to show.
 */
export async function changeApplication(
	db: Kysely<Database>,
	change: (
		trx: Transaction<Database>,
		now: string
	) => Promise<{ application: FinancingApplication; changedSpaces: string[] }>
): Promise<DecisionResult> {
	try {
		const now = new Date().toISOString();
		const { application, changedSpaces } = await db.transaction().execute((trx) => change(trx, now));
		await publishPokes(changedSpaces);
		return { ok: true, application };
	} catch (error) {
		if (!(error instanceof MutationRejected)) throw error;
		return { ok: false, code: error.code, messageKey: error.messageKey, message: error.userMessage };
	}
}

/**
 * A lender's decision, in one transaction through applyLenderDecision (the synced-record writer), then a
 * poke to the seller's space so their phones pull the status and the note at once.
 */
export async function decideApplication(
	lender: User,
	input: LenderDecisionInput,
	db: Kysely<Database> = getDb()
): Promise<DecisionResult> {
	return changeApplication(db, (trx, now) => applyLenderDecision(trx, { now }, lender, input));
}

/** One line of the lender's list: never the full NIK. */
export interface ApplicationSummary {
	id: string;
	spaceId: string;
	businessName: string;
	applicantName: string | null;
	nikMasked: string | null;
	/** Province code from the NIK, or null. */
	province: string | null;
	amount: number | null;
	product: KurProduct | null;
	submittedAt: string | null;
	status: LenderStatus;
}

export interface ApplicationFilters {
	status?: LenderStatus | null;
	product?: KurProduct | null;
	/** A province code (`32`). */
	region?: string | null;
}

/**
 * The applications sent to one lender organisation (`lenderId`: the session user's, never one the request
 * names), newest submission first, filtered by status (in SQL), KUR product and region (the NIK's province;
 * both inside the form's JSON, so filtered here). Also the provinces that occur, for the region filter.
 */
export async function lenderApplications(
	lenderId: string,
	filters: ApplicationFilters,
	db: Kysely<Database> = getDb()
): Promise<{ applications: ApplicationSummary[]; provinces: string[] }> {
	let query = db
		.selectFrom('financing_applications')
		.innerJoin('spaces', 'spaces.id', 'financing_applications.space_id')
		.selectAll('financing_applications')
		.select('spaces.name as space_name')
		.where('financing_applications.lender_id', '=', lenderId)
		.where('financing_applications.deleted', '=', 0)
		.where('financing_applications.status', 'in', [...LENDER_STATUSES]);
	if (filters.status) query = query.where('financing_applications.status', '=', filters.status);
	const rows = await query
		.orderBy('financing_applications.submitted_at', 'desc')
		.orderBy('financing_applications.id')
		.execute();
	const all = rows.map((row): ApplicationSummary => {
		const { space_name, ...application } = row;
		const { fields } = financingFromRow(application);
		return {
			id: row.id,
			spaceId: row.space_id,
			businessName: fields.businessName || space_name,
			applicantName: fields.fullName ?? null,
			nikMasked: fields.nik ? maskNik(fields.nik) : null,
			province: provinceOfNik(fields.nik),
			amount: fields.amount ?? null,
			product: fields.product ?? null,
			submittedAt: row.submitted_at,
			status: row.status as LenderStatus
		};
	});
	const provinces = [...new Set(all.flatMap((item) => (item.province ? [item.province] : [])))].sort();
	const applications = all.filter(
		(item) =>
			(!filters.product || item.product === filters.product) &&
			(!filters.region || item.province === filters.region)
	);
	return { applications, provinces };
}

export interface DocumentView {
	sha256: string;
	viewerName: string;
	at: string;
}

/**
 * A submitted application with its shop's name and who has looked at its documents, for the detail page of
 * the lender organisation it was sent to; null for a draft, an unknown id, or one sent to another lender
 * (a draft is none of the lender's business, another lender's application neither: both are 404).
 */
export async function lenderApplication(
	lenderId: string,
	id: string,
	db: Kysely<Database> = getDb()
): Promise<{ application: FinancingApplication; spaceName: string; views: DocumentView[] } | null> {
	const row = await db
		.selectFrom('financing_applications')
		.selectAll()
		.where('id', '=', id)
		.where('lender_id', '=', lenderId)
		.where('deleted', '=', 0)
		.where('status', 'in', [...LENDER_STATUSES])
		.executeTakeFirst();
	if (!row) return null;
	const space = await db
		.selectFrom('spaces')
		.select('name')
		.where('id', '=', row.space_id)
		.executeTakeFirst();
	const views = await db
		.selectFrom('document_views')
		.leftJoin('users', 'users.id', 'document_views.viewer_id')
		.select(['document_views.sha256', 'document_views.at', 'users.name'])
		.where('document_views.application_id', '=', id)
		.orderBy('document_views.at', 'desc')
		.orderBy('document_views.id', 'desc')
		.limit(20)
		.execute();
	return {
		application: financingFromRow(row),
		spaceName: space?.name ?? '',
		views: views.map((view) => ({ sha256: view.sha256, viewerName: view.name ?? '', at: view.at }))
	};
}

/** Program-wide figures for the admin page. */
export interface ProgramFigures {
	/** Sellers with an account they use (a seller signed up by a facilitator counts once activated). */
	sellers: number;
	/** Sellers facilitators signed up, and how many of them have activated their shop. */
	onboarded: number;
	onboardedActivated: number;
	shops: number;
	facilitators: number;
	/** Lender organisations, and the accounts of their people. */
	lenders: number;
	lenderAccounts: number;
	products: number;
	orders: number;
	/** Sum of the totals of orders not cancelled, rupiah. */
	revenue: number;
	applications: Record<FinancingStatus, number>;
}

export async function programFigures(db: Kysely<Database> = getDb()): Promise<ProgramFigures> {
	const users = await db
		.selectFrom('users')
		.select(['role', (eb) => eb.fn.countAll<number>().as('count')])
		.groupBy('role')
		.execute();
	const byRole = new Map(users.map((row) => [row.role, Number(row.count)]));
	const unused = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('role', '=', 'seller')
		.where('pin_hash', '=', UNSET_PIN)
		.executeTakeFirstOrThrow();
	const onboarded = await db
		.selectFrom('sellers')
		.select(['activation_status', (eb) => eb.fn.countAll<number>().as('count')])
		.where('deleted', '=', 0)
		.groupBy('activation_status')
		.execute();
	const shops = await db
		.selectFrom('spaces')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	const products = await db
		.selectFrom('products')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('deleted', '=', 0)
		.executeTakeFirstOrThrow();
	const orders = await db
		.selectFrom('orders')
		.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('total').as('revenue')])
		.where('deleted', '=', 0)
		.where('status', '!=', 'cancelled')
		.executeTakeFirstOrThrow();
	const lenders = await db
		.selectFrom('lenders')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	const applications = await db
		.selectFrom('financing_applications')
		.select(['status', (eb) => eb.fn.countAll<number>().as('count')])
		.where('deleted', '=', 0)
		.groupBy('status')
		.execute();
	const byStatus: Record<FinancingStatus, number> = {
		draft: 0,
		submitted: 0,
		in_review: 0,
		needs_revision: 0,
		approved: 0,
		rejected: 0
	};
	for (const row of applications) byStatus[row.status] = Number(row.count);
	return {
		sellers: (byRole.get('seller') ?? 0) - Number(unused.count),
		onboarded: onboarded.reduce((sum, row) => sum + Number(row.count), 0),
		onboardedActivated: Number(onboarded.find((row) => row.activation_status === 'activated')?.count ?? 0),
		shops: Number(shops.count),
		facilitators: byRole.get('facilitator') ?? 0,
		lenders: Number(lenders.count),
		lenderAccounts: byRole.get('lender') ?? 0,
		products: Number(products.count),
		orders: Number(orders.count),
		revenue: Number(orders.revenue ?? 0),
		applications: byStatus
	};
}
