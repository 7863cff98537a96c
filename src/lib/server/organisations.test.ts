import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { indonesian } from '$lib/i18n/messages';
import { ApiFailure } from './api';
import { migrationProvider } from './db/migrations';
import type { Database } from './db/schema';
import {
	addMember,
	createMonitorAccount,
	createOrganisation,
	findOrganisation,
	isOrganisationAdmin,
	organisationList,
	organisationMembers,
	removeRole,
	type OrganisationInput
} from './organisations';
import { verifyPin } from './password';

const kai: OrganisationInput = {
	name: 'PT Kereta Api Indonesia',
	kind: 'bumn',
	npwp: '01.234.567.8-912.000',
	address: 'Jl. Perintis Kemerdekaan 1, Bandung',
	code: 'ptkai'
};

/** The refusal a promise ends in: its status and the Indonesian words a person reads. */
async function refusal(work: Promise<unknown>): Promise<{ status: number; message: string }> {
	const error = await work.then(
		() => null,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(ApiFailure);
	const failure = error as ApiFailure;
	const key = failure.options.messageKey ?? `err.${failure.code}`;
	const message = indonesian(key);
	// a key with no words would show the key itself
	expect(message, key).not.toBe(key);
	return { status: failure.status, message };
}

describe('buying organisations and their people', () => {
	let db: Kysely<Database>;

	beforeEach(async () => {
		db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
		const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
		expect(error).toBeUndefined();
	});

	it('makes an organisation with its NPWP in 16 digits and its code in capitals, found by id or code', async () => {
		const organisation = await createOrganisation(db, kai);
		expect(organisation).toMatchObject({ code: 'PTKAI', npwp: '0012345678912000', kind: 'bumn' });
		expect((await findOrganisation(db, 'ptkai'))?.id).toBe(organisation.id);
		expect((await findOrganisation(db, organisation.id))?.name).toBe(kai.name);
		expect(await findOrganisation(db, 'NOPE')).toBeNull();
	});

	it.each([
		['a name of spaces', { name: '   ' }, 'Tulis nama instansi'],
		['an unknown kind', { kind: 'koperasi' }, 'Pilih jenis instansi'],
		['an NPWP of 14 digits', { npwp: '12.345.678.9-012.34' }, 'NPWP instansi harus 15 atau 16 angka'],
		['the NPWP nol', { npwp: '00.000.000.0-000.000' }, 'NPWP instansi harus 15 atau 16 angka'],
		['no address', { address: '' }, 'Tulis alamat instansi'],
		['a code with a space', { code: 'PT KAI' }, 'Kode instansi 2 sampai 10 huruf'],
		['a code of one letter', { code: 'K' }, 'Kode instansi 2 sampai 10 huruf'],
		['a code of eleven', { code: 'ABCDEFGHIJK' }, 'Kode instansi 2 sampai 10 huruf'],
		['a bidi override in the name', { name: 'PT \u202eKAI' }, 'tidak bisa dipakai']
	])('refuses %s in words', async (_, change, words) => {
		const refused = await refusal(createOrganisation(db, { ...kai, ...change } as OrganisationInput));
		expect(refused.status).toBe(400);
		expect(refused.message).toContain(words);
		expect(await organisationList(db)).toEqual([]);
	});

	it('refuses a code another organisation has (409)', async () => {
		await createOrganisation(db, kai);
		const refused = await refusal(createOrganisation(db, { ...kai, name: 'PT KAI Commuter', code: 'PTKAI' }));
		expect(refused).toEqual({ status: 409, message: expect.stringContaining('sudah dipakai') });
	});

	describe('people', () => {
		let org: string;
		let other: string;
		const admin = { role: 'admin' } as const;

		beforeEach(async () => {
			org = (await createOrganisation(db, kai)).id;
			other = (await createOrganisation(db, { ...kai, name: 'Dinas Koperasi Sleman', code: 'DKSLM' })).id;
		});

		it('makes a buyer account with the PIN given, and adds roles to it without changing its PIN', async () => {
			const wati = await addMember(db, admin, org, {
				name: 'Wati',
				phone: '0812-3456-7001',
				pin: '246810',
				roles: ['pemesan']
			});
			expect(wati).toMatchObject({ name: 'Wati', phone: '+6281234567001', roles: ['pemesan'] });
			const again = await addMember(db, admin, org, {
				name: 'Wati',
				phone: '+6281234567001',
				pin: '999999',
				roles: ['keuangan', 'admin', 'pemesan']
			});
			expect(again.roles).toEqual(['pemesan', 'keuangan', 'admin']);
			const row = await db
				.selectFrom('users')
				.select(['role', 'pin_hash'])
				.where('id', '=', wati.id)
				.executeTakeFirstOrThrow();
			expect(row.role).toBe('buyer');
			expect(await verifyPin('246810', row.pin_hash)).toBe(true);
			expect(await isOrganisationAdmin(db, wati.id, org)).toBe(true);
			expect(await isOrganisationAdmin(db, wati.id, other)).toBe(false);
			expect((await organisationList(db)).find((item) => item.id === org)?.people).toBe(1);
		});

		it.each([
			['no role', { roles: [] }, 400, 'Pilih paling sedikit satu peran'],
			['an unknown role', { roles: ['direktur'] }, 400, 'Peran tidak dikenal'],
			['a new account without a PIN', { pin: '' }, 400, 'PIN'],
			['a PIN of five digits', { pin: '12345' }, 400, 'PIN'],
			['a bad phone', { phone: '12' }, 400, 'HP'],
			['no name', { name: ' ' }, 400, 'ama']
		])('refuses %s', async (_, change, status, words) => {
			const refused = await refusal(
				addMember(db, admin, org, {
					name: 'Dewi',
					phone: '081234567002',
					pin: '135790',
					roles: ['penyetuju'],
					...change
				})
			);
			expect(refused.status).toBe(status);
			expect(refused.message).toContain(words);
			expect(await organisationMembers(db, org)).toEqual([]);
		});

		it('keeps one person in one organisation, and never turns another kind of account into a buyer', async () => {
			await addMember(db, admin, org, {
				name: 'Rudi',
				phone: '081234567003',
				pin: '135790',
				roles: ['keuangan']
			});
			expect(
				await refusal(
					addMember(db, admin, other, { name: 'Rudi', phone: '081234567003', roles: ['pemesan'] })
				)
			).toEqual({ status: 409, message: expect.stringContaining('instansi lain') });
			await db
				.insertInto('users')
				.values({
					id: 'seller-1',
					name: 'Sari',
					phone: '+6281234567004',
					pin_hash: 'x',
					role: 'seller',
					created_at: new Date().toISOString()
				})
				.execute();
			expect(
				await refusal(addMember(db, admin, org, { name: 'Sari', phone: '081234567004', roles: ['pemesan'] }))
			).toEqual({ status: 409, message: expect.stringContaining('akun lain') });
			expect(await organisationMembers(db, other)).toEqual([]);
		});

		it('adds a person to one organisation only, when two admins add them to two at once', async () => {
			const rudi = await addMember(db, admin, org, {
				name: 'Rudi',
				phone: '081234567008',
				pin: '135790',
				roles: ['keuangan']
			});
			await removeRole(db, admin, org, { userId: rudi.id, role: 'keuangan' });
			const person = { name: 'Rudi', phone: '081234567008', roles: ['pemesan'] };
			const outcomes = await Promise.allSettled([
				addMember(db, admin, org, person),
				addMember(db, admin, other, person)
			]);
			expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
			const members = [...(await organisationMembers(db, org)), ...(await organisationMembers(db, other))];
			expect(members.filter((member) => member.id === rudi.id)).toHaveLength(1);
		});

		it("lets an organisation's admin manage its own people only, never its own admin role", async () => {
			const boss = await addMember(db, admin, org, {
				name: 'Bambang',
				phone: '081234567005',
				pin: '135790',
				roles: ['admin', 'penyetuju']
			});
			const bambang = { id: boss.id, role: 'buyer' } as const;
			const staff = await addMember(db, bambang, org, {
				name: 'Wati',
				phone: '081234567006',
				pin: '135790',
				roles: ['pemesan', 'keuangan']
			});
			expect(staff.roles).toEqual(['pemesan', 'keuangan']);
			// another organisation's people are not theirs
			expect(
				await refusal(
					addMember(db, bambang, other, {
						name: 'X',
						phone: '081234567007',
						pin: '135790',
						roles: ['pemesan']
					})
				)
			).toEqual({ status: 403, message: expect.stringContaining('Hanya admin instansi ini') });
			// a member without the admin role manages nobody
			expect(
				(
					await refusal(
						removeRole(db, { id: staff.id, role: 'buyer' }, org, { userId: boss.id, role: 'penyetuju' })
					)
				).status
			).toBe(403);
			expect(await refusal(removeRole(db, bambang, org, { userId: boss.id, role: 'admin' }))).toEqual({
				status: 403,
				message: expect.stringContaining('peran admin Anda sendiri')
			});
			await removeRole(db, bambang, org, { userId: staff.id, role: 'keuangan' });
			expect((await organisationMembers(db, org)).find((m) => m.id === staff.id)?.roles).toEqual(['pemesan']);
			expect(
				(await refusal(removeRole(db, bambang, org, { userId: staff.id, role: 'keuangan' }))).status
			).toBe(404);
			// the programme's admin may take anyone's, the last role taking the person out
			await removeRole(db, admin, org, { userId: boss.id, role: 'admin' });
			await removeRole(db, admin, org, { userId: boss.id, role: 'penyetuju' });
			expect((await organisationMembers(db, org)).map((m) => m.name)).toEqual(['Wati']);
			expect((await refusal(addMember(db, admin, 'nope', { ...staff, roles: ['pemesan'] }))).status).toBe(
				404
			);
		});
	});

	it('makes monitor accounts, refusing a phone in use', async () => {
		const monitor = await createMonitorAccount(db, {
			name: 'Pemantau KemenKopUKM',
			phone: '081234567010',
			pin: '135790'
		});
		expect(monitor.role).toBe('monitor');
		expect(
			(await refusal(createMonitorAccount(db, { name: 'Lain', phone: '+6281234567010', pin: '135790' })))
				.status
		).toBe(409);
	});
});
