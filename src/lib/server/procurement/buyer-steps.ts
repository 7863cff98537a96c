import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import type { Database } from '../db/schema';
import type { User } from '$lib/domain/auth';
import { jakartaDay } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import { settleAdvance } from '$lib/domain/invoice-advance';
import {
	approvalInput,
	cancelInput,
	paymentInput,
	purchaseRequestInput,
	quotationRequestInput,
	receiptInput,
	type OrganisationRole,
	type Procurement
} from '$lib/domain/procurement';
import {
	cancel,
	decide,
	isRefusal,
	pay,
	receive,
	requestQuotation,
	resubmit,
	submit,
	type CatalogItem,
	type StepContext
} from '$lib/domain/procurement-steps';
import { uncleanTextPath } from '$lib/domain/text';
import { firstMessageKey } from '../api';
import { advanceChanged, procurementChanged } from '../monitoring/aggregates';
import { advanceFromRow, advanceToColumns, procurementFromRow, procurementToColumns } from '../sync/entities';
import { MutationRejected } from '../sync/rejection';
import { bumpSpaceVersion, changedByColumn, type Trx } from '../sync/write';
import { taxRates } from './config';
import { nextDocumentNumber, recordDocument, saveStep } from './records';

/**
 * The buying organisation's steps (pemesan, penyetuju, keuangan): the server's own way into the seller's
 * synced records, written like a mutation (the seller's space version bumped, the row stamped with it and
 * with who did it, all in the caller's transaction), so the seller's phones pull every change. Decided only
 * from the session user and their organisation's membership rows: another organisation's record is
 * `not_found`, a step of a role the person does not hold `forbidden`. Throws MutationRejected; the caller
 * rolls back and pokes the returned spaces after the commit.
 */

export type BuyerStep =
	| { kind: 'request'; spaceId: string; input: unknown }
	| { kind: 'submit' | 'resubmit' | 'decide' | 'cancel' | 'receive' | 'pay'; input: unknown };

/** The person's organisation and roles there, from the database (a buyer belongs to one organisation). */
export async function buyerMembership(
	trx: Kysely<Database>,
	userId: string
): Promise<{ organisation: { id: string; name: string; code: string }; roles: OrganisationRole[] } | null> {
	const rows = await trx
		.selectFrom('organisation_members')
		.innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
		.select(['organisations.id', 'organisations.name', 'organisations.code', 'organisation_members.role'])
		.where('organisation_members.user_id', '=', userId)
		.execute();
	if (rows.length === 0) return null;
	const { id, name, code } = rows[0];
	return {
		organisation: { id, name, code },
		roles: rows.map((row) => row.role).filter((role): role is OrganisationRole => role !== 'admin')
	};
}

/** Whose step each kind is, as STEP_RULES says (a test checks the two agree). */
export const PARTY_OF_KIND: Readonly<Record<BuyerStep['kind'], OrganisationRole>> = {
	request: 'pemesan',
	submit: 'pemesan',
	resubmit: 'pemesan',
	cancel: 'pemesan',
	decide: 'penyetuju',
	receive: 'pemesan',
	pay: 'keuangan'
};

function parse<T>(schema: z.ZodMiniType<T>, input: unknown): T {
	const unclean = uncleanTextPath(input);
	if (unclean) throw new MutationRejected('invalid', 'err.text_invalid_chars');
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	return parsed.data;
}

