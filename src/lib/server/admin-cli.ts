/**
 * `npm run admin -- create-user --role lender|facilitator|admin|monitor --name "Bank Desa" --phone 0812…
 * --pin 123456 [--lender "Bank Desa"]`, `npm run admin -- create-lender --name "Bank Desa" --products
 * super_mikro,mikro`, `npm run admin -- list-lenders`; for buying organisations (issue 13)
 * `create-organisation --name … --kind bumn --npwp … --address … --code PTKAI`, `list-organisations`,
 * `add-member --organisation PTKAI --name … --phone … [--pin …] --roles pemesan,penyetuju`,
 * `remove-role --organisation PTKAI --phone … --role pemesan`, `list-members --organisation PTKAI`.
 *
 * The admin's command line, bundled by Vite (vite.admin.config.ts) from the server's own modules, so an
 * account or a lender organisation made here is made exactly as the admin portal page makes one
 * (accounts.ts, lenders.ts, password.ts). A lender account made without `--lender` (an organisation's id or
 * exact name) belongs to the organisation of its own name, made with every KUR product when there is none.
 * It works on the database the server uses (DATABASE_URL, or the SQLite file under DATA_DIR) and brings its
 * schema up to date first. Prints in Indonesian, then English; exits 0 when done, 1 when the account or
 * lender was refused (bad name, phone or PIN, phone or name taken, unknown lender or product), 2 for a
 * command it does not understand.
 */
import { parseArgs } from 'node:util';
import type { KurProduct } from '$lib/domain/financing';
import { displayPhone } from '$lib/domain/phone';
import { fillTemplate } from '$lib/domain/text';
import { lookupMessage, type MessageTree } from '$lib/i18n/messages';
import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';
import { createStaffAccount, STAFF_ROLES, type StaffRole } from './accounts';
import { ApiFailure } from './api';
import { closeDb, getDb, migrateToLatest } from './db';
import { createLender, findLenderByIdOrName, lenderList, lenderOfUser } from './lenders';
import {
	addMember,
	createMonitorAccount,
	createOrganisation,
	findOrganisation,
	memberByPhone,
	organisationList,
	organisationMembers,
	removeRole,
	type MemberRole,
	type Organisation
} from './organisations';

type Tree = MessageTree;

function lookup(tree: Tree, key: string, params: Record<string, string>): string {
	return fillTemplate(lookupMessage(tree, key), params);
}

/** A message in both languages: the Indonesian line, then the English one. */
function both(key: string, params: (language: Tree) => Record<string, string> = () => ({})): string {
	return `${lookup(id as Tree, key, params(id as Tree))}\n${lookup(en as Tree, key, params(en as Tree))}`;
}

export interface Output {
	log(text: string): void;
	error(text: string): void;
}

/** Says that `options` are missing, if any are; true when all are there. */
function hasOptions(values: Record<string, string | undefined>, options: string[], out: Output): boolean {
	for (const option of options) {
		if (!values[option]) {
			out.error(both('portal.cli_missing_option', () => ({ option })));
			out.error(usage());
			return false;
		}
	}
	return true;
}

/** How to use every command: the accounts' and lenders', then the buying organisations'. */
function usage(): string {
	return `${both('portal.cli_usage')}\n${both('pengadaan.cli_usage')}`;
}

/**
 * Runs a command on the server's database (its schema brought up to date first); refusals exit 1, said
 * with `failed` (an account's "Akun tidak dibuat", an organisation's "Tidak disimpan").
 */
async function onDatabase(
	out: Output,
	command: (db: ReturnType<typeof getDb>) => Promise<number>,
	failed = 'portal.cli_failed'
): Promise<number> {
	const db = getDb();
	try {
		await migrateToLatest(db);
		return await command(db);
	} catch (error) {
		if (!(error instanceof ApiFailure)) throw error;
		const key = error.options.messageKey ?? `err.${error.code}`;
		out.error(both(failed, (language) => ({ reason: lookup(language, key, {}) })));
		return 1;
	} finally {
		await closeDb();
	}
}

