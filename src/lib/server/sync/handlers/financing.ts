import { jakartaDay } from '$lib/domain/dates';
import { addMonths, monthOfDay, profitOfPastMonths } from '$lib/domain/expense';
import type { OrderItem } from '$lib/domain/order';
import {
	checkEligibility,
	eligibilityRefusal,
	isEditable,
	mergeFields,
	salesRecord,
	type FinancingApplication,
	type FinancingEvent,
	type FinancingFieldName
} from '$lib/domain/financing';
import { isUniqueViolation } from '../../db';
import { referencedDocuments, uploadedDocuments } from '../../documents';
import { rateFor } from '../../kur-config';
import { lenderFromRow } from '../../lenders';
import { say } from '../../words';
import { financingFromRow, financingToRow } from '../entities';
import { MutationRejected } from '../rejection';
import { bumpSpaceVersion, userActor, type Handlers } from '../write';

/**
 * The earliest order time the sales record of `today` can count (the first of the month six months back, in
 * Western Indonesian Time, UTC+7), as the ISO text orders are stored with: older orders need not be read.
 */
function salesRecordStart(today: string): string {
	const [year, month] = today.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1 - 6, 1) - 7 * 60 * 60 * 1000).toISOString();
}

/** An order's items column (JSON written by placeOrder); anything unreadable counts as no items. */
function parseItems(text: string): OrderItem[] {
	try {
		const items: unknown = JSON.parse(text);
		return Array.isArray(items) ? (items as OrderItem[]) : [];
	} catch {
		return [];
	}
}

/** The rule each document field is checked under, for "Dokumen belum terkirim: Foto KTP". */
const DOCUMENT_RULES = {
	ktpPhoto: 'portal.document_ktp',
	businessPhoto: 'portal.document_business',
	licensePhoto: 'portal.document_license'
} as const;

