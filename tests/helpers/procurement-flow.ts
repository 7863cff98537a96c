import type { Kysely } from 'kysely';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import type { OrganisationRole, Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import { applyBuyerStep, type BuyerStep } from '../../src/lib/server/procurement/buyer-steps';
import { hashPin } from '../../src/lib/server/password';
import { Device, newPhone, productArgs, registerSeller, type Seller } from './client';

/**
 * An institution's order taken through the real server up to an unpaid Tagihan, for the tests that need one
 * (documents, their PDFs and check pages): the seller's steps pushed over HTTP by a phone, the buyer's run as
 * the server-side entries the portal calls. Every person has PIN 123456, so each can log in to the portal.
 * The flow, refusals and all, is tested in procurement.test.ts; this only gets there. No test runner's own
 * imports: the end-to-end specs load it through Vite's module runner (it reaches server code).
 */

/** Fails the set-up loudly when a step did not go through. */
function allApplied(results: MutationResult[]): void {
	const refused = results.filter((result) => result.status !== 'applied');
	if (refused.length) throw new Error(`not applied: ${JSON.stringify(refused)}`);
}

export const PIN = '123456';

export interface Person extends User {
	/** The phone as typed at the portal's login. */
	login: string;
}

async function person(
	db: Kysely<Database>,
	name: string,
	role: 'buyer' | 'lender',
	lenderId: string | null = null
): Promise<Person> {
	const login = newPhone();
	const user: Person = { id: uuidv7(), name, phone: `+62${login.slice(1)}`, role, login };
	await db
		.insertInto('users')
		.values({
			id: user.id,
			name,
			phone: user.phone,
			pin_hash: await hashPin(PIN),
			role,
			...(lenderId ? { lender_id: lenderId } : {}),
			created_at: new Date().toISOString()
		})
		.execute();
	return user;
}

async function organisation(
	db: Kysely<Database>,
	name: string,
	code: string,
	members: [Person, OrganisationRole[]][]
): Promise<string> {
	const id = uuidv7();
	const now = new Date().toISOString();
	await db
		.insertInto('organisations')
		.values({
			id,
			name,
			kind: 'bumn',
			code,
			npwp: '0010000000093000',
			address: 'Jl. Perintis Kemerdekaan 1, Bandung',
			created_at: now
		})
		.execute();
	for (const [user, roles] of members) {
		for (const role of roles) {
			await db
				.insertInto('organisation_members')
				.values({ organisation_id: id, user_id: user.id, role, created_at: now })
				.execute();
		}
	}
	return id;
}

export interface InvoicedFlow {
	seller: Seller;
	phone: Device;
	/** PT KAI's pemesan (who also confirms receipt), penyetuju and keuangan; a pemesan of another office. */
	wati: Person;
	dewi: Person;
	rudi: Person;
	yono: Person;
	lenderId: string;
	/** A lender's officer, and one of another lender. */
	rina: Person;
	joko: Person;
	procurementId: string;
	deliveryId: string;
	invoiceId: string;
	today: string;
	push(mutations: [string, unknown][]): Promise<MutationResult[]>;
	buyer(user: User, step: BuyerStep): Promise<Procurement>;
	/** The record as the seller's phone pulls it (with its documents' check paths). */
	pulled(): Promise<Procurement & { verifyPaths?: Record<string, string> }>;
}

/**
 * Sari (CV Warung Sari, PKP) sells PT KAI 100 bungkus at Rp11.000 and 10 boxes at Rp2.500; 60 + 10 are sent,
 * the BAST counts 55 + 10, and the Tagihan is for those: 630.000 + PPN 69.300 − PPh 9.450 = Rp689.850.
 */
export async function invoicedFlow(base: string, db: Kysely<Database>): Promise<InvoicedFlow> {
	const seller = await registerSeller(base, 'Sari', 'Warung Sari');
	const phone = new Device(seller.api);
	const [wati, dewi, rudi, yono] = await Promise.all(
		['Wati', 'Dewi', 'Rudi', 'Yono'].map((name) => person(db, name, 'buyer'))
	);
	await organisation(db, 'PT Kereta Api Indonesia', 'PTKAI', [
		[wati, ['pemesan']],
		[dewi, ['penyetuju']],
		[rudi, ['keuangan']]
	]);
	await organisation(db, 'Dinas Koperasi Sleman', 'DKSLM', [[yono, ['pemesan', 'penyetuju', 'keuangan']]]);
	const lenderId = uuidv7();
	const otherLender = uuidv7();
	const stamp = new Date().toISOString();
	await db
		.insertInto('lenders')
		.values([
			{ id: lenderId, name: 'Bank Desa', products: '["mikro"]', created_at: stamp, updated_at: stamp },
			{ id: otherLender, name: 'BPR Lain', products: '["mikro"]', created_at: stamp, updated_at: stamp }
		])
		.execute();
	const rina = await person(db, 'Rina', 'lender', lenderId);
	const joko = await person(db, 'Joko', 'lender', otherLender);
	const today = jakartaDay(new Date());

	const push = async (mutations: [string, unknown][]) => {
		const answer = await phone.push(
			mutations.map(([name, args]) => phone.mutation(name, seller.spaceId, args))
		);
		if (answer.status !== 200) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
		return answer.body.results as MutationResult[];
	};
	const buyer = async (user: User, step: BuyerStep) =>
		(
			await db
				.transaction()
				.execute((trx) => applyBuyerStep(trx, { now: new Date().toISOString() }, user, step))
		).procurement;
	const procurementId = uuidv7();
	const pulled = async () => {
		let found: Procurement | undefined;
		for (const page of (await phone.pullAll()).pages) {
			for (const space of Object.values(page.spaces)) {
				for (const change of space.changes) {
					if (change.entity === 'procurement' && change.id === procurementId) {
						found = change.value as Procurement;
					}
				}
			}
		}
		if (!found) throw new Error(`procurement ${procurementId} not in the pull`);
		return found;
	};

	const productId = uuidv7();
	allApplied(
		await push([
			['product.put', { ...productArgs({ id: productId, name: 'Keripik singkong 250 g', price: 12_000 }) }],
			[
				'supplier.put',
				{
					acceptsInstitutional: true,
					legalName: 'CV Warung Sari',
					nib: '1234567890123',
					npwp: '01.234.567.8-912.000',
					nitku: '0012345678912000000000',
					pkp: true,
					bank: { bank: 'BRI', accountNumber: '0123 4567 8901', holder: 'Sari Wulandari' }
				}
			]
		])
	);
	await buyer(wati, {
		kind: 'request',
		spaceId: seller.spaceId,
		input: {
			id: procurementId,
			items: [
				{ productId, qty: 100 },
				{ name: 'Kardus kemasan', unit: 'pcs', qty: 10 }
			],
			neededBy: addDays(today, 14),
			deliveryAddress: 'Stasiun Tugu, Yogyakarta'
		}
	});
	const [chips, boxes] = (await pulled()).lines;
	allApplied(
		await push([
			[
				'procurement.quote',
				{
					id: procurementId,
					prices: [
						{ lineId: chips.id, price: 11_000 },
						{ lineId: boxes.id, price: 2_500 }
					],
					deliveryDate: addDays(today, 7),
					validUntil: addDays(today, 10)
				}
			]
		])
	);
	await buyer(wati, { kind: 'submit', input: { id: procurementId, tempoDays: 30 } });
	await buyer(dewi, { kind: 'decide', input: { id: procurementId, decision: 'approve' } });
	const deliveryId = uuidv7();
	allApplied(
		await push([
			['procurement.acceptOrder', { id: procurementId }],
			[
				'procurement.ship',
				{
					id: procurementId,
					deliveryId,
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
	);
	await buyer(wati, {
		kind: 'receive',
		input: {
			id: procurementId,
			deliveryId,
			receivedOn: today,
			items: [
				{ lineId: chips.id, qty: 55 },
				{ lineId: boxes.id, qty: 10 }
			],
			receiverName: 'Wati Lestari',
			receiverPosition: 'Staf Pengadaan'
		}
	});
	const invoiceId = uuidv7();
	allApplied(
		await push([
			[
				'procurement.invoice',
				{
					id: procurementId,
					invoiceId,
					items: [
						{ lineId: chips.id, qty: 55 },
						{ lineId: boxes.id, qty: 10 }
					]
				}
			]
		])
	);
	return {
		seller,
		phone,
		wati,
		dewi,
		rudi,
		yono,
		lenderId,
		rina,
		joko,
		procurementId,
		deliveryId,
		invoiceId,
		today,
		push,
		buyer,
		pulled
	};
}