async function createUser(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['role', 'name', 'phone', 'pin'], out)) return 2;
	const role = values.role as string;
	if (role === 'monitor') return createMonitor(values, out);
	if (!(STAFF_ROLES as readonly string[]).includes(role)) {
		out.error(
			both('portal.cli_failed', (language) => ({ reason: lookup(language, 'err.role_invalid', {}) }))
		);
		return 1;
	}
	return onDatabase(out, async (db) => {
		let lenderId: string | null = null;
		if (role === 'lender' && values.lender) {
			const lender = await findLenderByIdOrName(db, values.lender);
			if (!lender) throw new ApiFailure(400, 'lender_missing');
			lenderId = lender.id;
		}
		const user = await createStaffAccount(db, {
			role: role as StaffRole,
			name: values.name as string,
			phone: values.phone as string,
			pin: values.pin as string,
			lenderId
		});
		out.log(
			both('portal.cli_created', (language) => ({
				role: lookup(language, `portal.role_${user.role}`, {}),
				name: user.name,
				phone: displayPhone(user.phone)
			}))
		);
		const lender = user.role === 'lender' ? await lenderOfUser(db, user.id) : null;
		if (lender) out.log(both('portal.cli_member_of', () => ({ lender: lender.name, id: lender.id })));
		return 0;
	});
}

/** `create-lender --name "Bank Desa" --products super_mikro,mikro,kecil`. */
async function createLenderCommand(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['name', 'products'], out)) return 2;
	const products = (values.products as string)
		.split(',')
		.map((product) => product.trim())
		.filter(Boolean);
	return onDatabase(out, async (db) => {
		// Checked there: a name that is no KUR product is refused in words.
		const lender = await createLender(db, {
			name: values.name as string,
			products: products as KurProduct[]
		});
		out.log(
			both('portal.cli_lender_created', (language) => ({
				name: lender.name,
				id: lender.id,
				products: lender.products
					.map((product) => lookup(language, `portal.product_${product}`, {}))
					.join(', ')
			}))
		);
		return 0;
	});
}

/** `list-lenders`: every lender organisation with its id and products, one a line. */
function listLenders(out: Output): Promise<number> {
	return onDatabase(out, async (db) => {
		for (const lender of await lenderList(db)) {
			out.log(`${lender.id}\t${lender.name}\t${lender.products.join(',')}`);
		}
		return 0;
	});
}

/** `create-monitor --name … --phone … --pin …` (also `create-user --role monitor`). */
async function createMonitor(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['name', 'phone', 'pin'], out)) return 2;
	return onDatabase(out, async (db) => {
		const user = await createMonitorAccount(db, {
			name: values.name as string,
			phone: values.phone as string,
			pin: values.pin as string
		});
		out.log(
			both('portal.cli_created', (language) => ({
				role: lookup(language, 'portal.role_monitor', {}),
				name: user.name,
				phone: displayPhone(user.phone)
			}))
		);
		return 0;
	});
}

/** `create-organisation --name … --kind bumn|anak_bumn|kementerian|pemda --npwp … --address … --code …`. */
async function createOrganisationCommand(
	values: Record<string, string | undefined>,
	out: Output
): Promise<number> {
	const options = ['name', 'kind', 'npwp', 'address', 'code'];
	if (!hasOptions(values, options, out)) return 2;
	return onDatabase(
		out,
		async (db) => {
			const organisation = await createOrganisation(db, {
				name: values.name as string,
				kind: values.kind as Organisation['kind'],
				npwp: values.npwp as string,
				address: values.address as string,
				code: values.code as string
			});
			out.log(
				both('pengadaan.cli_org_created', () => ({
					name: organisation.name,
					code: organisation.code,
					id: organisation.id
				}))
			);
			return 0;
		},
		'pengadaan.cli_failed'
	);
}

/** The organisation `--organisation` names (its id or code), or a refusal the command prints. */
async function namedOrganisation(db: ReturnType<typeof getDb>, key: string): Promise<Organisation> {
	const organisation = await findOrganisation(db, key);
	if (!organisation) throw new ApiFailure(404, 'not_found', { messageKey: 'pengadaan.err_org_missing' });
	return organisation;
}

/** A person and their roles, as the commands print them: `Wati (0812…): pemesan, penyetuju`. */
function personLine(
	person: { name: string; phone: string; roles: MemberRole[] },
	organisation: string,
	language: Tree
) {
	return {
		name: person.name,
		phone: displayPhone(person.phone),
		organisation,
		roles: person.roles.map((role) => lookup(language, `pengadaan.member_role_${role}`, {})).join(', ')
	};
}

