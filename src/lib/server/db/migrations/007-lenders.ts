import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/** The KUR products as this release names them (a migration never reads the code's current list). */
const ALL_PRODUCTS = ['super_mikro', 'mikro', 'kecil'];

/**
 * Lenders per application: lender organisations (`lenders`: a name and the KUR products it offers), the
 * organisation each lender account belongs to (`users.lender_id`), and the one an application was sent to
 * (`financing_applications.lender_id`, null for a draft; the form holds the seller's choice as
 * `fields.lenderId`).
 *
 * What was there before stays usable:
 * - every lender account becomes a member of an organisation of its own name, offering every KUR product
 *   (accounts with exactly the same name share one: they were one lender's staff);
 * - every application already sent goes to the organisation of the lender who last decided on it, else of
 *   the last lender who opened its documents, else to the only organisation when there is exactly one.
 *   Any other (sent, never touched, several lenders) has no lender: no lender sees it until the admin
 *   gives it one at /portal/admin/pembiayaan, rather than it staying open to every lender.
 * The form of each application given a lender names it too (`fields.lenderId`), with the space's version
 * bumped, so the seller's phones pull it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Kysely wraps a PostgreSQL migration in a transaction but not a SQLite one (see 002-catalog).
	if (db.isTransaction) await lenders(db);
	else await db.transaction().execute(lenders);
}

// The rows of this release, typed where they are read: the code's schema moves on without this file.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Kysely<any>;

async function lenders(untyped: Kysely<unknown>): Promise<void> {
	const db = untyped as Any;
	await db.schema
		.createTable('lenders')
		.addColumn('id', 'text', (col) => col.primaryKey())
		.addColumn('name', 'text', (col) => col.notNull().unique())
		// JSON array of KUR product names, in the programme's order.
		.addColumn('products', 'text', (col) => col.notNull().defaultTo('[]'))
		.addColumn('created_at', 'text', (col) => col.notNull())
		.addColumn('updated_at', 'text', (col) => col.notNull())
		.execute();
	await db.schema
		.alterTable('users')
		.addColumn('lender_id', 'text', (col) => col.references('lenders.id'))
		.execute();
	await db.schema.createIndex('users_lender').on('users').column('lender_id').execute();
	await db.schema
		.alterTable('financing_applications')
		.addColumn('lender_id', 'text', (col) => col.references('lenders.id'))
		.execute();
	// The lender's list: its applications by status.
	await db.schema
		.createIndex('financing_applications_lender')
		.on('financing_applications')
		.columns(['lender_id', 'status'])
		.execute();

	const now = new Date().toISOString();
	const organisationOf = new Map<string, string>();
	const byName = new Map<string, string>();
	const accounts: { id: string; name: string; created_at: string }[] = await db
		.selectFrom('users')
		.select(['id', 'name', 'created_at'])
		.where('role', '=', 'lender')
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	for (const account of accounts) {
		let lenderId = byName.get(account.name);
		if (!lenderId) {
			lenderId = randomUUID();
			byName.set(account.name, lenderId);
			await db
				.insertInto('lenders')
				.values({
					id: lenderId,
					name: account.name,
					products: JSON.stringify(ALL_PRODUCTS),
					created_at: account.created_at,
					updated_at: now
				})
				.execute();
		}
		organisationOf.set(account.id, lenderId);
		await db.updateTable('users').set({ lender_id: lenderId }).where('id', '=', account.id).execute();
	}

	const only = byName.size === 1 ? [...byName.values()][0] : null;
	const applications: { id: string; space_id: string; fields: string; decisions: string }[] = await db
		.selectFrom('financing_applications')
		.select(['id', 'space_id', 'fields', 'decisions'])
		.where('status', '!=', 'draft')
		.where('deleted', '=', 0)
		.orderBy('id')
		.execute();
	for (const application of applications) {
		const decided = parse<{ by?: { id?: string } }[]>(application.decisions, [])
			.map((decision) => organisationOf.get(decision?.by?.id ?? ''))
			.filter((id) => id !== undefined)
			.at(-1);
		let lenderId = decided ?? null;
		if (!lenderId) {
			const views: { viewer_id: string }[] = await db
				.selectFrom('document_views')
				.select('viewer_id')
				.where('application_id', '=', application.id)
				.orderBy('at', 'desc')
				.orderBy('id', 'desc')
				.execute();
			lenderId = views.map((view) => organisationOf.get(view.viewer_id)).find((id) => id) ?? only;
		}
		if (!lenderId) continue;
		const fields = { ...parse<Record<string, unknown>>(application.fields, {}), lenderId };
		const space = await db
			.updateTable('spaces')
			.set({ version: sql`version + 1` })
			.where('id', '=', application.space_id)
			.returning('version')
			.executeTakeFirstOrThrow();
		await db
			.updateTable('financing_applications')
			.set({
				lender_id: lenderId,
				fields: JSON.stringify(fields),
				version: space.version,
				updated_at: now
			})
			.where('id', '=', application.id)
			.execute();
	}
}

function parse<T>(text: string, fallback: T): T {
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' ? (value as T) : fallback;
	} catch {
		return fallback;
	}
}

/** Back to 006: the lender columns and organisations go; `fields.lenderId` stays in the forms, unread. */
export async function down(untyped: Kysely<unknown>): Promise<void> {
	const db = untyped as Any;
	await db.schema.dropIndex('financing_applications_lender').execute();
	await db.schema.alterTable('financing_applications').dropColumn('lender_id').execute();
	await db.schema.dropIndex('users_lender').execute();
	await db.schema.alterTable('users').dropColumn('lender_id').execute();
	await db.schema.dropTable('lenders').execute();
}
