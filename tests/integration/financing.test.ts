import { beforeAll, describe, expect, it } from 'vitest';
import { salesRecord, type FinancingApplication } from '../../src/lib/domain/financing';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { createAccount, runAdmin } from '../helpers/admin';
import { ApiClient, Device, newPhone, registerSeller, type Seller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { openEvents } from '../helpers/events';
import {
	completeFields,
	documentPhoto,
	lenderOffering,
	NIK,
	NIK_MASKED,
	pullApplications,
	submittedApplication,
	uploadDocument
} from '../helpers/financing';
import { jpegLike, sha256 } from '../helpers/images';
import { PortalBrowser } from '../helpers/portal';
import { textOf } from '../helpers/storefront';
import { storagePairs, useTestServer } from '../helpers/server';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Today in Western Indonesian Time, `YYYY-MM-DD`, as the server judges it. */
function jakartaToday(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
}

/** Noon (WIB) on the 15th of the month `back` months before this one, as ISO UTC. */
function monthsAgo(back: number): string {
	const [year, month] = jakartaToday().split('-').map(Number);
	return new Date(Date.UTC(year, month - 1 - back, 15, 5)).toISOString();
}

// Both blob stores too: the documents (KTP …) are kept in one.
describe.each(storagePairs)('financing on $name, documents in $blobs', ({ name, blobs }) => {
	// A programme that lends KUR Mikro at 7%: the rate comes from the configuration, not the code.
	const context = useTestServer(name, { KUR_RATES: '{"mikro":7}' }, blobs);
	let sari: Seller;
	let budi: Seller;
	/** Sari's phone, and her second phone (logged in on its own). */
	let phone: Device;
	let secondPhone: Device;
	let orderCount = 0;
	const lenderPhone = newPhone();
	/** The lender in the portal, logged in once. */
	let lender: PortalBrowser;
	/** Its lender organisation's id, the seller's choice in the form. */
	let bank: string;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		budi = await registerSeller(context.server.url, 'Budi', 'Toko Budi');
		phone = new Device(sari.api);
		const second = new ApiClient(context.server.url);
		expect((await second.post('/api/auth/login', { phone: sari.phone, pin: sari.pin })).status).toBe(200);
		secondPhone = new Device(second);
		await createAccount(context.database, 'lender', 'Bank Desa Sejahtera', lenderPhone);
		lender = new PortalBrowser(context.server.url);
		expect((await lender.login(lenderPhone, '123456')).location).toBe('/portal/pembiayaan');
		bank = (await lenderOffering(sari.api)).id;
	});

	async function pushOne(device: Device, mutation: string, args: unknown, space = sari.spaceId) {
		const answer = await device.push([device.mutation(mutation, space, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0] as MutationResult;
	}

	async function application(id: string, device = phone): Promise<FinancingApplication> {
		const found = (await pullApplications(device)).get(id);
		expect(found, `application ${id} in the pull`).toBeDefined();
		return found!;
	}

	/** Views of a document recorded in the database. */
	function documentViews(hash: string) {
		return withDatabase(context.database, (db) =>
			db.selectFrom('document_views').selectAll().where('sha256', '=', hash).execute()
		);
	}

	/** The lender's GET of a document, through the same cookie as the portal pages. */
	function lenderFetch(url: string) {
		return fetch(context.server.url + url, { headers: { cookie: `session=${lender.cookie}` } });
	}

	it('creates a draft on the first patch and merges the fields two phones fill, field by field', async () => {
		const id = uuidv7();
		expect(
			await pushOne(phone, 'financing.patch', {
				id,
				fields: { product: 'mikro', amount: 20_000_000, fullName: 'Sari Wulandari' }
			})
		).toEqual({ id: expect.any(Number), status: 'applied' });
		expect(
			await pushOne(secondPhone, 'financing.patch', {
				id,
				fields: { amount: 25_000_000, businessName: 'Warung Sari', nik: NIK }
			})
		).toMatchObject({ status: 'applied' });
		// null clears a field; a field not sent stays
		expect(
			await pushOne(phone, 'financing.patch', { id, fields: { fullName: null, purpose: 'modal_kerja' } })
		).toMatchObject({ status: 'applied' });

		const pulled = await application(id, secondPhone);
		expect(Object.keys(pulled).sort()).toEqual(
			[
				'id',
				'spaceId',
				'status',
				'fields',
				'fieldChanges',
				'ratePercent',
				'salesRecord',
				'submittedAt',
				'decisions',
				'changedBy',
				'version',
				'createdAt',
				'updatedAt'
			].sort()
		);
		expect(pulled.changedBy).toEqual({ id: sari.account.user.id, name: 'Sari', role: 'owner' });
		expect(pulled).toMatchObject({
			id,
			spaceId: sari.spaceId,
			status: 'draft',
			fields: {
				product: 'mikro',
				amount: 25_000_000,
				fullName: null,
				businessName: 'Warung Sari',
				nik: NIK,
				purpose: 'modal_kerja'
			},
			ratePercent: 7,
			salesRecord: null,
			submittedAt: null,
			decisions: []
		});
		expect(pulled.createdAt).toMatch(ISO);
		expect(pulled.updatedAt >= pulled.createdAt).toBe(true);
		for (const field of ['product', 'amount', 'fullName', 'businessName', 'nik', 'purpose'] as const) {
			expect(pulled.fieldChanges[field]).toEqual({
				by: { id: sari.account.user.id, name: 'Sari' },
				at: expect.stringMatching(ISO)
			});
		}
		expect(pulled.fieldChanges.tenorMonths).toBeUndefined();
		// the field the second phone wrote last carries the later time
		expect(pulled.fieldChanges.amount!.at >= pulled.fieldChanges.product!.at).toBe(true);

		// changing the product changes the rate, from the configuration (super mikro keeps the default 6%)
		expect(
			await pushOne(phone, 'financing.patch', { id, fields: { product: 'super_mikro', amount: 5_000_000 } })
		).toMatchObject({ status: 'applied' });
		expect((await application(id)).ratePercent).toBe(6);

		// a field that breaks its rule is refused, and nothing of the patch is kept
		expect(
			await pushOne(phone, 'financing.patch', { id, fields: { amount: 6_000_000, nik: '12345' } })
		).toMatchObject({ status: 'rejected', code: 'invalid', message: 'NIK harus 16 angka' });
		expect((await application(id)).fields.amount).toBe(5_000_000);
	});

	it('refuses an incomplete or ineligible submission with every reason in Indonesian, and keeps the draft', async () => {
		const id = uuidv7();
		const fields = completeFields({ ktp: documentPhoto().hash, business: documentPhoto().hash }, bank);
		const { ktpPhoto: _ktp, ...withoutKtp } = fields;
		expect(
			await pushOne(phone, 'financing.patch', {
				id,
				fields: { ...withoutKtp, amount: 60_000_000, businessStartedAt: monthsAgo(2).slice(0, 7) }
			})
		).toMatchObject({ status: 'applied' });
		const refused = await pushOne(phone, 'financing.submit', { id });
		expect(refused).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(refused.message).toBe(
			'Belum lengkap: Foto KTP, NPWP (wajib di atas Rp50 juta). ' +
				'Belum memenuhi syarat: Usaha sudah berjalan minimal 6 bulan: Usaha baru berjalan 2 bulan'
		);
		expect(await application(id)).toMatchObject({ status: 'draft', submittedAt: null, salesRecord: null });

		// an amount outside the product is named with its range, written the Indonesian way
		expect(
			await pushOne(phone, 'financing.patch', {
				id,
				fields: {
					ktpPhoto: fields.ktpPhoto,
					npwp: '123456789012345',
					businessStartedAt: '2020-03',
					amount: 5_000_000
				}
			})
		).toMatchObject({ status: 'applied' });
		expect(await pushOne(phone, 'financing.submit', { id })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message:
				'Belum memenuhi syarat: Jumlah pinjaman sesuai jenis KUR: Untuk jenis ini, jumlahnya Rp10.000.001 sampai Rp100.000.000'
		});
	});

	it('refuses a submission whose documents never reached the server, then takes it once they have', async () => {
		const ktp = documentPhoto();
		const business = documentPhoto();
		expect((await uploadDocument(sari.api, sari.spaceId, business)).status).toBe(201);
		const id = uuidv7();
		expect(
			await pushOne(phone, 'financing.patch', {
				id,
				fields: completeFields({ ktp: ktp.hash, business: business.hash }, bank)
			})
		).toMatchObject({ status: 'applied' });
		expect(await pushOne(phone, 'financing.submit', { id })).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message: 'Dokumen belum terkirim: Foto KTP'
		});
		// Budi has the very same KTP bytes in his space: that is not Sari's upload
		expect((await uploadDocument(budi.api, budi.spaceId, ktp)).status).toBe(201);
		expect(await pushOne(phone, 'financing.submit', { id })).toMatchObject({ status: 'rejected' });

		expect((await uploadDocument(sari.api, sari.spaceId, ktp)).status).toBe(201);
		expect((await uploadDocument(sari.api, sari.spaceId, ktp)).status).toBe(200);
		expect(await pushOne(phone, 'financing.submit', { id })).toMatchObject({ status: 'applied' });
		const kinds = await withDatabase(context.database, (db) =>
			db
				.selectFrom('documents')
				.select(['sha256', 'kind'])
				.where('space_id', '=', sari.spaceId)
				.where('sha256', 'in', [ktp.hash, business.hash])
				.execute()
		);
		expect(Object.fromEntries(kinds.map((row) => [row.sha256, row.kind]))).toEqual({
			[ktp.hash]: 'ktp',
			[business.hash]: 'business'
		});
		// documents are kept apart from the public photos
		expect((await fetch(`${context.server.url}/api/photos/${ktp.hash}`)).status).toBe(404);
		expect(await context.blobs.keys('documents')).toContain(`${ktp.hash.slice(0, 2)}/${ktp.hash}`);
		expect(await context.blobs.keys('photos')).not.toContain(`${ktp.hash.slice(0, 2)}/${ktp.hash}`);
	});

	it('submits a complete application with the sales record the server computes from the synced orders, then freezes it', async () => {
		const seller = await registerSeller(context.server.url, 'Wati', 'Warung Wati');
		const device = new Device(seller.api);
		/** A sale recorded on the phone at `at` (the device's clock: the phone was offline then). */
		const sale = (total: number, at: string, status?: string) => ({
			...device.mutation('order.create', seller.spaceId, {
				id: uuidv7(),
				number: `KP-${++orderCount}`,
				items: [{ name: 'Beras 5 kg', qty: 1, price: total }],
				buyer: { name: 'Bu Tini' },
				...(status ? { status } : {})
			}),
			at
		});
		const orders = [
			sale(150_000, monthsAgo(1), 'completed'),
			sale(50_000, monthsAgo(1)),
			sale(80_000, monthsAgo(3), 'completed'),
			sale(999_000, monthsAgo(2)),
			// this month is not a whole month yet, and seven months ago is too long ago
			sale(70_000, new Date().toISOString()),
			sale(60_000, monthsAgo(7))
		];
		const pushed = await device.push(orders);
		expect(pushed.body.results.map((result: MutationResult) => result.status)).toEqual(
			orders.map(() => 'applied')
		);
		// the Rp999.000 order is cancelled: it is not revenue
		const cancelled = orders[3].args as { id: string };
		expect(
			(
				await device.push([
					device.mutation('order.transition', seller.spaceId, {
						id: cancelled.id,
						from: 'new',
						to: 'cancelled'
					})
				])
			).body.results[0]
		).toMatchObject({ status: 'applied' });

		const { id } = await submittedApplication(device, seller.spaceId);
		const pulled = await device.pullAll();
		const submitted = await application(id, device);
		const expected = salesRecord([...pulled.orders.values()], jakartaToday());
		expect(submitted.status).toBe('submitted');
		expect(submitted.submittedAt).toMatch(ISO);
		expect(submitted.ratePercent).toBe(7);
		expect(submitted.salesRecord).toEqual(expected);
		expect(submitted.salesRecord).toMatchObject({
			totalRevenue: 280_000,
			orderCount: 3,
			averageOrder: 93_333,
			activeMonths: 2
		});
		expect(submitted.salesRecord!.months.map((month) => month.revenue)).toEqual([
			0, 0, 0, 80_000, 0, 200_000
		]);

		// frozen while the lender looks at it: no patch, no second submit, from any phone
		expect(
			await pushOne(device, 'financing.patch', { id, fields: { amount: 30_000_000 } }, seller.spaceId)
		).toEqual({
			id: expect.any(Number),
			status: 'rejected',
			code: 'conflict',
			message: 'Pengajuan ini sudah dikirim, jadi tidak bisa diubah lagi'
		});
		expect(await pushOne(device, 'financing.submit', { id }, seller.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
		expect((await application(id, device)).fields.amount).toBe(25_000_000);
	});

	it("keeps one seller out of another's application and documents", async () => {
		const { id, ktp } = await submittedApplication(phone, sari.spaceId);
		const budiPhone = new Device(budi.api);

		// reading: a pull naming Sari's space is refused whole; Budi's own pull never carries her application
		const named = await budiPhone.pull({ [sari.spaceId]: 0 });
		expect(named.status).toBe(403);
		expect(named.body.error.code).toBe('forbidden');
		expect((await pullApplications(budiPhone)).has(id)).toBe(false);
		// her documents
		const url = `/api/documents/${ktp.hash}?space=${sari.spaceId}`;
		const asBudi = await budi.api.get(url);
		expect(asBudi.status).toBe(403);
		expect(asBudi.body.error.code).toBe('forbidden');
		expect((await new ApiClient(context.server.url).get(url)).status).toBe(401);
		expect((await uploadDocument(budi.api, sari.spaceId, documentPhoto())).status).toBe(403);
		// while Sari reads her own, privately
		const own = await fetch(context.server.url + url, { headers: { cookie: `session=${sari.api.cookie}` } });
		expect(own.status).toBe(200);
		expect(own.headers.get('cache-control')).toBe('private, no-store');
		expect(own.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await own.arrayBuffer()).equals(ktp.bytes)).toBe(true);
		// and an unknown document of her space is 404, not a file from somewhere else
		expect((await sari.api.get(`/api/documents/${'0'.repeat(64)}?space=${sari.spaceId}`)).status).toBe(404);

		// writing: her space is not his; her application's id in his own space is another's record
		expect(
			await pushOne(budiPhone, 'financing.patch', { id, fields: { amount: 1 } }, sari.spaceId)
		).toMatchObject({ status: 'rejected', code: 'forbidden' });
		expect(
			await pushOne(budiPhone, 'financing.patch', { id, fields: { amount: 1 } }, budi.spaceId)
		).toMatchObject({
			status: 'rejected',
			code: 'conflict',
			message: 'Pengajuan ini sudah ada di usaha lain'
		});
		expect(await pushOne(budiPhone, 'financing.submit', { id }, budi.spaceId)).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
		expect((await application(id)).fields.amount).toBe(25_000_000);
	});

	it('lets a lender change nothing through sync and see no draft documents', async () => {
		const api = new ApiClient(context.server.url);
		expect((await api.post('/api/auth/login', { phone: lenderPhone, pin: '123456' })).status).toBe(200);
		const device = new Device(api);
		const { id } = await submittedApplication(phone, sari.spaceId);
		for (const [mutation, args] of [
			['financing.patch', { id, fields: { amount: 100_000_000 } }],
			['financing.submit', { id }],
			['financing.patch', { id: uuidv7(), fields: { amount: 1 } }]
		] as const) {
			expect(await pushOne(device, mutation, args, sari.spaceId)).toMatchObject({
				status: 'rejected',
				code: 'forbidden'
			});
		}
		// a lender syncs no space at all, and cannot name one
		expect((await device.pull()).body.spaces).toEqual({});
		expect((await device.pull({ [sari.spaceId]: 0 })).status).toBe(403);
		expect((await uploadDocument(api, sari.spaceId, documentPhoto())).status).toBe(403);

		// a draft's documents are the seller's alone, even uploaded
		const draftKtp = documentPhoto();
		expect((await uploadDocument(sari.api, sari.spaceId, draftKtp)).status).toBe(201);
		const draftId = uuidv7();
		expect(
			await pushOne(phone, 'financing.patch', {
				id: draftId,
				fields: completeFields({ ktp: draftKtp.hash, business: draftKtp.hash })
			})
		).toMatchObject({ status: 'applied' });
		const refused = await lenderFetch(`/api/documents/${draftKtp.hash}?space=${sari.spaceId}`);
		expect(refused.status).toBe(403);
		expect(await documentViews(draftKtp.hash)).toEqual([]);
		// nor does the portal show a draft
		expect((await lender.get(`/portal/pembiayaan/${draftId}`)).status).toBe(404);
		expect((await application(id)).fields.amount).toBe(25_000_000);
	});

	it('records every view of a document by a lender, and not the seller’s own', async () => {
		const { id, ktp, business } = await submittedApplication(phone, sari.spaceId);
		const url = `/api/documents/${ktp.hash}?space=${sari.spaceId}`;
		const first = await lenderFetch(url);
		expect(first.status).toBe(200);
		expect(first.headers.get('cache-control')).toBe('private, no-store');
		expect(Buffer.from(await first.arrayBuffer()).equals(ktp.bytes)).toBe(true);
		expect((await lenderFetch(url)).status).toBe(200);
		expect((await sari.api.get(url)).status).toBe(200);

		const views = await documentViews(ktp.hash);
		expect(views).toHaveLength(2);
		const lenderRow = await withDatabase(context.database, (db) =>
			db.selectFrom('users').select('id').where('role', '=', 'lender').executeTakeFirstOrThrow()
		);
		for (const view of views) {
			expect(view).toMatchObject({ space_id: sari.spaceId, application_id: id, viewer_id: lenderRow.id });
			expect(view.at).toMatch(ISO);
		}
		expect(await documentViews(business.hash)).toEqual([]);

		// the detail page shows who looked
		const page = await lender.get(`/portal/pembiayaan/${id}`);
		expect(textOf(page.html)).toContain('Riwayat dokumen dibuka (2 terakhir)');
	});

	it("brings the lender's decisions from the portal to the seller's phone; Perlu perbaikan opens the draft again", async () => {
		const { id } = await submittedApplication(phone, sari.spaceId);

		// the list: the application with its NIK masked, and never the full NIK
		const list = await lender.get('/portal/pembiayaan?status=submitted');
		expect(list.status).toBe(200);
		expect(list.headers.get('cache-control')).toBe('private, no-store');
		expect(list.html).toContain(`/portal/pembiayaan/${id}`);
		expect(list.html).toContain(NIK_MASKED);
		expect(list.html).not.toContain(NIK);
		expect(textOf(list.html)).toContain('Diajukan');
		expect(textOf(list.html)).toContain('Rp25.000.000');
		// filters: region from the NIK (Jawa Barat, 32), the KUR product
		expect((await lender.get('/portal/pembiayaan?wilayah=32&produk=mikro')).html).toContain(id);
		expect((await lender.get('/portal/pembiayaan?wilayah=31')).html).not.toContain(id);
		expect((await lender.get('/portal/pembiayaan?produk=kecil')).html).not.toContain(id);

		// the detail: the full NIK behind a click, the sales record, the documents through the private endpoint
		const detail = await lender.get(`/portal/pembiayaan/${id}`);
		expect(detail.status).toBe(200);
		expect(detail.html).toContain(NIK);
		expect(detail.html).toMatch(/<details[^>]*>\s*<summary[^>]*>Tampilkan NIK lengkap<\/summary>/);
		expect(detail.html).toContain(`/api/documents/`);
		expect(detail.html).not.toContain('/api/photos/');
		expect(detail.html).not.toMatch(/<script/);
		expect(textOf(detail.html)).toContain('Cicilan per bulan');

		// with Server-Sent Events open, the seller's phone hears of the decision at once
		const events = await openEvents(sari.api);
		try {
			// returning for revision needs a note
			const noNote = await lender.submit(`/portal/pembiayaan/${id}?/perbaiki`, { note: '  ' });
			expect(noNote.status).toBe(400);
			expect(textOf(noNote.html)).toContain('Tulis catatan untuk penjual');
			const note = 'Foto KTP buram, mohon difoto ulang di tempat terang.';
			const returned = await lender.submit(`/portal/pembiayaan/${id}?/perbaiki`, { note });
			expect(returned.status).toBe(303);
			expect(returned.location).toBe(`/portal/pembiayaan/${id}?keputusan=needs_revision`);
			let poke = await events.next(5000);
			while (poke && poke.event !== 'poke') poke = await events.next(5000);
			expect(JSON.parse(poke!.data)).toMatchObject({ space: sari.spaceId });
		} finally {
			events.close();
		}

		const returned = await application(id);
		expect(returned.status).toBe('needs_revision');
		expect(returned.decisions).toEqual([
			{
				status: 'needs_revision',
				note: 'Foto KTP buram, mohon difoto ulang di tempat terang.',
				by: { id: expect.any(String), name: 'Bank Desa Sejahtera' },
				at: expect.stringMatching(ISO)
			}
		]);
		// a decision needs an open application: this one waits for the seller
		expect((await lender.submit(`/portal/pembiayaan/${id}?/setujui`, { note: '' })).status).toBe(409);

		// the seller fixes it and sends it again
		const newKtp = documentPhoto();
		expect((await uploadDocument(sari.api, sari.spaceId, newKtp)).status).toBe(201);
		expect(
			await pushOne(secondPhone, 'financing.patch', { id, fields: { ktpPhoto: newKtp.hash } })
		).toMatchObject({
			status: 'applied'
		});
		expect(await pushOne(secondPhone, 'financing.submit', { id })).toMatchObject({ status: 'applied' });
		expect((await application(id)).status).toBe('submitted');

		const review = await lender.submit(`/portal/pembiayaan/${id}?/tinjau`, { note: '' });
		expect(review.location).toBe(`/portal/pembiayaan/${id}?keputusan=in_review`);
		const approved = await lender.submit(`/portal/pembiayaan/${id}?/setujui`, {
			note: 'Silakan datang ke kantor kami hari Senin.'
		});
		expect(approved.location).toBe(`/portal/pembiayaan/${id}?keputusan=approved`);
		const shown = await lender.get(approved.location!);
		expect(textOf(shown.html)).toContain('Tersimpan: pengajuan disetujui');

		const decided = await application(id);
		expect(decided.status).toBe('approved');
		expect(decided.decisions.map((decision) => [decision.status, decision.note])).toEqual([
			['needs_revision', 'Foto KTP buram, mohon difoto ulang di tempat terang.'],
			['in_review', null],
			['approved', 'Silakan datang ke kantor kami hari Senin.']
		]);
		// the seller sees who changed it last: the lender
		expect(decided.changedBy).toEqual({
			id: expect.any(String),
			name: 'Bank Desa Sejahtera',
			role: 'lender'
		});
		// decided stays decided, and the seller cannot reopen it
		expect((await lender.submit(`/portal/pembiayaan/${id}?/tolak`, { note: 'Salah klik' })).status).toBe(409);
		expect(await pushOne(phone, 'financing.patch', { id, fields: { amount: 1_000_000 } })).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
		expect((await application(id)).status).toBe('approved');
	});

	it('keeps sellers out of the portal and its decisions', async () => {
		const { id } = await submittedApplication(phone, sari.spaceId);
		const seller = new PortalBrowser(context.server.url);
		// the seller's own phone and PIN get a plain word, and no session
		const login = await seller.login(sari.phone, sari.pin);
		expect(login.status).toBe(403);
		expect(textOf(login.html)).toContain('Akun ini bukan akun pemberi pembiayaan atau admin');
		expect(seller.cookie).toBeNull();
		// with the app's session cookie, every portal page and action is refused
		seller.cookie = sari.api.cookie;
		expect((await seller.get('/portal/pembiayaan')).status).toBe(403);
		expect((await seller.get(`/portal/pembiayaan/${id}`)).status).toBe(403);
		expect((await seller.submit(`/portal/pembiayaan/${id}?/setujui`, { note: '' })).status).toBe(403);
		expect((await seller.get('/portal/admin')).status).toBe(403);
		// without a session: to the login, coming back afterwards
		const anonymous = await new PortalBrowser(context.server.url).get(`/portal/pembiayaan/${id}`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.location).toBe(`/portal/masuk?ke=${encodeURIComponent(`/portal/pembiayaan/${id}`)}`);
		const form = await new PortalBrowser(context.server.url).get(anonymous.location!);
		expect(form.html).toContain(`action="?/masuk&amp;ke=${encodeURIComponent(`/portal/pembiayaan/${id}`)}"`);
		const back = await new PortalBrowser(context.server.url).login(
			lenderPhone,
			'123456',
			`/portal/pembiayaan/${id}`
		);
		expect(back.location).toBe(`/portal/pembiayaan/${id}`);
		// but never away from the portal
		const away = await new PortalBrowser(context.server.url).login(
			lenderPhone,
			'123456',
			'//penipu.example/x'
		);
		expect(away.location).toBe('/portal/pembiayaan');
		expect((await application(id)).status).toBe('submitted');
		// a wrong PIN is the same answer as an unknown phone
		const wrong = await new PortalBrowser(context.server.url).login(lenderPhone, '000000');
		expect(wrong.status).toBe(401);
		expect(textOf(wrong.html)).toContain('Nomor HP atau PIN salah');
	});

	it('checks uploaded documents like photos: hash, type, size, space', async () => {
		const good = documentPhoto();
		const wrongHash = { ...good, hash: sha256(Buffer.from('something else')) };
		expect((await uploadDocument(sari.api, sari.spaceId, wrongHash)).body.error.code).toBe(
			'photo_hash_mismatch'
		);
		expect(
			(await uploadDocument(sari.api, sari.spaceId, { ...good, type: 'image/jpeg' })).body.error.code
		).toBe('photo_type');
		const gif = Buffer.from('GIF89a-----------------');
		expect(
			(await uploadDocument(sari.api, sari.spaceId, { bytes: gif, hash: sha256(gif), type: 'image/gif' }))
				.status
		).toBe(400);
		const big = jpegLike(2 * 1024 * 1024 + 1);
		const tooBig = await uploadDocument(sari.api, sari.spaceId, {
			bytes: big,
			hash: sha256(big),
			type: 'image/jpeg'
		});
		expect(tooBig.status).toBe(413);
		expect(tooBig.body.error.code).toBe('photo_too_large');
		expect((await uploadDocument(sari.api, 'not-a-space', good)).body.error.code).toBe('space_required');
		expect((await uploadDocument(sari.api, sari.spaceId, good, '&kind=passport')).body.error.code).toBe(
			'document_kind'
		);
		expect((await uploadDocument(sari.api, sari.spaceId, good, '&kind=ktp')).status).toBe(201);
	});

	it('makes accounts with the admin command line: a lender who can log in, refusals that exit non-zero', async () => {
		const phoneNumber = newPhone();
		const made = await runAdmin(
			context.database,
			[
				'create-user',
				'--role',
				'lender',
				'--name',
				'Koperasi Maju',
				'--phone',
				phoneNumber,
				'--pin',
				'654321'
			],
			{ npm: true }
		);
		expect(made.code, made.stderr).toBe(0);
		expect(made.stdout).toContain('Akun pemberi pembiayaan dibuat: Koperasi Maju');
		expect(made.stdout).toContain('New lender account: Koperasi Maju');
		expect(made.stdout).not.toContain('654321');
		const portal = new PortalBrowser(context.server.url);
		const login = await portal.login(phoneNumber, '654321');
		expect(login.status).toBe(303);
		expect(login.location).toBe('/portal/pembiayaan');
		expect((await portal.get('/portal')).location).toBe('/portal/pembiayaan');
		expect(textOf((await portal.get('/portal/pembiayaan')).html)).toContain('Koperasi Maju');
		// the PIN is stored like every other, as a slow salted hash
		const stored = await withDatabase(context.database, (db) =>
			db
				.selectFrom('users')
				.select(['role', 'pin_hash'])
				.where('phone', '=', `+62${phoneNumber.slice(1)}`)
				.executeTakeFirstOrThrow()
		);
		expect(stored.role).toBe('lender');
		expect(stored.pin_hash).toMatch(/^scrypt\$/);

		for (const [args, message] of [
			[['--phone', phoneNumber, '--pin', '111111'], 'Nomor HP ini sudah terdaftar'],
			[['--phone', '12345', '--pin', '111111'], 'Nomor HP tidak valid'],
			[['--phone', newPhone(), '--pin', '12ab'], 'PIN harus 6 angka']
		] as const) {
			const refused = await runAdmin(context.database, [
				'create-user',
				'--role',
				'lender',
				'--name',
				'X',
				...args
			]);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain(message);
		}
		expect(
			(
				await runAdmin(context.database, [
					'create-user',
					'--role',
					'boss',
					'--name',
					'X',
					'--phone',
					newPhone(),
					'--pin',
					'111111'
				])
			).code
		).toBe(1);
		expect((await runAdmin(context.database, ['delete-everything'])).code).toBe(2);
	});

	it('gives an admin the programme figures and a form to create lender and facilitator accounts', async () => {
		const adminPhone = newPhone();
		await createAccount(context.database, 'admin', 'Admin Program', adminPhone);
		const admin = new PortalBrowser(context.server.url);
		expect((await admin.login(adminPhone, '123456')).location).toBe('/portal/admin');
		const page = await admin.get('/portal/admin');
		expect(page.status).toBe(200);
		const text = textOf(page.html);
		const sellers = await withDatabase(context.database, (db) =>
			db.selectFrom('users').select('id').where('role', '=', 'seller').execute()
		);
		expect(text).toContain(`Penjual ${sellers.length}`);
		expect(text).toContain('Pengajuan pembiayaan per status');
		// personal data stays with the lender
		expect((await admin.get('/portal/pembiayaan')).status).toBe(403);

		const facilitatorPhone = newPhone();
		const created = await admin.submit('/portal/admin?/akun', {
			role: 'facilitator',
			name: 'Pendamping Rina',
			phone: facilitatorPhone,
			pin: '246810'
		});
		expect(created.status).toBe(303);
		expect(textOf((await admin.get(created.location!)).html)).toContain('Akun pendamping sudah dibuat.');
		const facilitator = new ApiClient(context.server.url);
		const login = await facilitator.post('/api/auth/login', { phone: facilitatorPhone, pin: '246810' });
		expect(login.status).toBe(200);
		expect(login.body.user).toMatchObject({ name: 'Pendamping Rina', role: 'facilitator' });

		const duplicate = await admin.submit('/portal/admin?/akun', {
			role: 'lender',
			name: 'Lagi',
			phone: facilitatorPhone,
			pin: '246810'
		});
		expect(duplicate.status).toBe(409);
		expect(textOf(duplicate.html)).toContain('Nomor HP ini sudah terdaftar');
		// only lenders and facilitators from the form
		expect(
			(
				await admin.submit('/portal/admin?/akun', {
					role: 'admin',
					name: 'X',
					phone: newPhone(),
					pin: '246810'
				})
			).status
		).toBe(400);
		// and only an admin may use it
		expect(
			(
				await lender.submit('/portal/admin?/akun', {
					role: 'lender',
					name: 'X',
					phone: newPhone(),
					pin: '246810'
				})
			).status
		).toBe(403);
	});
});
