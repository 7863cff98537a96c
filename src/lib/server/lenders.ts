import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { KUR_PRODUCT_NAMES, type KurProduct, type Lender } from '$lib/domain/financing';
import { lenderInput, lenderProducts, type LenderInput } from '$lib/domain/lender';
import { ApiFailure, validate } from './api';
import { isUniqueViolation } from './db';
import type { Database, LendersTable } from './db/schema';

/** A lender organisation as its row holds it; an unreadable product list reads as none. */
export function lenderFromRow(row: Selectable<LendersTable>): Lender {
	let products: unknown;
	try {
		products = JSON.parse(row.products);
	} catch {
		products = [];
	}
	return {
		id: row.id,
		name: row.name,
		products: KUR_PRODUCT_NAMES.filter((name) => Array.isArray(products) && products.includes(name))
	};
}

/** Names in the order an Indonesian reader expects, whatever the database's collation (BPR after Bank). */
const byName = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** Every lender organisation, by name: what the seller picks from (`GET /api/lenders`). */
export async function lenderList(db: Kysely<Database>): Promise<Lender[]> {
	const rows = await db.selectFrom('lenders').selectAll().execute();
	return rows.map(lenderFromRow).sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

export async function findLender(db: Kysely<Database>, id: string): Promise<Lender | null> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	const row = await db.selectFrom('lenders').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? lenderFromRow(row) : null;
}

/** A lender by its id or else by exactly its name, as the admin types it on the command line. */
export async function findLenderByIdOrName(db: Kysely<Database>, key: string): Promise<Lender | null> {
	const byId = await findLender(db, key);
	if (byId) return byId;
	const row = await db.selectFrom('lenders').selectAll().where('name', '=', key.trim()).executeTakeFirst();
	return row ? lenderFromRow(row) : null;
}

/**
 * Makes a lender organisation: the one way the admin page and `npm run admin -- create-lender` do. Throws
 * ApiFailure 400 `invalid` (a name missing or too long, no product), 409 `lender_taken` for a name in use.
 */
export async function createLender(db: Kysely<Database>, input: LenderInput): Promise<Lender> {
	const { name, products } = validate(lenderInput, input);
	const now = new Date().toISOString();
	const lender: Lender = { id: randomUUID(), name, products };
	try {
		await db
			.insertInto('lenders')
			.values({ id: lender.id, name, products: JSON.stringify(products), created_at: now, updated_at: now })
			.execute();
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiFailure(409, 'lender_taken');
		throw error;
	}
	return lender;
}

/**
 * Changes the KUR products a lender offers. Applications already sent to it stay with it; a new submission
 * of a product it no longer offers is refused.
 */
export async function setLenderProducts(
	db: Kysely<Database>,
	id: string,
	products: KurProduct[]
): Promise<Lender> {
	const offered = validate(lenderProducts, products);
	const row = await db
		.updateTable('lenders')
		.set({ products: JSON.stringify(offered), updated_at: new Date().toISOString() })
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirst();
	if (!row) throw new ApiFailure(404, 'lender_missing');
	return lenderFromRow(row);
}

/**
 * The lender organisation a name stands for when an account is made without one: the organisation of that
 * name, made (offering every KUR product) when there is none, so a lender of one person needs one command,
 * as before lenders were organisations (migration 007 did the same with the accounts it found).
 */
export async function lenderNamed(db: Kysely<Database>, name: string): Promise<Lender> {
	const existing = await db.selectFrom('lenders').selectAll().where('name', '=', name).executeTakeFirst();
	if (existing) return lenderFromRow(existing);
	const now = new Date().toISOString();
	const lender: Lender = { id: randomUUID(), name, products: [...KUR_PRODUCT_NAMES] };
	await db
		.insertInto('lenders')
		.values({
			id: lender.id,
			name,
			products: JSON.stringify(lender.products),
			created_at: now,
			updated_at: now
		})
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	// Made by someone else at the same moment: theirs is the one.
	const row = await db.selectFrom('lenders').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
	return lenderFromRow(row);
}

/** The organisation a lender account belongs to, or null (not a lender, or none). */
export async function lenderOfUser(db: Kysely<Database>, userId: string): Promise<Lender | null> {
	const row = await db
		.selectFrom('users')
		.innerJoin('lenders', 'lenders.id', 'users.lender_id')
		.selectAll('lenders')
		.where('users.id', '=', userId)
		.where('users.role', '=', 'lender')
		.executeTakeFirst();
	return row ? lenderFromRow(row) : null;
}

/** Every lender with how many accounts and applications it has, for the admin page. */
export async function lenderSummaries(
	db: Kysely<Database>
): Promise<(Lender & { accounts: number; applications: number })[]> {
	const [lenders, accounts, applications] = await Promise.all([
		lenderList(db),
		db
			.selectFrom('users')
			.select(['lender_id', (eb) => eb.fn.countAll<number>().as('count')])
			.where('role', '=', 'lender')
			.groupBy('lender_id')
			.execute(),
		db
			.selectFrom('financing_applications')
			.select(['lender_id', (eb) => eb.fn.countAll<number>().as('count')])
			.where('deleted', '=', 0)
			.where('status', '!=', 'draft')
			.groupBy('lender_id')
			.execute()
	]);
	const count = (rows: { lender_id: string | null; count: number }[], id: string) =>
		Number(rows.find((row) => row.lender_id === id)?.count ?? 0);
	return lenders.map((lender) => ({
		...lender,
		accounts: count(accounts, lender.id),
		applications: count(applications, lender.id)
	}));
}
