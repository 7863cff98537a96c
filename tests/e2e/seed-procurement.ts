// Seeds institutions' orders on a spec's own server: a buying organisation with its pemesan, penyetuju and
// keuangan, and their steps taken in-process on the server's database through the same entry the portal
// uses (applyBuyerStep). The seller's steps go over the API, as their phone pushes them.
import type { Kysely } from 'kysely';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import type { User } from '../../src/lib/domain/auth';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { Procurement } from '../../src/lib/domain/procurement';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import type { BuyerStep } from '../../src/lib/server/procurement/buyer-steps';
import { Device } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import type { TestDatabase } from '../helpers/test-server';
import { pushAll } from './seed';

const root = fileURLToPath(new URL('../..', import.meta.url));

type ServerCode = {
	vite: ViteDevServer;
	steps: typeof import('../../src/lib/server/procurement/buyer-steps');
	entities: typeof import('../../src/lib/server/sync/entities');
};
let serverCode: Promise<ServerCode> | undefined;

/**
 * The server's own TypeScript, loaded through Vite (its `$lib` alias and its JSON imports, which Playwright's
 * loader does not resolve), as the admin command line bundles it.
 */
function loadServerCode(): Promise<ServerCode> {
	serverCode ??= (async () => {
		const vite = await createServer({
			configFile: false,
			root,
			logLevel: 'warn',
			appType: 'custom',
			resolve: { alias: { $lib: `${root}src/lib` } },
			server: { middlewareMode: true, hmr: false, watch: null },
			optimizeDeps: { noDiscovery: true, include: [] }
		});
		return {
			vite,
			steps: await vite.ssrLoadModule('/src/lib/server/procurement/buyer-steps.ts'),
			entities: await vite.ssrLoadModule('/src/lib/server/sync/entities.ts')
		} as ServerCode;
	})();
	return serverCode;
}

/** Closes what seeding opened: the institution's database connection and the loader of the server's code. */
export async function closeSeeding(institution?: Institution): Promise<void> {
	await institution?.db.destroy();
	const loaded = serverCode;
	serverCode = undefined;
	await (await loaded)?.vite.close();
}

export interface Institution {
	db: Kysely<Database>;
	name: string;
	pemesan: User;
	penyetuju: User;
	keuangan: User;
}

let people = 0;

/** PT Kereta Api Indonesia with Wati (pemesan), Dewi (penyetuju) and Rudi (keuangan). Close with `db.destroy()`. */
export async function seedInstitution(database: TestDatabase): Promise<Institution> {
	const db = openDatabase(database);
	const now = new Date().toISOString();
	const organisationId = uuidv7();
	const code = `KAI${String(++people).padStart(2, '0')}`;
	const name = 'PT Kereta Api Indonesia (Persero)';
	await db
		.insertInto('organisations')
		.values({ id: organisationId, name, kind: 'bumn', code, npwp: null, address: null, created_at: now })
		.execute();
	const person = async (personName: string, role: 'pemesan' | 'penyetuju' | 'keuangan'): Promise<User> => {
		const user: User = {
			id: uuidv7(),
			name: personName,
			phone: `+62811${String(Date.now() % 1e6).padStart(6, '0')}${++people}`,
			role: 'buyer'
		};
		await db
			.insertInto('users')
			.values({ ...user, pin_hash: 'x', created_at: now })
			.execute();
		await db
			.insertInto('organisation_members')
			.values({ organisation_id: organisationId, user_id: user.id, role, created_at: now })
			.execute();
		return user;
	};
	return {
		db,
		name,
		pemesan: await person('Wati', 'pemesan'),
		penyetuju: await person('Dewi', 'penyetuju'),
		keuangan: await person('Rudi', 'keuangan')
	};
}

/** One step of a person of the institution, in one transaction, as the portal takes it. */
export async function buyerStep(
	institution: Institution,
	who: 'pemesan' | 'penyetuju' | 'keuangan',
	step: BuyerStep
): Promise<Procurement> {
	const { steps } = await loadServerCode();
	const { procurement } = await institution.db
		.transaction()
		.execute((trx) => steps.applyBuyerStep(trx, { now: new Date().toISOString() }, institution[who], step));
	return procurement;
}

/** The record as the server holds it now. */
export async function storedProcurement(institution: Institution, id: string): Promise<Procurement> {
	const row = await institution.db
		.selectFrom('procurements')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return (await loadServerCode()).entities.procurementFromRow(row);
}

