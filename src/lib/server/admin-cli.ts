/**
 * `npm run admin -- create-user --role lender|facilitator|admin --name "Bank Desa" --phone 0812… --pin 123456`
 *
 * The admin's command line, bundled by Vite (vite.admin.config.ts) from the server's own modules, so an
 * account made here is made exactly as the admin portal page makes one (accounts.ts, password.ts). It works
 * on the database the server uses (DATABASE_URL, or the SQLite file under DATA_DIR) and brings its schema up
 * to date first. Prints in Indonesian, then English; exits 0 when done, 1 when the account was refused (bad
 * name, phone or PIN, phone taken), 2 for a command it does not understand.
 */
import { parseArgs } from 'node:util';
import { displayPhone } from '$lib/domain/phone';
import { fillTemplate } from '$lib/domain/text';
import { lookupMessage, type MessageTree } from '$lib/i18n/messages';
import en from '$lib/i18n/en.json';
import id from '$lib/i18n/id.json';
import { createStaffAccount, STAFF_ROLES, type StaffRole } from './accounts';
import { ApiFailure } from './api';
import { closeDb, getDb, migrateToLatest } from './db';

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

async function createUser(values: Record<string, string | undefined>, out: Output): Promise<number> {
	for (const option of ['role', 'name', 'phone', 'pin']) {
		if (!values[option]) {
			out.error(both('portal.cli_missing_option', () => ({ option })));
			out.error(both('portal.cli_usage'));
			return 2;
		}
	}
	const role = values.role as string;
	if (!(STAFF_ROLES as readonly string[]).includes(role)) {
		out.error(
			both('portal.cli_failed', (language) => ({ reason: lookup(language, 'err.role_invalid', {}) }))
		);
		return 1;
	}
	const db = getDb();
	try {
		await migrateToLatest(db);
		const user = await createStaffAccount(db, {
			role: role as StaffRole,
			name: values.name as string,
			phone: values.phone as string,
			pin: values.pin as string
		});
		out.log(
			both('portal.cli_created', (language) => ({
				role: lookup(language, `portal.role_${user.role}`, {}),
				name: user.name,
				phone: displayPhone(user.phone)
			}))
		);
		return 0;
	} catch (error) {
		if (!(error instanceof ApiFailure)) throw error;
		const key = error.options.messageKey ?? `err.${error.code}`;
		out.error(both('portal.cli_failed', (language) => ({ reason: lookup(language, key, {}) })));
		return 1;
	} finally {
		await closeDb();
	}
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
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		out.error(error instanceof Error ? error.message : String(error));
		out.error(both('portal.cli_usage'));
		return 2;
	}
	const [command] = parsed.positionals;
	if (parsed.values.help || !command) {
		(command ? out.log : out.error)(both('portal.cli_usage'));
		return parsed.values.help ? 0 : 2;
	}
	if (command === 'create-user') return createUser(parsed.values as Record<string, string | undefined>, out);
	out.error(both('portal.cli_unknown_command', () => ({ command })));
	out.error(both('portal.cli_usage'));
	return 2;
}