/** `add-member --organisation PTKAI --name … --phone … [--pin …] --roles pemesan,keuangan`. */
async function addMemberCommand(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['organisation', 'name', 'phone', 'roles'], out)) return 2;
	const roles = (values.roles as string)
		.split(',')
		.map((role) => role.trim())
		.filter(Boolean);
	return onDatabase(
		out,
		async (db) => {
			const organisation = await namedOrganisation(db, values.organisation as string);
			const person = await addMember(db, { role: 'admin' }, organisation.id, {
				name: values.name as string,
				phone: values.phone as string,
				pin: values.pin,
				roles
			});
			out.log(both('pengadaan.cli_member', (language) => personLine(person, organisation.name, language)));
			return 0;
		},
		'pengadaan.cli_failed'
	);
}

/** `remove-role --organisation PTKAI --phone … --role pemesan`. */
async function removeRoleCommand(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['organisation', 'phone', 'role'], out)) return 2;
	return onDatabase(
		out,
		async (db) => {
			const organisation = await namedOrganisation(db, values.organisation as string);
			const person = await memberByPhone(db, organisation.id, values.phone as string);
			if (!person) {
				throw new ApiFailure(404, 'not_found', { messageKey: 'pengadaan.err_member_missing' });
			}
			await removeRole(db, { role: 'admin' }, organisation.id, {
				userId: person.id,
				role: values.role as string
			});
			const after = (await memberByPhone(db, organisation.id, person.phone)) ?? { ...person, roles: [] };
			out.log(both('pengadaan.cli_member', (language) => personLine(after, organisation.name, language)));
			return 0;
		},
		'pengadaan.cli_failed'
	);
}

/** `list-organisations`: id, code, kind, name, people; one a line. */
function listOrganisations(out: Output): Promise<number> {
	return onDatabase(out, async (db) => {
		for (const organisation of await organisationList(db)) {
			out.log(
				[organisation.id, organisation.code, organisation.kind, organisation.name, organisation.people].join(
					'\t'
				)
			);
		}
		return 0;
	});
}

/** `list-members --organisation PTKAI`: phone, name, roles; one a line. */
function listMembers(values: Record<string, string | undefined>, out: Output): Promise<number> {
	if (!hasOptions(values, ['organisation'], out)) return Promise.resolve(2);
	return onDatabase(
		out,
		async (db) => {
			const organisation = await namedOrganisation(db, values.organisation as string);
			for (const person of await organisationMembers(db, organisation.id)) {
				out.log([person.phone, person.name, person.roles.join(',')].join('\t'));
			}
			return 0;
		},
		'pengadaan.cli_failed'
	);
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], out: Output = console): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: {
				role: { type: 'string' },
				name: { type: 'string' },
				phone: { type: 'string' },
				pin: { type: 'string' },
				lender: { type: 'string' },
				products: { type: 'string' },
				kind: { type: 'string' },
				npwp: { type: 'string' },
				address: { type: 'string' },
				code: { type: 'string' },
				organisation: { type: 'string' },
				roles: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		out.error(error instanceof Error ? error.message : String(error));
		out.error(usage());
		return 2;
	}
	const [command] = parsed.positionals;
	if (parsed.values.help || !command) {
		(command ? out.log : out.error)(usage());
		return parsed.values.help ? 0 : 2;
	}
	const values = parsed.values as Record<string, string | undefined>;
	if (command === 'create-user') return createUser(values, out);
	if (command === 'create-lender') return createLenderCommand(values, out);
	if (command === 'list-lenders') return listLenders(out);
	if (command === 'create-monitor') return createMonitor(values, out);
	if (command === 'create-organisation') return createOrganisationCommand(values, out);
	if (command === 'list-organisations') return listOrganisations(out);
	if (command === 'add-member') return addMemberCommand(values, out);
	if (command === 'remove-role') return removeRoleCommand(values, out);
	if (command === 'list-members') return listMembers(values, out);
	out.error(both('portal.cli_unknown_command', () => ({ command })));
	out.error(usage());
	return 2;
}