export async function applyBuyerStep(
	trx: Trx,
	ctx: { now: string },
	user: User,
	step: BuyerStep
): Promise<{ procurement: Procurement; changedSpaces: string[] }> {
	if (user.role !== 'buyer') throw new MutationRejected('forbidden', 'procurement.err_buyer_only');
	const membership = await buyerMembership(trx, user.id);
	if (!membership) throw new MutationRejected('forbidden', 'procurement.err_buyer_only');
	const party = PARTY_OF_KIND[step.kind];
	if (!membership.roles.includes(party)) {
		throw new MutationRejected('forbidden', `procurement.err_role_${party}`);
	}
	const { organisation } = membership;
	const changedBy = changedByColumn({ id: user.id, name: user.name, role: 'institution' });
	const base = { party, by: { id: user.id, name: user.name }, at: ctx.now, today: jakartaDay(ctx.now) };

	if (step.kind === 'request') {
		const input = parse(quotationRequestInput, step.input);
		const supplier = await trx
			.selectFrom('supplier_profiles')
			.select('accepts_institutional')
			.where('id', '=', step.spaceId)
			.executeTakeFirst();
		if (supplier?.accepts_institutional !== 1)
			throw new MutationRejected('not_found', 'procurement.err_seller');
		const version = await bumpSpaceVersion(trx, step.spaceId);
		const ids = input.items.map((item) => item.productId).filter((id): id is string => !!id);
		const products = ids.length
			? await trx
					.selectFrom('products')
					.select(['id', 'name', 'unit', 'active', 'deleted'])
					.where('space_id', '=', step.spaceId)
					.where('id', 'in', ids)
					.execute()
			: [];
		const catalog = new Map<string, CatalogItem>(
			products.map((row) => [
				row.id,
				{ id: row.id, name: row.name, unit: row.unit, active: row.active === 1 && !row.deleted }
			])
		);
		const existing = await trx
			.selectFrom('procurements')
			.select('id')
			.where('id', '=', input.id)
			.executeTakeFirst();
		if (existing) throw new MutationRejected('conflict', 'procurement.err_exists');
		const created = requestQuotation(input, {
			...base,
			version,
			spaceId: step.spaceId,
			organisation: { id: organisation.id, name: organisation.name },
			catalog,
			newId: () => uuidv7()
		});
		if (isRefusal(created)) throw new MutationRejected(created.error, created.message);
		await trx
			.insertInto('procurements')
			.values({
				...procurementToColumns(created),
				id: created.id,
				space_id: created.spaceId,
				deleted: 0,
				changed_by: changedBy,
				created_at: ctx.now
			})
			.execute();
		return { procurement: created, changedSpaces: [created.spaceId] };
	}

	const id = (step.input as { id?: unknown } | null)?.id;
	const found =
		typeof id === 'string'
			? await trx
					.selectFrom('procurements')
					.select(['space_id', 'organisation_id'])
					.where('id', '=', id)
					.where('deleted', '=', 0)
					.executeTakeFirst()
			: undefined;
	// Another organisation's record is as missing as one that never was: nothing said about it.
	if (!found || found.organisation_id !== organisation.id) {
		throw new MutationRejected('not_found', 'procurement.err_missing');
	}
	const space = found.space_id;
	const version = await bumpSpaceVersion(trx, space);
	const record = procurementFromRow(
		await trx
			.selectFrom('procurements')
			.selectAll()
			.where('id', '=', id as string)
			.executeTakeFirstOrThrow()
	);
	const context: StepContext = { ...base, version };
	// Every step's write moves the monitoring's figures by the record before and after it, in this transaction.
	const save = async (result: Parameters<typeof saveStep>[1], by: string) => {
		const saved = await saveStep(trx, result, by);
		await procurementChanged(trx, record, saved);
		return saved;
	};

	switch (step.kind) {
		case 'submit': {
			const input = parse(purchaseRequestInput, step.input);
			return done(await save(submit(record, input, context), changedBy));
		}
		case 'resubmit': {
			const input = parse(purchaseRequestInput, step.input);
			return done(await save(resubmit(record, input, context), changedBy));
		}
		case 'cancel': {
			const input = parse(cancelInput, step.input);
			return done(await save(cancel(record, input.note || null, context), changedBy));
		}
		case 'decide': {
			const input = parse(approvalInput, step.input);
			if (input.decision !== 'approve') {
				return done(await save(decide(record, input, context, null), changedBy));
			}
			// Refusals first, so a refused approval never takes a number; the number then comes from the
			// organisation's sequence of the year, in this transaction.
			const dry = decide(record, input, context, { number: 'SP/XX/0000/00000', taxRates: taxRates() });
			if (isRefusal(dry)) throw new MutationRejected(dry.error, dry.message);
			const number = await nextDocumentNumber(trx, 'purchase_order', organisation, ctx.now);
			const issued = await save(decide(record, input, context, { number, taxRates: taxRates() }), changedBy);
			await recordDocument(
				trx,
				{
					id: issued.id,
					kind: 'purchase_order',
					procurement: issued,
					number,
					issuedOn: issued.order!.issuedOn,
					amount: issued.order!.subtotal
				},
				ctx.now
			);
			return done(issued);
		}
		case 'receive': {
			const input = parse(receiptInput, step.input);
			const dry = receive(record, input, context, 'BAST/XX/0000/00000');
			if (isRefusal(dry)) throw new MutationRejected(dry.error, dry.message);
			const number = await nextDocumentNumber(trx, 'bast', organisation, ctx.now);
			const received = await save(receive(record, input, context, number), changedBy);
			const delivery = received.deliveries.find((item) => item.id === input.deliveryId)!;
			const prices = new Map(received.lines.map((line) => [line.id, line.price ?? 0]));
			const value = delivery.receipt!.items.reduce(
				(sum, item) => sum + item.qty * prices.get(item.lineId)!,
				0
			);
			await recordDocument(
				trx,
				{
					id: delivery.id,
					kind: 'bast',
					procurement: received,
					number,
					issuedOn: input.receivedOn,
					amount: value
				},
				ctx.now
			);
			return done(received);
		}
		case 'pay': {
			const input = parse(paymentInput, step.input);
			const paid = await save(pay(record, input, context), changedBy);
			await trx
				.updateTable('procurement_documents')
				.set({ paid_on: input.paidOn })
				.where('id', '=', input.invoiceId)
				.where('kind', '=', 'invoice')
				.execute();
			// The institution paid: an advance given on this invoice is repaid from it.
			const advances = await trx
				.selectFrom('invoice_advances')
				.selectAll()
				.where('invoice_id', '=', input.invoiceId)
				.where('deleted', '=', 0)
				.execute();
			for (const row of advances) {
				const settled = settleAdvance(advanceFromRow(row), ctx.now, version);
				if (settled.status === row.status) continue;
				await advanceChanged(trx, advanceFromRow(row), settled);
				await trx
					.updateTable('invoice_advances')
					.set({ ...advanceToColumns(settled), changed_by: changedBy })
					.where('id', '=', row.id)
					.execute();
			}
			return done(paid);
		}
	}
}

function done(procurement: Procurement): { procurement: Procurement; changedSpaces: string[] } {
	return { procurement, changedSpaces: [procurement.spaceId] };
}
