import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import { normalizePhone } from '../../src/lib/domain/phone';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { applyBuyerStep } from '../../src/lib/server/procurement/buyer-steps';
import { createAccount, runAdmin } from '../helpers/admin';
import { Device, newPhone, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import {
	addMemberCommand,
	adminCommand,
	createOrganisationCommand,
	submitEntries
} from '../helpers/pengadaan';
import { PortalBrowser, type PortalAnswer } from '../helpers/portal';
import { backends, useTestServer } from '../helpers/server';
import { textOf } from '../helpers/storefront';

const PIN = '246810';

/**
 * The buying organisation's portal over HTTP, on each database: its people made with the admin command line
 * (organisations.ts), the seller's steps pushed by a phone, every buyer step a plain form action, as a
 * browser without JavaScript sends it. The request for quotation itself is made as the search helper's
 * "Minta penawaran" page makes it (applyBuyerStep), not through a page of this part.
 */
describe.each(backends)('the buyer portal on $name', ({ name }) => {
	const context = useTestServer(name);
	let db: Kysely<Database>;
	let sari: Seller;
	let phone: Device;
	const today = jakartaDay(new Date().toISOString());
	const people = {
		wati: { name: 'Wati', phone: newPhone(), pin: PIN },
		dewi: { name: 'Dewi', phone: newPhone(), pin: PIN },
		bambang: { name: 'Bambang', phone: newPhone(), pin: PIN },
		rudi: { name: 'Rudi', phone: newPhone(), pin: PIN },
		yono: { name: 'Yono', phone: newPhone(), pin: PIN }
	};
	const portal = {} as Record<keyof typeof people | 'admin', PortalBrowser>;
	let productId: string;
	let request: Procurement;

	async function loggedIn(phoneNumber: string, pin = PIN): Promise<PortalBrowser> {
		const browser = new PortalBrowser(context.server.url);
		const answer = await browser.login(phoneNumber, pin);
		expect(answer.status, answer.html).toBe(303);
		return browser;
	}

	async function push(mutations: [string, unknown][]): Promise<MutationResult[]> {
		const answer = await phone.push(
			mutations.map(([mutation, args]) => phone.mutation(mutation, sari.spaceId, args))
		);
		expect(answer.status).toBe(200);
		return answer.body.results;
	}

	async function user(phoneNumber: string): Promise<User> {
		return db
			.selectFrom('users')
			.select(['id', 'name', 'phone', 'role'])
			.where('phone', '=', normalizePhone(phoneNumber)!)
			.executeTakeFirstOrThrow();
	}

	const page = (id = request.id) => `/portal/pengadaan/permintaan/${id}`;
	const text = (answer: PortalAnswer) => textOf(answer.html);
	/** A step refused: its status, and the Indonesian message on the page it answers with. */
	function expectRefused(answer: PortalAnswer, status: number, words: string) {
		expect(answer.status).toBe(status);
		expect(text(answer)).toContain(words);
	}

	beforeAll(async () => {
		db = openDatabase(context.database);
		await createOrganisationCommand(context.database, 'PT Kereta Api Indonesia', 'PTKAI');
		await createOrganisationCommand(context.database, 'Dinas Koperasi Sleman', 'DKSLM');
		await addMemberCommand(context.database, 'PTKAI', people.wati, ['pemesan']);
		await addMemberCommand(context.database, 'PTKAI', people.dewi, ['pemesan', 'penyetuju']);
		await addMemberCommand(context.database, 'PTKAI', people.bambang, ['penyetuju']);
		await addMemberCommand(context.database, 'PTKAI', people.rudi, ['keuangan']);
		await addMemberCommand(context.database, 'DKSLM', people.yono, ['pemesan', 'keuangan', 'admin']);
		for (const key of Object.keys(people) as (keyof typeof people)[]) {
			portal[key] = await loggedIn(people[key].phone);
		}
		const adminPhone = newPhone();
		await createAccount(context.database, 'admin', 'Admin Program', adminPhone, PIN);
		portal.admin = await loggedIn(adminPhone);

		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		phone = new Device(sari.api);
		productId = uuidv7();
		expect(
			await push([
				[
					'product.put',
					{ ...productArgs({ id: productId, name: 'Keripik singkong 250 g', price: 12_000 }), stock: 500 }
				],
				['supplier.put', { acceptsInstitutional: true }],
				[
					'supplier.put',
					{
						nib: '1234567890123',
						npwp: '01.234.567.8-912.000',
						nitku: '0012345678912000000000',
						pkp: true,
						bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Sari Wulandari' }
					}
				]
			])
		).toMatchObject([{ status: 'applied' }, { status: 'applied' }, { status: 'applied' }]);
		// the "Minta penawaran" page's step (another part of the portal), taken the way it takes it
		const input = {
			id: uuidv7(),
			items: [
				{ productId, qty: 100 },
				{ name: 'Kardus kemasan', unit: 'pcs', qty: 10 }
			],
			neededBy: addDays(today, 14),
			deliveryAddress: 'Stasiun Tugu, Yogyakarta'
		};
		const pemesan = await user(people.wati.phone);
		({ procurement: request } = await db.transaction().execute((trx) =>
			applyBuyerStep(trx, { now: new Date().toISOString() }, pemesan, {
				kind: 'request',
				spaceId: sari.spaceId,
				input
			})
		));
	});
	afterAll(() => db?.destroy());

	it('takes a request from quotation to paid invoice through the forms of each role, refusing in words', async () => {
		const [chips, boxes] = request.lines;
		// the buyer home lists it under its stage; the page of the request shows it
		expect(text(await portal.wati.get('/portal/pengadaan'))).toMatch(
			/Permintaan penawaran \(1\).*Warung Sari/
		);
		// no quotation yet: nothing to submit
		expectRefused(
			await portal.wati.submit(`${page()}?/ajukan`, { tempo: '30' }),
			409,
			'Pesanan ini sudah berubah'
		);
		expect(
			await push([
				[
					'procurement.quote',
					{
						id: request.id,
						prices: [
							{ lineId: chips.id, price: 11_000 },
							{ lineId: boxes.id, price: 2_500 }
						],
						deliveryDate: addDays(today, 7),
						validUntil: addDays(today, 10)
					}
				]
			])
		).toMatchObject([{ status: 'applied' }]);
		const quotedPage = await portal.wati.get(page());
		expect(quotedPage.status).toBe(200);
		expect(text(quotedPage)).toContain('Rp1.125.000'); // 100 × 11.000 + 10 × 2.500
		expect(text(await portal.wati.get('/portal/pengadaan'))).toMatch(/Penawaran masuk \(1\).*Warung Sari/);

		// another organisation does not even find it: 404 on the page and on every form
		expect((await portal.yono.get(page())).status).toBe(404);
		expect((await portal.yono.submit(`${page()}?/ajukan`, { tempo: '30' })).status).toBe(404);
		expect(text(await portal.yono.get('/portal/pengadaan'))).not.toContain('Warung Sari');

		// Dewi sends the purchase request, so she may not approve it; Wati is no penyetuju
		// (buyer-steps.ts keeps only `err.*` keys of a schema's problems, so the words are the general ones)
		const badTempo = await portal.dewi.submit(`${page()}?/ajukan`, { tempo: '45' });
		expect(badTempo.status).toBe(400);
		expect(text(badTempo)).toMatch(/Pilih tempo|Isian tidak valid/);
		expect(
			(await portal.dewi.submit(`${page()}?/ajukan`, { tempo: '30', note: 'Untuk stasiun' })).status
		).toBe(303);
		const ownPage = await portal.dewi.get(page());
		expect(text(ownPage)).toContain('penyetuju lain yang memutuskan');
		expect(ownPage.html).not.toContain('?/putuskan');
		expectRefused(
			await portal.dewi.submit(`${page()}?/putuskan`, { decision: 'approve' }),
			403,
			'tidak boleh menyetujuinya sendiri'
		);
		expectRefused(
			await portal.wati.submit(`${page()}?/putuskan`, { decision: 'approve' }),
			403,
			'Langkah ini untuk penyetuju instansi'
		);
		// Bambang returns it for revision (a note is needed), Wati sends it again, Bambang approves
		expectRefused(
			await portal.bambang.submit(`${page()}?/putuskan`, { decision: 'revise', note: '' }),
			400,
			'atatan'
		);
		expect(
			(await portal.bambang.submit(`${page()}?/putuskan`, { decision: 'revise', note: 'Tempo 60 hari' }))
				.status
		).toBe(303);
		expect(text(await portal.wati.get(page()))).toContain('Catatan penyetuju: Tempo 60 hari');
		expect((await portal.wati.submit(`${page()}?/ajukan_ulang`, { tempo: '60' })).status).toBe(303);
		const approved = await portal.bambang.submit(`${page()}?/putuskan`, { decision: 'approve' });
		expect(approved.status).toBe(303);
		const orderPage = await portal.bambang.get(approved.location!);
		const year = today.slice(0, 4);
		expect(text(orderPage)).toContain(`SP/PTKAI/${year}/00001`);
		expect(text(orderPage)).toContain('60 hari');
		expect(orderPage.html).toContain(`href="/portal/dokumen/${request.id}"`);
		// cancelling is over once the Surat Pesanan is out
		expectRefused(await portal.wati.submit(`${page()}?/batalkan`, {}), 409, 'Pesanan ini sudah berubah');

		// the seller accepts and ships 60 chips and the boxes; the pemesan's BAST counts 55 chips
		const delivery = uuidv7();
		expect(
			await push([
				['procurement.acceptOrder', { id: request.id }],
				[
					'procurement.ship',
					{
						id: request.id,
						deliveryId: delivery,
						method: 'courier',
						courier: 'JNE',
						tracking: 'JNE123',
						items: [
							{ lineId: chips.id, qty: 60 },
							{ lineId: boxes.id, qty: 10 }
						]
					}
				]
			])
		).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
		const bast = {
			delivery,
			receivedOn: today,
			[`qty_${chips.id}`]: '55',
			[`qty_${boxes.id}`]: '10',
			receiverName: 'Wati',
			receiverPosition: 'Staf Pengadaan'
		};
		expectRefused(
			await portal.wati.submit(`${page()}?/terima`, { ...bast, [`qty_${chips.id}`]: '61' }),
			400,
			'lebih banyak dari yang dikirim'
		);
		expectRefused(
			await portal.wati.submit(`${page()}?/terima`, { ...bast, receivedOn: addDays(today, 1) }),
			400,
			'tidak boleh lewat dari hari ini'
		);
		expectRefused(
			await portal.rudi.submit(`${page()}?/terima`, bast),
			403,
			'Langkah ini untuk pemesan instansi'
		);
		expect((await portal.yono.submit(`${page()}?/terima`, bast)).status).toBe(404);
		expect((await portal.wati.submit(`${page()}?/terima`, bast)).status).toBe(303);
		const received = await portal.wati.get(page());
		expect(text(received)).toContain(`BAST/PTKAI/${year}/00001`);
		expect(text(received)).toContain('Staf Pengadaan');
		expect(received.html).toContain(`href="/portal/dokumen/${delivery}"`);
		expectRefused(
			await portal.wati.submit(`${page()}?/terima`, bast),
			409,
			'BAST untuk pengiriman ini sudah dibuat'
		);

		// the seller invoices what arrived; keuangan sees it by due date and pays it once
		const invoiceId = uuidv7();
		expect(
			await push([
				[
					'procurement.invoice',
					{
						id: request.id,
						invoiceId,
						items: [
							{ lineId: chips.id, qty: 55 },
							{ lineId: boxes.id, qty: 10 }
						]
					}
				]
			])
		).toMatchObject([{ status: 'applied' }]);
		expect(text(await portal.wati.get('/portal/pengadaan'))).toMatch(
			/Tagihan \(1\).*Warung Sari.*Jatuh tempo/
		);
		expect((await portal.wati.get('/portal/pengadaan/tagihan')).status).toBe(403);
		const invoices = await portal.rudi.get('/portal/pengadaan/tagihan');
		expect(invoices.status).toBe(200);
		// 55 × 11.000 + 10 × 2.500 = 630.000; + PPN 11 % 69.300 − PPh 22 1,5 % 9.450 = 689.850
		expect(text(invoices)).toMatch(/TGH\/WARUNGSA\/\d{4}\/00001.*Warung Sari.*Rp689\.850/);
		expect(text(invoices)).toContain(`Jatuh tempo ${formatDay(addDays(today, 60))}`);
		expect(text(await portal.yono.get('/portal/pengadaan/tagihan'))).toContain('Tidak ada tagihan');
		const payment = { invoice: invoiceId, reference: 'TRF-0001', paidOn: today };
		expectRefused(await portal.wati.submit(`${page()}?/bayar`, payment), 403, 'bagian keuangan');
		const noReference = await portal.rudi.submit(`${page()}?/bayar`, { ...payment, reference: ' ' });
		expect(noReference.status).toBe(400);
		expect(text(noReference)).toMatch(/bukti transfer wajib|Isian tidak valid/);
		expect((await portal.rudi.submit(`${page()}?/bayar`, payment)).status).toBe(303);
		expectRefused(
			await portal.rudi.submit(`${page()}?/bayar`, { ...payment, reference: 'TRF-0002' }),
			409,
			'Tagihan ini sudah tercatat lunas'
		);
		const paidPage = await portal.rudi.get(page());
		expect(text(paidPage)).toContain('bukti transfer TRF-0001');
		expect(text(paidPage)).toMatch(/Membayar tagihan · Rudi \(Keuangan\)/);
		expect(text(await portal.rudi.get('/portal/pengadaan/tagihan'))).toContain('Tidak ada tagihan');
		// the history says who did what, in order
		expect(text(paidPage)).toMatch(
			/Minta penawaran · Wati.*Memberi penawaran · Sari.*Mengajukan permintaan pembelian · Dewi.*Perlu revisi · Bambang.*Mengajukan ulang · Wati.*Setuju · Bambang.*Membuat BAST · Wati.*Mengirim tagihan · Sari.*Membayar tagihan · Rudi/
		);
	});

	it("lets an organisation's admin add and take its own people only", async () => {
		expect((await portal.wati.get('/portal/pengadaan/orang')).status).toBe(403);
		const own = await portal.yono.get('/portal/pengadaan/orang');
		expect(own.status).toBe(200);
		expect(text(own)).toContain('Yono');
		expect(text(own)).not.toContain('Wati');
		const sri = { name: 'Sri', phone: newPhone() };
		const added = await submitEntries(portal.yono, '/portal/pengadaan/orang?/tambah', [
			['name', sri.name],
			['phone', sri.phone],
			['pin', '135790'],
			['roles', 'pemesan'],
			['roles', 'penyetuju']
		]);
		expect(added.status).toBe(303);
		const listed = text(await portal.yono.get(added.location!));
		expect(listed).toContain('Cabut peran Pemesan dari Sri');
		expect(listed).toContain('Cabut peran Penyetuju dari Sri');
		const browser = await loggedIn(sri.phone, '135790');
		expect(text(await browser.get('/portal/pengadaan'))).toContain('Dinas Koperasi Sleman');
		// PT KAI's people are not his: Wati cannot be added to his organisation, nor her roles taken
		expectRefused(
			await submitEntries(portal.yono, '/portal/pengadaan/orang?/tambah', [
				['name', 'Wati'],
				['phone', people.wati.phone],
				['roles', 'pemesan']
			]),
			409,
			'sudah terdaftar di instansi lain'
		);
		const wati = await user(people.wati.phone);
		expectRefused(
			await portal.yono.submit('/portal/pengadaan/orang?/cabut', { user: wati.id, role: 'pemesan' }),
			404,
			'tidak punya peran itu'
		);
		expectRefused(
			await submitEntries(portal.yono, '/portal/pengadaan/orang?/tambah', [
				['name', 'Tanpa Peran'],
				['phone', newPhone()],
				['pin', '135790']
			]),
			400,
			'Pilih paling sedikit satu peran'
		);
		// his own admin role stays; another's role goes
		const yono = await user(people.yono.phone);
		expectRefused(
			await portal.yono.submit('/portal/pengadaan/orang?/cabut', { user: yono.id, role: 'admin' }),
			403,
			'peran admin Anda sendiri'
		);
		const sriUser = await user(sri.phone);
		expect(
			(await portal.yono.submit('/portal/pengadaan/orang?/cabut', { user: sriUser.id, role: 'penyetuju' }))
				.status
		).toBe(303);
		const after = text(await portal.yono.get('/portal/pengadaan/orang'));
		expect(after).toContain('Cabut peran Pemesan dari Sri');
		expect(after).not.toContain('Cabut peran Penyetuju dari Sri');
	});

	it('lets the admin make organisations, their people and monitor accounts in the portal', async () => {
		expect((await portal.wati.get('/portal/admin')).status).toBe(403);
		const home = text(await portal.admin.get('/portal/admin'));
		expect(home).toMatch(/Instansi pembeli.*Dinas Koperasi Sleman.*PT Kereta Api Indonesia/);
		const fields = {
			name: 'Kementerian Koperasi dan UKM',
			kind: 'kementerian',
			npwp: '00.123.456.7-012.000',
			address: 'Jl. H.R. Rasuna Said Kav. 3-4, Jakarta',
			code: 'kemenkop'
		};
		expectRefused(
			await portal.admin.submit('/portal/admin?/instansi', { ...fields, npwp: '123' }),
			400,
			'NPWP instansi harus'
		);
		expectRefused(
			await portal.admin.submit('/portal/admin?/instansi', { ...fields, code: 'PTKAI' }),
			409,
			'Kode ini sudah dipakai'
		);
		const created = await portal.admin.submit('/portal/admin?/instansi', fields);
		expect(created.status).toBe(303);
		const orgPage = await portal.admin.get(created.location!);
		expect(text(orgPage)).toMatch(/Kementerian Koperasi dan UKM.*KEMENKOP.*0001234567012000/);
		const path = created.location!.split('?')[0];
		const budi = { name: 'Budi', phone: newPhone() };
		expect(
			(
				await submitEntries(portal.admin, `${path}?/tambah`, [
					['name', budi.name],
					['phone', budi.phone],
					['pin', '135790'],
					['roles', 'admin'],
					['roles', 'keuangan']
				])
			).status
		).toBe(303);
		const budiPortal = await loggedIn(budi.phone, '135790');
		expect((await budiPortal.get('/portal/pengadaan/orang')).status).toBe(200);
		expect((await budiPortal.get('/portal/pengadaan/tagihan')).status).toBe(200);
		expect((await portal.yono.get(path)).status).toBe(403);

		const monitorPhone = newPhone();
		const monitor = await portal.admin.submit('/portal/admin?/pemantau', {
			name: 'Pemantau Program',
			phone: monitorPhone,
			pin: '135790'
		});
		expect(monitor.status).toBe(303);
		expect(text(await portal.admin.get(monitor.location!))).toContain('Akun pemantau sudah dibuat');
		const monitorBrowser = new PortalBrowser(context.server.url);
		expect((await monitorBrowser.login(monitorPhone, '135790')).location).toBe('/portal/pantauan');
		expectRefused(
			await portal.admin.submit('/portal/admin?/pemantau', {
				name: 'Lain',
				phone: monitorPhone,
				pin: '135790'
			}),
			409,
			'sudah terdaftar'
		);
	});

	it('manages organisations and people on the command line, refusals exiting 1 (2 for a missing option)', async () => {
		const listed = await adminCommand(context.database, ['list-organisations']);
		expect(listed).toMatch(/\tPTKAI\tbumn\tPT Kereta Api Indonesia\t4\n/);
		const members = await adminCommand(context.database, ['list-members', '--organisation', 'ptkai']);
		expect(members).toContain(`${normalizePhone(people.dewi.phone)}\tDewi\tpemesan,penyetuju`);
		const removed = await adminCommand(context.database, [
			'remove-role',
			'--organisation',
			'PTKAI',
			'--phone',
			people.dewi.phone,
			'--role',
			'pemesan'
		]);
		expect(removed).toContain('Dewi');
		expect(removed).toContain('Penyetuju');
		const monitor = await adminCommand(context.database, [
			'create-user',
			'--role',
			'monitor',
			'--name',
			'Pemantau Daerah',
			'--phone',
			newPhone(),
			'--pin',
			'135790'
		]);
		expect(monitor).toContain('pemantau program');
		for (const [args, code, message] of [
			[
				[
					'create-organisation',
					'--name',
					'PT Lain',
					'--kind',
					'bumn',
					'--npwp',
					'01.234.567.8-912.000',
					'--address',
					'Jakarta',
					'--code',
					'PTKAI'
				],
				1,
				'Kode ini sudah dipakai'
			],
			[
				[
					'create-organisation',
					'--name',
					'PT Lain',
					'--kind',
					'swasta',
					'--npwp',
					'01.234.567.8-912.000',
					'--address',
					'Jakarta',
					'--code',
					'PTLAIN'
				],
				1,
				'Pilih jenis instansi'
			],
			[['create-organisation', '--name', 'PT Lain'], 2, 'Isi --kind'],
			[
				[
					'add-member',
					'--organisation',
					'NOPE',
					'--name',
					'X',
					'--phone',
					newPhone(),
					'--pin',
					'135790',
					'--roles',
					'pemesan'
				],
				1,
				'Instansi tidak ditemukan'
			],
			[
				[
					'add-member',
					'--organisation',
					'DKSLM',
					'--name',
					'Wati',
					'--phone',
					people.wati.phone,
					'--roles',
					'pemesan'
				],
				1,
				'sudah terdaftar di instansi lain'
			],
			[
				['add-member', '--organisation', 'DKSLM', '--name', 'X', '--phone', newPhone(), '--roles', 'pemesan'],
				1,
				'PIN'
			],
			[
				['remove-role', '--organisation', 'PTKAI', '--phone', people.rudi.phone, '--role', 'pemesan'],
				1,
				'tidak punya peran itu'
			]
		] as const) {
			const refused = await runAdmin(context.database, [...args]);
			expect(refused.code, refused.stdout + refused.stderr).toBe(code);
			expect(refused.stderr).toContain(message);
		}
	});
});

/** `28 Nov 2026`, as the pages write a day. */
function formatDay(day: string): string {
	return new Intl.DateTimeFormat('id-ID', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
}
