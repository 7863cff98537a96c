import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { InvoiceAdvance } from '../../src/lib/domain/invoice-advance';
import type { MutationResult } from '../../src/lib/domain/mutations';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { applyAdvanceDecision } from '../../src/lib/server/procurement/advances';
import { applyBuyerStep, type BuyerStep } from '../../src/lib/server/procurement/buyer-steps';
import { hashPin } from '../../src/lib/server/password';
import { MutationRejected } from '../../src/lib/server/sync/rejection';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { PortalBrowser } from '../helpers/portal';
import { backends, useTestServer } from '../helpers/server';

/**
 * The institutional flow through the real server: the seller's steps are pushed over HTTP by a phone and
 * pulled back; the buyer's steps are the server-side entries the portal pages call (applyBuyerStep), run
 * here against the same database in one transaction each; the lender decides in the portal over HTTP.
 */
/** The lenders' PIN (they log in to the portal). */
const LENDER_PIN = '246810';

describe.each(backends)('institutional buyers on $name', ({ name }) => {
	const context = useTestServer(name);
	let db: Kysely<Database>;
	let sari: Seller;
	let phone: Device;
	const now = new Date().toISOString();
	const today = jakartaDay(now);
	let phones = 0;
	const person = (id: string, personName: string): User => ({
		id,
		name: personName,
		phone: `+628110000${String(++phones).padStart(4, '0')}`,
		role: 'buyer'
	});
	const wati = person(uuidv7(), 'Wati'); // pemesan of PT KAI
	const dewi = person(uuidv7(), 'Dewi'); // penyetuju of PT KAI
	const rudi = person(uuidv7(), 'Rudi'); // keuangan of PT KAI
	const yono = person(uuidv7(), 'Yono'); // pemesan of another organisation
	const lenderId = uuidv7();
	const rina: User = { id: uuidv7(), name: 'Rina', phone: '+6281300000001', role: 'lender' };
	const otherLenderPhone = '+6281300000002';
	let productId: string;

	beforeAll(async () => {
		db = openDatabase(context.database);
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		phone = new Device(sari.api);
		const organisations = [
			{
				id: uuidv7(),
				name: 'PT Kereta Api Indonesia',
				code: 'PTKAI',
				members: [
					[wati, ['pemesan']],
					[dewi, ['penyetuju', 'pemesan']],
					[rudi, ['keuangan']]
				]
			},
			{
				id: uuidv7(),
				name: 'Dinas Koperasi Sleman',
				code: 'DKSLM',
				members: [[yono, ['pemesan', 'penyetuju', 'keuangan']]]
			}
		] as const;
		for (const organisation of organisations) {
			await db
				.insertInto('organisations')
				.values({
					id: organisation.id,
					name: organisation.name,
					kind: 'bumn',
					code: organisation.code,
					npwp: null,
					address: null,
					created_at: now
				})
				.execute();
			for (const [user, roles] of organisation.members) {
				await db
					.insertInto('users')
					.values({
						id: user.id,
						name: user.name,
						phone: user.phone,
						pin_hash: 'x',
						role: 'buyer',
						created_at: now
					})
					.execute();
				for (const role of roles) {
					await db
						.insertInto('organisation_members')
						.values({ organisation_id: organisation.id, user_id: user.id, role, created_at: now })
						.execute();
				}
			}
		}
		await db
			.insertInto('lenders')
			.values({ id: lenderId, name: 'Bank Desa', products: '["mikro"]', created_at: now, updated_at: now })
			.execute();
		await db
			.insertInto('users')
			.values({
				id: rina.id,
				name: rina.name,
				phone: rina.phone,
				pin_hash: await hashPin(LENDER_PIN),
				role: 'lender',
				lender_id: lenderId,
				created_at: now
			})
			.execute();
		productId = uuidv7();
		const results = await push([
			[
				'product.put',
				{ ...productArgs({ id: productId, name: 'Keripik singkong 250 g', price: 12_000 }), stock: 500 }
			]
		]);
		expect(results.map((result) => result.status)).toEqual(['applied']);
	});
	afterAll(() => db?.destroy());

	async function push(mutations: [string, unknown][]): Promise<MutationResult[]> {
		const answer = await phone.push(
			mutations.map(([mutation, args]) => phone.mutation(mutation, sari.spaceId, args))
		);
		expect(answer.status).toBe(200);
		return answer.body.results;
	}

	async function buyer(user: User, step: BuyerStep): Promise<Procurement> {
		const { procurement } = await db
			.transaction()
			.execute((trx) => applyBuyerStep(trx, { now: new Date().toISOString() }, user, step));
		return procurement;
	}

	async function refused(work: Promise<unknown>): Promise<{ code: string; message: string }> {
		const error = await work.then(
			() => null,
			(reason: unknown) => reason
		);
		expect(error).toBeInstanceOf(MutationRejected);
		return { code: (error as MutationRejected).code, message: (error as MutationRejected).userMessage };
	}

	async function pulled<T>(entity: string, id: string): Promise<T> {
		let found: T | undefined;
		for (const page of (await phone.pullAll()).pages) {
			for (const space of Object.values(page.spaces)) {
				for (const change of space.changes)
					if (change.entity === entity && change.id === id) found = change.value as T;
			}
		}
		expect(found, `${entity} ${id} in the pull`).toBeDefined();
		return found!;
	}

	it('goes from a request for quotation to a paid invoice and a repaid advance, every amount the server’s', async () => {
		const request = {
			id: uuidv7(),
			items: [
				{ productId, qty: 100 },
				{ name: 'Kardus kemasan', unit: 'pcs', qty: 10 }
			],
			neededBy: addDays(today, 14),
			deliveryAddress: 'Stasiun Tugu, Yogyakarta'
		};
		// a seller who does not take institutional orders cannot be asked
		expect(
			(await refused(buyer(wati, { kind: 'request', spaceId: sari.spaceId, input: request }))).code
		).toBe('not_found');
		expect(await push([['supplier.put', { acceptsInstitutional: true }]])).toMatchObject([
			{ status: 'applied' }
		]);
		const asked = await buyer(wati, { kind: 'request', spaceId: sari.spaceId, input: request });
		expect(asked.lines.map((line) => [line.name, line.qty])).toEqual([
			['Keripik singkong 250 g', 100],
			['Kardus kemasan', 10]
		]);
		const onPhone = await pulled<Procurement>('procurement', request.id);
		expect(onPhone.status).toBe('requested');
		const [chips, boxes] = onPhone.lines;
		const quotation = {
			id: request.id,
			prices: [
				{ lineId: chips.id, price: 11_000 },
				{ lineId: boxes.id, price: 2_500 }
			],
			deliveryDate: addDays(today, 7),
			validUntil: addDays(today, 10)
		};
		// without legal data the quotation is refused, in Indonesian
		const [noPapers] = await push([['procurement.quote', quotation]]);
		expect(noPapers).toMatchObject({
			status: 'rejected',
			code: 'invalid',
			message: expect.stringContaining('NPWP')
		});
		const papers = {
			nib: '1234567890123',
			npwp: '01.234.567.8-912.000',
			nitku: '0012345678912000000000',
			pkp: true,
			bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Sari Wulandari' }
		};
		expect(
			await push([
				['supplier.put', papers],
				['procurement.quote', quotation]
			])
		).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);

		await buyer(dewi, { kind: 'submit', input: { id: request.id, tempoDays: 30 } });
		// Dewi sent the purchase request: she cannot approve it; Wati is no penyetuju; another organisation
		// does not even find it
		expect(
			await refused(buyer(dewi, { kind: 'decide', input: { id: request.id, decision: 'approve' } }))
		).toEqual({ code: 'forbidden', message: expect.any(String) });
		expect(
			(await refused(buyer(wati, { kind: 'decide', input: { id: request.id, decision: 'approve' } }))).code
		).toBe('forbidden');
		expect(
			(await refused(buyer(yono, { kind: 'decide', input: { id: request.id, decision: 'approve' } }))).code
		).toBe('not_found');
		expect((await refused(buyer(yono, { kind: 'receive', input: { id: request.id } }))).code).toBe(
			'not_found'
		);
		// a second approver of PT KAI approves: the Surat Pesanan is numbered in the organisation's year
		const approver = person(uuidv7(), 'Bambang');
		await db
			.insertInto('users')
			.values({
				id: approver.id,
				name: approver.name,
				phone: approver.phone,
				pin_hash: 'x',
				role: 'buyer',
				created_at: now
			})
			.execute();
		const kai = await db
			.selectFrom('organisations')
			.select('id')
			.where('code', '=', 'PTKAI')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('organisation_members')
			.values({ organisation_id: kai.id, user_id: approver.id, role: 'penyetuju', created_at: now })
			.execute();
		const ordered = await buyer(approver, { kind: 'decide', input: { id: request.id, decision: 'approve' } });
		expect(ordered.order?.number).toBe(`SP/PTKAI/${today.slice(0, 4)}/00001`);

		const firstDelivery = uuidv7();
		const secondDelivery = uuidv7();
		expect(
			await push([
				['procurement.acceptOrder', { id: request.id }],
				[
					'procurement.ship',
					{
						id: request.id,
						deliveryId: firstDelivery,
						method: 'courier',
						courier: 'JNE',
						tracking: 'JNE123',
						items: [{ lineId: chips.id, qty: 120 }]
					}
				],
				[
					'procurement.ship',
					{
						id: request.id,
						deliveryId: firstDelivery,
						method: 'own',
						items: [
							{ lineId: chips.id, qty: 60 },
							{ lineId: boxes.id, qty: 10 }
						]
					}
				]
			])
		).toMatchObject([
			{ status: 'applied' },
			{ status: 'rejected', message: expect.any(String) },
			{ status: 'applied' }
		]);
		// the BAST: 55 of 60 arrived; the shortfall stays open and is shipped again
		const bast = await buyer(wati, {
			kind: 'receive',
			input: {
				id: request.id,
				deliveryId: firstDelivery,
				receivedOn: today,
				items: [
					{ lineId: chips.id, qty: 55 },
					{ lineId: boxes.id, qty: 10 }
				],
				receiverName: 'Wati',
				receiverPosition: 'Staf Pengadaan'
			}
		});
		expect(bast.deliveries[0].receipt?.number).toBe(`BAST/PTKAI/${today.slice(0, 4)}/00001`);
		const firstInvoice = uuidv7();
		expect(
			await push([
				[
					'procurement.invoice',
					{ id: request.id, invoiceId: firstInvoice, items: [{ lineId: chips.id, qty: 60 }] }
				],
				[
					'procurement.invoice',
					{
						id: request.id,
						invoiceId: firstInvoice,
						items: [
							{ lineId: chips.id, qty: 55 },
							{ lineId: boxes.id, qty: 10 }
						]
					}
				],
				[
					'procurement.ship',
					{
						id: request.id,
						deliveryId: secondDelivery,
						method: 'own',
						items: [{ lineId: chips.id, qty: 45 }]
					}
				]
			])
		).toMatchObject([{ status: 'rejected', code: 'invalid' }, { status: 'applied' }, { status: 'applied' }]);
		const invoiced = await pulled<Procurement>('procurement', request.id);
		// 55 × 11.000 + 10 × 2.500 = 630.000; PPN 11 % = 69.300; PPh 22 1,5 % = 9.450; payable 689.850
		expect(invoiced.invoices[0]).toMatchObject({
			number: expect.stringMatching(/^TGH\/WARUNGSA\/\d{4}\/00001$/),
			dueDate: addDays(today, 30),
			amounts: { subtotal: 630_000, ppn: 69_300, total: 699_300, pph: 9_450, payable: 689_850 }
		});

		// invoice financing: at most 80 %, the fee shown before; the lender approves
		const advanceId = uuidv7();
		expect(
			await push([
				[
					'advance.request',
					{ id: advanceId, procurementId: request.id, invoiceId: firstInvoice, lenderId, amount: 600_000 }
				]
			])
		).toMatchObject([{ status: 'rejected', code: 'invalid' }]);
		expect(
			await push([
				[
					'advance.request',
					{ id: advanceId, procurementId: request.id, invoiceId: firstInvoice, lenderId, amount: 550_000 }
				]
			])
		).toMatchObject([{ status: 'applied' }]);
		const otherLender: User = { ...rina, id: uuidv7() };
		await db
			.insertInto('users')
			.values({
				id: otherLender.id,
				name: 'Joko',
				phone: otherLenderPhone,
				pin_hash: await hashPin(LENDER_PIN),
				role: 'lender',
				lender_id: null,
				created_at: now
			})
			.execute();
		expect(
			await refused(
				db
					.transaction()
					.execute((trx) =>
						applyAdvanceDecision(trx, { now }, otherLender, { id: advanceId, status: 'approved' })
					)
			)
		).toMatchObject({ code: 'not_found' });
		// The lender decides in the portal, over HTTP: the list, the page with the order, BAST, invoice and the
		// buyer's record, then "Setujui"; a lender of no organisation sees neither.
		const lenderBrowser = new PortalBrowser(context.server.url);
		expect((await lenderBrowser.login(rina.phone, LENDER_PIN)).status).toBe(303);
		const list = await lenderBrowser.get('/portal/pembiayaan/tagihan');
		expect(list.status).toBe(200);
		expect(list.html).toContain(`/portal/pembiayaan/tagihan/${advanceId}`);
		expect(list.html).toContain('Rp550.000');
		const page = await lenderBrowser.get(`/portal/pembiayaan/tagihan/${advanceId}`);
		expect(page.status).toBe(200);
		for (const text of [
			invoiced.invoices[0].number!,
			invoiced.order!.number,
			'Rp689.850', // what the buyer pays
			'Rp8.250', // the fee
			'Rp541.750', // what reaches the seller
			'PT Kereta Api Indonesia'
		]) {
			expect(page.html, text).toContain(text);
		}
		const stranger = new PortalBrowser(context.server.url);
		expect((await stranger.login(otherLenderPhone, LENDER_PIN)).status).toBe(303);
		expect((await stranger.get(`/portal/pembiayaan/tagihan/${advanceId}`)).status).toBe(404);
		expect(
			(await stranger.submit(`/portal/pembiayaan/tagihan/${advanceId}?/setujui`, { note: '' })).status
		).toBe(404);
		const rejectWithoutReason = await lenderBrowser.submit(`/portal/pembiayaan/tagihan/${advanceId}?/tolak`, {
			note: ''
		});
		expect(rejectWithoutReason.status).toBe(400);
		const approved = await lenderBrowser.submit(`/portal/pembiayaan/tagihan/${advanceId}?/setujui`, {
			note: 'Cair besok pagi'
		});
		expect(approved.status).toBe(303);
		const twice = await lenderBrowser.submit(`/portal/pembiayaan/tagihan/${advanceId}?/tolak`, {
			note: 'Salah pencet'
		});
		expect(twice.status).toBe(409);
		expect(twice.html).toContain('Pengajuan ini sudah diputuskan.');
		expect((await pulled<InvoiceAdvance>('invoiceAdvance', advanceId)).status).toBe('approved');

		// keuangan pays once; the advance is repaid; a second payment is refused
		await buyer(rudi, {
			kind: 'pay',
			input: { id: request.id, invoiceId: firstInvoice, reference: 'TRF-0001', paidOn: today }
		});
		expect(
			(
				await refused(
					buyer(rudi, {
						kind: 'pay',
						input: { id: request.id, invoiceId: firstInvoice, reference: 'TRF-0002', paidOn: today }
					})
				)
			).code
		).toBe('conflict');
		expect(
			(
				await refused(
					buyer(wati, {
						kind: 'pay',
						input: { id: request.id, invoiceId: firstInvoice, reference: 'X', paidOn: today }
					})
				)
			).code
		).toBe('forbidden');
		const paid = await pulled<Procurement>('procurement', request.id);
		expect(paid.invoices[0].paid).toMatchObject({ reference: 'TRF-0001', date: today });
		expect(paid.status).toBe('accepted'); // 45 chips still on their way
		const advance = await pulled<InvoiceAdvance>('invoiceAdvance', advanceId);
		expect(advance).toMatchObject({ status: 'repaid', amount: 550_000, fee: 8_250 });

		const docs = await db
			.selectFrom('procurement_documents')
			.select(['kind', 'number', 'amount', 'paid_on'])
			.where('procurement_id', '=', request.id)
			.orderBy('created_at')
			.execute();
		expect(docs.map((doc) => [doc.kind, Number(doc.amount), doc.paid_on])).toEqual([
			['purchase_order', 100 * 11_000 + 10 * 2_500, null],
			['bast', 630_000, null],
			['invoice', 689_850, today]
		]);
	});
});