/** The KUR application: its fields while editable, and the submission to a lender. */
export const financingHandlers: Handlers<'financing.patch' | 'financing.submit'> = {
	async 'financing.patch'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('financing_applications')
			.selectAll()
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (row && row.space_id !== space) throw new MutationRejected('conflict', 'err.financing_exists');
		if (row?.deleted) throw new MutationRejected('not_found', 'err.financing_missing');
		const current: FinancingApplication = row
			? financingFromRow(row)
			: {
					id: args.id,
					spaceId: space,
					status: 'draft',
					fields: {},
					fieldChanges: {},
					ratePercent: null,
					salesRecord: null,
					submittedAt: null,
					decisions: [],
					version,
					createdAt: ctx.now,
					updatedAt: ctx.now
				};
		// Submitted: the lender is looking at these very fields. Only "Perlu perbaikan" opens them again.
		if (!isEditable(current.status)) throw new MutationRejected('conflict', 'err.financing_frozen');
		const by = await userActor(trx, ctx.userId);
		const fieldChanges = { ...current.fieldChanges };
		for (const [field, value] of Object.entries(args.fields)) {
			if (value !== undefined) fieldChanges[field as FinancingFieldName] = { by, at: ctx.now };
		}
		const fields = mergeFields(current.fields, args.fields);
		const next: FinancingApplication = {
			...current,
			fields,
			fieldChanges,
			ratePercent: rateFor(fields.product),
			version,
			updatedAt: ctx.now
		};
		const nextRow = { ...financingToRow(next), changed_by: ctx.changedBy };
		if (row) {
			const { fields: text, field_changes, rate_percent, changed_by } = nextRow;
			await trx
				.updateTable('financing_applications')
				.set({ fields: text, field_changes, rate_percent, changed_by, version, updated_at: ctx.now })
				.where('id', '=', args.id)
				.execute();
			return;
		}
		try {
			await trx.insertInto('financing_applications').values(nextRow).execute();
		} catch (error) {
			// The same new id written into another space at the same moment (spaces do not lock each other).
			if (isUniqueViolation(error)) throw new MutationRejected('conflict', 'err.financing_exists');
			throw error;
		}
	},

	async 'financing.submit'(trx, ctx, space, args) {
		const version = await bumpSpaceVersion(trx, space);
		const row = await trx
			.selectFrom('financing_applications')
			.selectAll()
			.where('id', '=', args.id)
			.executeTakeFirst();
		if (!row || row.space_id !== space || row.deleted) {
			throw new MutationRejected('not_found', 'err.financing_missing');
		}
		const application = financingFromRow(row);
		if (!isEditable(application.status)) throw new MutationRejected('conflict', 'err.financing_frozen');
		const today = jakartaDay(ctx.now);
		// The lender chosen in the form must exist and offer the product: checked with the other rules.
		const chosen = application.fields.lenderId
			? await trx
					.selectFrom('lenders')
					.selectAll()
					.where('id', '=', application.fields.lenderId)
					.executeTakeFirst()
			: undefined;
		const lender = chosen ? lenderFromRow(chosen) : null;
		const refusal = eligibilityRefusal(
			checkEligibility(application.fields, today, lender ? [lender] : []),
			say
		);
		if (refusal) throw new MutationRejected('invalid', 'err.financing_not_eligible', {}, refusal);
		// Never here: checkEligibility has refused a missing or unknown lender already.
		if (!lender) throw new MutationRejected('invalid', 'err.lender_missing');
		const documents = referencedDocuments(application.fields);
		const uploaded = await uploadedDocuments(
			trx,
			space,
			documents.map((document) => document.sha256)
		);
		const missing = documents.filter((document) => !uploaded.has(document.sha256));
		if (missing.length) {
			const items = missing.map((document) => say(DOCUMENT_RULES[document.field])).join(', ');
			throw new MutationRejected('invalid', 'err.documents_missing', { items });
		}
		for (const document of documents) {
			await trx
				.updateTable('documents')
				.set({ kind: document.kind })
				.where('space_id', '=', space)
				.where('sha256', '=', document.sha256)
				.where('kind', 'is', null)
				.execute();
		}
		// The lender sees what the orders say, not what the phone says they say.
		const orders = await trx
			.selectFrom('orders')
			.select(['created_at', 'total', 'status', 'items'])
			.where('space_id', '=', space)
			.where('deleted', '=', 0)
			.where('created_at', '>=', salesRecordStart(today))
			.execute();
		const record = salesRecord(
			orders.map((order) => ({
				createdAt: order.created_at,
				total: Number(order.total),
				status: order.status
			})),
			today
		);
		if (application.fields.includeProfitReport) {
			// The profit of the last three whole months, from the same orders and the synced expenses.
			const expenses = await trx
				.selectFrom('expenses')
				.select(['category', 'amount', 'date'])
				.where('space_id', '=', space)
				.where('deleted', '=', 0)
				.where('date', '>=', `${addMonths(monthOfDay(today), -3)}-01`)
				.execute();
			record.profit = profitOfPastMonths(
				orders.map((order) => ({
					day: jakartaDay(order.created_at),
					status: order.status,
					total: Number(order.total),
					items: parseItems(order.items)
				})),
				expenses.map((expense) => ({ ...expense, amount: Number(expense.amount) })),
				today,
				3
			);
		}
		// Sent again, after "Perlu perbaikan", to another lender than the one it was with: the history says
		// so, and the first lender no longer sees it.
		let decisions: FinancingEvent[] = application.decisions;
		if (row.lender_id && row.lender_id !== lender.id) {
			const from = await trx
				.selectFrom('lenders')
				.select(['id', 'name'])
				.where('id', '=', row.lender_id)
				.executeTakeFirst();
			const by = await userActor(trx, ctx.userId);
			decisions = [
				...decisions,
				{
					status: 'moved',
					from: from ?? null,
					to: { id: lender.id, name: lender.name },
					note: null,
					by: { id: ctx.userId, name: by.name },
					at: ctx.now
				}
			];
		}
		await trx
			.updateTable('financing_applications')
			.set({
				status: 'submitted',
				lender_id: lender.id,
				decisions: JSON.stringify(decisions),
				submitted_at: ctx.now,
				sales_record: JSON.stringify(record),
				rate_percent: rateFor(application.fields.product),
				changed_by: ctx.changedBy,
				version,
				updated_at: ctx.now
			})
			.where('id', '=', args.id)
			.execute();
	}
};
