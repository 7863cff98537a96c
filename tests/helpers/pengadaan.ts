import type { Kysely } from 'kysely';
import type { User } from '../../src/lib/domain/auth';
import type { Procurement, QuotationRequestInput } from '../../src/lib/domain/procurement';
import type { Database } from '../../src/lib/server/db/schema';
import { applyBuyerStep } from '../../src/lib/server/procurement/buyer-steps';
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
 * A pemesan's request for quotation, made the way the "Minta penawaran" page makes one (applyBuyerStep in a
 * transaction): that page is another part of the portal, not the one these tests drive.
 */
export async function requestQuotation(
	db: Kysely<Database>,
	user: User,
	spaceId: string,
	input: QuotationRequestInput
): Promise<Procurement> {
	const { procurement } = await db
		.transaction()
		.execute((trx) =>
			applyBuyerStep(trx, { now: new Date().toISOString() }, user, { kind: 'request', spaceId, input })
		);
	return procurement;
}
