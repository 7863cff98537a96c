import { beforeAll, describe, expect, it } from 'vitest';
import type { FinancingApplication, Lender } from '../../src/lib/domain/financing';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { createAccount, runAdmin } from '../helpers/admin';
import { ApiClient, Device, newPhone, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import {
	completeFields,
	documentPhoto,
	pullApplications,
	submittedApplication,
	uploadDocument
} from '../helpers/financing';
import { PortalBrowser } from '../helpers/portal';
import { textOf } from '../helpers/storefront';
import { backends, useTestServer } from '../helpers/server';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(backends)('lenders per application on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let phone: Device;
	/** The lenders by name, as the phone gets them. */
	let lenders: Record<string, Lender>;
	/** Portal sessions: a member of staff of two lenders, and the admin. */
	let bank: PortalBrowser;
	let bpr: PortalBrowser;
	let admin: PortalBrowser;

	async function adminCommand(args: string[]) {
		const result = await runAdmin(context.database, args);
		expect(result.code, result.stderr).toBe(0);
		return result;
	}

	async function portal(role: 'lender' | 'admin', person: string, extra: string[] = []) {
		const phoneNumber = newPhone();
		if (extra.length) {
			await adminCommand([
				'create-user',
				'--role',
				role,
				'--name',
				person,
				'--phone',
				phoneNumber,
				'--pin',
				'123456',
				...extra
			]);
		} else {
			await createAccount(context.database, role, person, phoneNumber);
		}
		const browser = new PortalBrowser(context.server.url);
		expect((await browser.login(phoneNumber, '123456')).status).toBe(303);
		return browser;
	}

	beforeAll(async () => {
		await adminCommand([
			'create-lender',
			'--name',
			'Bank Desa Sejahtera',
			'--products',
			'super_mikro,mikro,kecil'
		]);
		await adminCommand(['create-lender', '--name', 'Koperasi Maju', '--products', 'super_mikro']);
		await adminCommand(['create-lender', '--name', 'BPR Sukamaju', '--products', 'mikro,kecil']);
		bank = await portal('lender', 'Rina', ['--lender', 'Bank Desa Sejahtera']);
		bpr = await portal('lender', 'Joko', ['--lender', 'BPR Sukamaju']);
		admin = await portal('admin', 'Admin Program');
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		phone = new Device(sari.api);
		const answer = await sari.api.get('/api/lenders');
		expect(answer.status).toBe(200);
		lenders = Object.fromEntries((answer.body.lenders as Lender[]).map((lender) => [lender.name, lender]));
	});

	async function pushOne(mutation: string, args: unknown): Promise<MutationResult> {
		const answer = await phone.push([phone.mutation(mutation, sari.spaceId, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0];
	}

	async function application(id: string): Promise<FinancingApplication> {
		const found = (await pullApplications(phone)).get(id);
		expect(found, `application ${id} in the pull`).toBeDefined();
		return found!;
	}

	/** A lender's GET of a document, with its portal cookie. */
	function documentAs(browser: PortalBrowser, hash: string) {
		return fetch(`${context.server.url}/api/documents/${hash}?space=${sari.spaceId}`, {
			headers: { cookie: `session=${browser.cookie}` }
		});
	}

	function views(hash: string) {
		return withDatabase(context.database, (db) =>
			db.selectFrom('document_views').selectAll().where('sha256', '=', hash).execute()
		);
	}

	it('gives the phone every lender with the KUR products it offers, to signed-in users only', async () => {
		const answer = await sari.api.get('/api/lenders');
		expect(answer.headers.get('cache-control')).toBe('no-store');
		// the invoice financing terms in force, so the phone shows the fee before asking (issue 13)
		const advanceTerms = { maxShareBasisPoints: 8000, monthlyFeeBasisPoints: 150 };
		expect(answer.body).toEqual({
			lenders: [
				{
					id: expect.any(String),
					name: 'Bank Desa Sejahtera',
					products: ['super_mikro', 'mikro', 'kecil'],
					advanceTerms
				},
				{ id: expect.any(String), name: 'BPR Sukamaju', products: ['mikro', 'kecil'], advanceTerms },
				{ id: expect.any(String), name: 'Koperasi Maju', products: ['super_mikro'], advanceTerms }
			]
		});
		expect((await new ApiClient(context.server.url).get('/api/lenders')).status).toBe(401);
	});

	it('refuses a submission without a lender, with an unknown one, or with one that does not offer the KUR, in Indonesian', async () => {
		const ktp = documentPhoto();
		const business = documentPhoto();
		for (const document of [ktp, business]) {
			expect((await uploadDocument(sari.api, sari.spaceId, document)).status).toBe(201);
		}
		const id = uuidv7();
		expect(
			await pushOne('financing.patch', {
				id,
				fields: completeFields({ ktp: ktp.hash, business: business.hash })
			})
		).toMatchObject({ status: 'applied' });
		expect(await pushOne('financing.submit', { id })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message: 'Belum lengkap: Pemberi pembiayaan'
		});

		// not an id at all: the shared schema refuses the patch itself
		expect(await pushOne('financing.patch', { id, fields: { lenderId: 'Bank Desa' } })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message: 'Pilih pemberi pembiayaan dari daftar'
		});
		expect(await pushOne('financing.patch', { id, fields: { lenderId: uuidv7() } })).toMatchObject({
			status: 'applied'
		});
		expect(await pushOne('financing.submit', { id })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message:
				'Belum memenuhi syarat: Pemberi pembiayaan: Pemberi pembiayaan ini sudah tidak ada. Pilih yang lain.'
		});
		const koperasi = lenders['Koperasi Maju'];
		expect(await pushOne('financing.patch', { id, fields: { lenderId: koperasi.id } })).toMatchObject({
			status: 'applied'
		});
		expect(await pushOne('financing.submit', { id })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message:
				'Belum memenuhi syarat: Pemberi pembiayaan: Koperasi Maju tidak melayani KUR Mikro. Pilih pemberi pembiayaan lain.'
		});
		expect(await application(id)).toMatchObject({ status: 'draft', submittedAt: null });

		// the lender that offers it takes it
		const chosen = lenders['Bank Desa Sejahtera'];
		expect(await pushOne('financing.patch', { id, fields: { lenderId: chosen.id } })).toMatchObject({
			status: 'applied'
		});
		expect(await pushOne('financing.submit', { id })).toMatchObject({ status: 'applied' });
		expect(await application(id)).toMatchObject({ status: 'submitted', fields: { lenderId: chosen.id } });
	});

	it('shows an application only to the lender it was sent to: another lender gets 404 on it and 403 on its documents', async () => {
		const { id, ktp } = await submittedApplication(
			phone,
			sari.spaceId,
			undefined,
			lenders['Bank Desa Sejahtera'].id
		);

		// the lender it was sent to
		expect((await bank.get('/portal/pembiayaan')).html).toContain(`/portal/pembiayaan/${id}`);
		expect((await bank.get(`/portal/pembiayaan/${id}`)).status).toBe(200);
		expect((await documentAs(bank, ktp.hash)).status).toBe(200);

		// another lender: not in its list, 404 on the page and on a decision, 403 on the KTP, nothing recorded
		const list = await bpr.get('/portal/pembiayaan');
		expect(list.status).toBe(200);
		expect(list.html).not.toContain(id);
		expect(textOf(list.html)).toContain('Pengajuan yang dikirim penjual ke BPR Sukamaju.');
		const detail = await bpr.get(`/portal/pembiayaan/${id}`);
		expect(detail.status).toBe(404);
		expect(detail.html).not.toContain('Sari Wulandari');
		expect((await bpr.submit(`/portal/pembiayaan/${id}?/setujui`, { note: '' })).status).toBe(404);
		const refused = await documentAs(bpr, ktp.hash);
		expect(refused.status).toBe(403);
		expect((await refused.json()).error.code).toBe('forbidden');
		expect((await views(ktp.hash)).map((view) => view.viewer_id)).toHaveLength(1);
		expect((await application(id)).status).toBe('submitted');
	});

	it("records the admin's move in the history the seller and both lenders read; the new lender alone sees it then", async () => {
		const { id, ktp } = await submittedApplication(
			phone,
			sari.spaceId,
			undefined,
			lenders['Bank Desa Sejahtera'].id
		);
		expect((await bank.submit(`/portal/pembiayaan/${id}?/tinjau`, { note: '' })).status).toBe(303);

		// refused: to a lender that does not offer KUR Mikro, to the lender it is with, by a lender
		const toKoperasi = await admin.submit('/portal/admin/pembiayaan?/pindahkan', {
			application: id,
			lender: lenders['Koperasi Maju'].id,
			note: ''
		});
		expect(toKoperasi.status).toBe(400);
		expect(textOf(toKoperasi.html)).toContain(
			'Pemberi pembiayaan itu tidak melayani jenis KUR pengajuan ini'
		);
		expect(
			(
				await admin.submit('/portal/admin/pembiayaan?/pindahkan', {
					application: id,
					lender: lenders['Bank Desa Sejahtera'].id,
					note: ''
				})
			).status
		).toBe(409);
		expect(
			(
				await bank.submit('/portal/admin/pembiayaan?/pindahkan', {
					application: id,
					lender: lenders['BPR Sukamaju'].id,
					note: ''
				})
			).status
		).toBe(403);

		// the list the admin moves from: every sent application with its lender, no NIK
		const listed = await admin.get(`/portal/admin/pembiayaan?pemberi=${lenders['Bank Desa Sejahtera'].id}`);
		expect(listed.status).toBe(200);
		expect(textOf(listed.html)).toContain('Warung Sari');
		expect(listed.html).not.toContain('3201014508900001');

		const note = 'BPR Sukamaju punya kantor di kecamatan penjual.';
		const moved = await admin.submit(
			`/portal/admin/pembiayaan?pemberi=${lenders['Bank Desa Sejahtera'].id}&/pindahkan`,
			{
				application: id,
				lender: lenders['BPR Sukamaju'].id,
				note
			}
		);
		expect(moved.status).toBe(303);
		expect(textOf((await admin.get(moved.location!)).html)).toContain(
			'Tersimpan: Warung Sari sekarang di BPR Sukamaju.'
		);

		// the seller's phone: the move in the history, the new lender in the form, waiting for it afresh
		const pulled = await application(id);
		expect(pulled.status).toBe('submitted');
		expect(pulled.fields.lenderId).toBe(lenders['BPR Sukamaju'].id);
		expect(pulled.decisions).toEqual([
			{
				status: 'in_review',
				note: null,
				by: { id: expect.any(String), name: 'Rina' },
				at: expect.stringMatching(ISO)
			},
			{
				status: 'moved',
				from: { id: lenders['Bank Desa Sejahtera'].id, name: 'Bank Desa Sejahtera' },
				to: { id: lenders['BPR Sukamaju'].id, name: 'BPR Sukamaju' },
				note,
				by: { id: expect.any(String), name: 'Admin Program' },
				at: expect.stringMatching(ISO)
			}
		]);
		expect(pulled.changedBy).toMatchObject({ name: 'Admin Program', role: 'admin' });

		// the new lender sees it, its history and its KTP; the first no longer does
		const detail = await bpr.get(`/portal/pembiayaan/${id}`);
		expect(detail.status).toBe(200);
		expect(textOf(detail.html)).toContain(
			'Dipindahkan dari Bank Desa Sejahtera ke BPR Sukamaju · Admin Program'
		);
		expect(textOf(detail.html)).toContain(note);
		expect((await documentAs(bpr, ktp.hash)).status).toBe(200);
		expect((await bank.get(`/portal/pembiayaan/${id}`)).status).toBe(404);
		expect((await documentAs(bank, ktp.hash)).status).toBe(403);
		expect((await bank.get('/portal/pembiayaan')).html).not.toContain(id);

		// the new lender decides; a decided application stays where it is
		expect((await bpr.submit(`/portal/pembiayaan/${id}?/setujui`, { note: '' })).status).toBe(303);
		expect(
			(
				await admin.submit('/portal/admin/pembiayaan?/pindahkan', {
					application: id,
					lender: lenders['Bank Desa Sejahtera'].id,
					note: ''
				})
			).status
		).toBe(409);
		expect((await application(id)).status).toBe('approved');
	});

	it('sends an application returned for revision to the lender the seller chooses next, and says so in the history', async () => {
		const { id } = await submittedApplication(phone, sari.spaceId, undefined, lenders['BPR Sukamaju'].id);
		const note = 'Foto tempat usaha kurang jelas.';
		expect((await bpr.submit(`/portal/pembiayaan/${id}?/perbaiki`, { note })).status).toBe(303);
		expect(
			await pushOne('financing.patch', { id, fields: { lenderId: lenders['Bank Desa Sejahtera'].id } })
		).toMatchObject({
			status: 'applied'
		});
		// still the first lender's until it is sent again
		expect((await bpr.get(`/portal/pembiayaan/${id}`)).status).toBe(200);
		expect(await pushOne('financing.submit', { id })).toMatchObject({ status: 'applied' });
		expect((await bpr.get(`/portal/pembiayaan/${id}`)).status).toBe(404);
		expect((await bank.get(`/portal/pembiayaan/${id}`)).status).toBe(200);
		expect((await application(id)).decisions.at(-1)).toEqual({
			status: 'moved',
			from: { id: lenders['BPR Sukamaju'].id, name: 'BPR Sukamaju' },
			to: { id: lenders['Bank Desa Sejahtera'].id, name: 'Bank Desa Sejahtera' },
			note: null,
			by: { id: sari.account.user.id, name: 'Sari' },
			at: expect.stringMatching(ISO)
		});
	});

	it('lets the admin make lenders and their accounts in the portal and on the command line', async () => {
		const page = await admin.get('/portal/admin');
		expect(textOf(page.html)).toContain('Bank Desa Sejahtera');
		// a lender in the portal, with the KUR products ticked
		const created = await admin.submit('/portal/admin?/pemberi', {
			name: 'Koperasi Sejahtera Bersama',
			products: 'mikro'
		});
		expect(created.status).toBe(303);
		expect(textOf((await admin.get(created.location!)).html)).toContain('Pemberi pembiayaan sudah dibuat.');
		const refusedName = await admin.submit('/portal/admin?/pemberi', {
			name: 'Koperasi Sejahtera Bersama',
			products: 'mikro'
		});
		expect(refusedName.status).toBe(409);
		expect(textOf(refusedName.html)).toContain('Nama pemberi pembiayaan ini sudah dipakai');
		const noProduct = await admin.submit('/portal/admin?/pemberi', { name: 'Tanpa KUR' });
		expect(noProduct.status).toBe(400);
		expect(textOf(noProduct.html)).toContain('Pilih paling sedikit satu jenis KUR yang dilayani');
		const fresh = (await sari.api.get('/api/lenders')).body.lenders.find(
			(lender: Lender) => lender.name === 'Koperasi Sejahtera Bersama'
		) as Lender;
		expect(fresh.products).toEqual(['mikro']);

		// an account of it, made in the portal, sees only its applications
		const staffPhone = newPhone();
		const account = await admin.submit('/portal/admin?/akun', {
			role: 'lender',
			lender: fresh.id,
			name: 'Dewi',
			phone: staffPhone,
			pin: '246810'
		});
		expect(account.status).toBe(303);
		const dewi = new PortalBrowser(context.server.url);
		expect((await dewi.login(staffPhone, '246810')).location).toBe('/portal/pembiayaan');
		const { id } = await submittedApplication(phone, sari.spaceId, undefined, fresh.id);
		expect((await dewi.get(`/portal/pembiayaan/${id}`)).status).toBe(200);
		expect((await bank.get(`/portal/pembiayaan/${id}`)).status).toBe(404);
		const unknown = await admin.submit('/portal/admin?/akun', {
			role: 'lender',
			lender: uuidv7(),
			name: 'X',
			phone: newPhone(),
			pin: '246810'
		});
		expect(unknown.status).toBe(400);

		// its products changed: a new submission of a KUR it left is refused
		expect(
			(await admin.submit('/portal/admin?/produk', { lender: fresh.id, products: 'kecil' })).status
		).toBe(303);
		const again = uuidv7();
		const ktp = documentPhoto();
		const business = documentPhoto();
		for (const document of [ktp, business]) await uploadDocument(sari.api, sari.spaceId, document);
		await pushOne('financing.patch', {
			id: again,
			fields: completeFields({ ktp: ktp.hash, business: business.hash }, fresh.id)
		});
		expect(await pushOne('financing.submit', { id: again })).toMatchObject({
			status: 'rejected',
			message: expect.stringContaining('Koperasi Sejahtera Bersama tidak melayani KUR Mikro')
		});

		// the command line: refusals exit 1 (2 for a missing option), and the list has every lender
		for (const [args, code, message] of [
			[
				['create-lender', '--name', 'Bank Desa Sejahtera', '--products', 'mikro'],
				1,
				'Nama pemberi pembiayaan ini sudah dipakai'
			],
			[['create-lender', '--name', 'Bank Baru', '--products', 'besar'], 1, 'Pilih jenis KUR'],
			[['create-lender', '--name', 'Bank Baru'], 2, 'Isi --products'],
			[
				[
					'create-user',
					'--role',
					'lender',
					'--name',
					'X',
					'--phone',
					newPhone(),
					'--pin',
					'111111',
					'--lender',
					'Bank Entah'
				],
				1,
				'Pemberi pembiayaan tidak ditemukan'
			]
		] as const) {
			const refused = await runAdmin(context.database, [...args]);
			expect(refused.code).toBe(code);
			expect(refused.stderr).toContain(message);
		}
		const listed = await adminCommand(['list-lenders']);
		expect(listed.stdout).toContain(`${lenders['BPR Sukamaju'].id}\tBPR Sukamaju\tmikro,kecil`);
	});
});
