import type { Kysely } from 'kysely';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { Procurement, QuotationRequestInput } from '../../src/lib/domain/procurement';
import { isRefusal, requestQuotation, type CatalogItem } from '../../src/lib/domain/procurement-steps';
import type { Database } from '../../src/lib/server/db/schema';
import { runAdmin } from './admin';
import type { PortalAnswer, PortalBrowser } from './portal';
import type { TestDatabase } from './test-server';

/**
 * A form with fields given more than once (ticked checkboxes such as `roles`), sent as a browser without
 * JavaScript sends it, with the portal session's cookie.
 */
export async function submitEntries(
	browser: PortalBrowser,
	path: string,
	entries: [string, string][]
): Promise<PortalAnswer> {
	const headers = new Headers({
		accept: 'text/html',
		origin: browser.origin,
		'content-type': 'application/x-www-form-urlencoded'
	});
	if (browser.cookie) headers.set('cookie', `session=${browser.cookie}`);
	const response = await fetch(browser.base + path, {
		method: 'POST',
		headers,
		body: new URLSearchParams(entries).toString(),
		redirect: 'manual'
	});
	return {
		status: response.status,
		html: await response.text(),
		headers: response.headers,
		location: response.headers.get('location')
	};
}

/** Runs an admin command on the test database; fails loudly unless it exits 0. Returns what it printed. */
export async function adminCommand(database: Pick<TestDatabase, 'env'>, args: string[]): Promise<string> {
	const result = await runAdmin(database, args);
	if (result.code !== 0) {
		throw new Error(`admin ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/** Makes a buying organisation with the admin command line. */
export function createOrganisationCommand(
	database: Pick<TestDatabase, 'env'>,
	name: string,
	code: string
): Promise<string> {
	return adminCommand(database, [
		'create-organisation',
		'--name',
		name,
		'--kind',
		'bumn',
		'--npwp',
		'01.234.567.8-912.000',
		'--address',
		'Jl. Perintis Kemerdekaan 1, Bandung',
		'--code',
		code
	]);
}

/** Adds a person to an organisation (by its code) with the command line: a new buyer account with `pin`. */
export function addMemberCommand(
	database: Pick<TestDatabase, 'env'>,
	code: string,
	person: { name: string; phone: string; pin: string },
	roles: string[]
): Promise<string> {
	return adminCommand(database, [
		'add-member',
		'--organisation',
		code,
		'--name',
		person.name,
		'--phone',
		person.phone,
		'--pin',
		person.pin,
		'--roles',
		roles.join(',')
	]);
}

/**
 * A pemesan's request for quotation as a row, for the end-to-end tests (Playwright's loader cannot import the
 * server's modules, which import JSON): the record made by the domain's own requestQuotation, written with
 * the space's version bumped as a server-side entry writes it. The integration tests make it through
 * applyBuyerStep instead, as the "Minta penawaran" page does.
 */
export async function insertQuotationRequest(
	db: Kysely<Database>,
	pemesan: Pick<User, 'id' | 'name'>,
	organisation: { id: string; name: string },
	spaceId: string,
	catalog: CatalogItem[],
	input: QuotationRequestInput
): Promise<Procurement> {
	const now = new Date().toISOString();
	return db.transaction().execute(async (trx) => {
		const { version } = await trx
			.updateTable('spaces')
			.set((eb) => ({ version: eb('version', '+', 1) }))
			.where('id', '=', spaceId)
			.returning('version')
			.executeTakeFirstOrThrow();
		const record = requestQuotation(input, {
			party: 'pemesan',
			by: { id: pemesan.id, name: pemesan.name },
			at: now,
			today: jakartaDay(now),
			version: Number(version),
			spaceId,
			organisation,
			catalog: new Map(catalog.map((item) => [item.id, item])),
			newId: uuidv7
		});
		if (isRefusal(record)) throw new Error(record.message);
		await trx
			.insertInto('procurements')
			.values({
				id: record.id,
				space_id: spaceId,
				organisation_id: organisation.id,
				status: record.status,
				data: JSON.stringify(record),
				version: record.version,
				deleted: 0,
				changed_by: null,
				created_at: now,
				updated_at: now
			})
			.execute();
		return record;
	});
}