/** A seller's complete supplier profile (PKP), pushed as their phone would. */
export async function seedSupplier(device: Device, spaceId: string, pkp = true): Promise<void> {
	await pushAll(device, [
		device.mutation('supplier.put', spaceId, {
			acceptsInstitutional: true,
			legalName: 'CV Warung Sari',
			nib: '9120001234567',
			npwp: '0123456789012345',
			nitku: '0123456789012345000000',
			pkp,
			size: 'mikro',
			bank: { bank: 'BRI', accountNumber: '012301000123456', holder: 'Sari Wulandari' }
		})
	]);
}

/** Wati asks the seller for a quotation: 100 of a catalog product and 10 boxes described in words. */
export async function seedRequest(
	institution: Institution,
	spaceId: string,
	productId: string
): Promise<Procurement> {
	const today = jakartaDay(new Date());
	return buyerStep(institution, 'pemesan', {
		kind: 'request',
		spaceId,
		input: {
			id: uuidv7(),
			items: [
				{ productId, qty: 100 },
				{ name: 'Kardus kemasan besar', unit: 'pcs', qty: 10 }
			],
			neededBy: addDays(today, 14),
			deliveryAddress: 'Stasiun Tugu, Jl. Mangkubumi No. 1, Yogyakarta',
			note: 'Untuk rapat akhir tahun di kantor daerah operasi'
		}
	});
}

/** The institution turns the quotation into a purchase request (tempo 30 days) and approves it. */
export async function seedOrder(institution: Institution, id: string): Promise<Procurement> {
	await buyerStep(institution, 'pemesan', { kind: 'submit', input: { id, tempoDays: 30 } });
	return buyerStep(institution, 'penyetuju', { kind: 'decide', input: { id, decision: 'approve' } });
}

/** The BAST of the latest delivery: everything in it arrived today. */
export async function seedReceipt(institution: Institution, id: string): Promise<Procurement> {
	const record = await storedProcurement(institution, id);
	const delivery = record.deliveries.at(-1)!;
	return buyerStep(institution, 'pemesan', {
		kind: 'receive',
		input: {
			id,
			deliveryId: delivery.id,
			receivedOn: jakartaDay(new Date()),
			items: delivery.items,
			receiverName: 'Budi Santoso',
			receiverPosition: 'Kepala Urusan Umum'
		}
	});
}

/**
 * A whole flow pushed as the seller's phone and taken by the institution, up to an invoice sent (for screens
 * full of data): quoted, ordered, accepted, shipped, received, invoiced.
 */
export async function seedInvoiced(
	institution: Institution,
	device: Device,
	spaceId: string,
	productId: string
): Promise<Procurement> {
	const asked = await seedRequest(institution, spaceId, productId);
	const today = jakartaDay(new Date());
	await pushAll(device, [
		device.mutation('procurement.quote', spaceId, {
			id: asked.id,
			prices: asked.lines.map((line) => ({ lineId: line.id, price: 11_000 })),
			deliveryDate: addDays(today, 7),
			validUntil: addDays(today, 10)
		})
	]);
	await seedOrder(institution, asked.id);
	await pushAll(device, [
		device.mutation('procurement.acceptOrder', spaceId, { id: asked.id }),
		device.mutation('procurement.ship', spaceId, {
			id: asked.id,
			deliveryId: uuidv7(),
			method: 'courier',
			courier: 'JNE',
			tracking: 'JNE0012345678901',
			items: asked.lines.map((line) => ({ lineId: line.id, qty: line.qty }))
		})
	]);
	const received = await seedReceipt(institution, asked.id);
	await pushAll(device, [
		device.mutation('procurement.invoice', spaceId, {
			id: asked.id,
			invoiceId: uuidv7(),
			items: received.lines.map((line) => ({ lineId: line.id, qty: line.qty }))
		})
	]);
	return storedProcurement(institution, asked.id);
}

/** Keuangan records the transfer that paid the record's first unpaid invoice, today. */
export async function seedPayment(institution: Institution, id: string): Promise<Procurement> {
	const record = await storedProcurement(institution, id);
	const invoice = record.invoices.find((item) => !item.paid)!;
	return buyerStep(institution, 'keuangan', {
		kind: 'pay',
		input: { id, invoiceId: invoice.id, reference: 'TRF-BRI-7781', paidOn: jakartaDay(new Date()) }
	});
}
