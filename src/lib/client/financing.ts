import {
	salesRecord,
	salesThisMonth,
	type FinancingApplication,
	type FinancingFields,
	type SalesRecord,
	type SalesSoFar
} from '$lib/domain/financing';
import { uuidv7 } from '$lib/domain/ids';
import { db, type LapakDb } from './sync/db';
import { jakartaDay } from '$lib/domain/dates';
import { getMeta, setMeta } from './meta';
import { mutate, mutationTables } from './sync/outbox';
import { compressPhoto } from './photos';
import { keepDraft } from './photo-store';

/** Today in Western Indonesian Time, `YYYY-MM-DD`: the day the eligibility rules count from. */
export function financingToday(now = new Date()): string {
	return jakartaDay(now);
}

/**
 * The application the financing screen shows for a space: the open one (a draft, or one the lender has
 * not decided on yet) when there is one — at most one is open at a time — otherwise the latest decided
 * one, so its decision stays readable until the seller starts a new one.
 */
export async function currentApplication(
	local: LapakDb,
	space: string
): Promise<FinancingApplication | null> {
	const all = await local.financing.where('spaceId').equals(space).toArray();
	// Ids are UUIDv7, so they sort by when the application was started.
	all.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
	const open = all.find(
		(application) => application.status !== 'approved' && application.status !== 'rejected'
	);
	return open ?? all[0] ?? null;
}

/** Whether a change of this application is still waiting in the outbox. */
export async function isApplicationPending(local: LapakDb, id: string): Promise<boolean> {
	return (await local.outbox.where('entityId').equals(id).count()) > 0;
}

/** The six months before today from the orders on the phone, as the form shows them. */
export async function phoneSalesRecord(local: LapakDb, space: string, today: string): Promise<SalesRecord> {
	const [year, month] = today.split('-').map(Number);
	// A day early, so orders of the first morning in Western Indonesian Time are read too.
	const from = new Date(Date.UTC(year, month - 7, 1) - 86_400_000).toISOString();
	const orders = await local.orders
		.where('[spaceId+createdAt]')
		.between([space, from], [space, '\uffff'])
		.toArray();
	return salesRecord(orders, today);
}

/** This month's sales so far from the orders on the phone, shown beside the six whole months. */
export async function phoneSalesThisMonth(local: LapakDb, space: string, today: string): Promise<SalesSoFar> {
	const [year, month] = today.split('-').map(Number);
	// A day early, as above: the first morning in Western Indonesian Time is still the day before in UTC.
	const from = new Date(Date.UTC(year, month - 1, 1) - 86_400_000).toISOString();
	const orders = await local.orders
		.where('[spaceId+createdAt]')
		.between([space, from], [space, '\uffff'])
		.toArray();
	return salesThisMonth(orders, today);
}

/** Starts a new, empty application (saved on the phone at once); returns its id. */
export async function startApplication(space: string): Promise<string> {
	const id = uuidv7();
	await mutate(db, space, 'financing.patch', { id, fields: {} });
	return id;
}

/**
 * Saves fields of the form: one `financing.patch` with only the fields given, so another phone's changes
 * to other fields survive. `unfinished` keeps, on this phone only, what was typed into a field that is
 * not a valid value yet (half a NIK), or forgets it (null) — in the same transaction, so nothing typed
 * is ever lost or shown twice.
 */
export async function saveFields(
	space: string,
	applicationId: string,
	fields: FinancingFields,
	unfinished: Record<string, string | null> = {}
): Promise<void> {
	const patching = Object.keys(fields).length > 0;
	if (!patching && Object.keys(unfinished).length === 0) return;
	await db.transaction('rw', mutationTables(db), async () => {
		if (patching) await mutate(db, space, 'financing.patch', { id: applicationId, fields });
		if (Object.keys(unfinished).length > 0) {
			const typing = { ...(await getMeta(db, 'financingTyping')) };
			const forApplication = { ...typing[applicationId] };
			for (const [field, text] of Object.entries(unfinished)) {
				if (text === null) delete forApplication[field];
				else forApplication[field] = text;
			}
			if (Object.keys(forApplication).length > 0) typing[applicationId] = forApplication;
			else delete typing[applicationId];
			await setMeta(db, 'financingTyping', typing);
		}
	});
}

/** What was typed into fields of an application but is not a valid value yet (see `saveFields`). */
export async function unfinishedTyping(
	local: LapakDb,
	applicationId: string
): Promise<Record<string, string>> {
	return (await getMeta(local, 'financingTyping'))?.[applicationId] ?? {};
}

/**
 * Sends the application to the lender. On the phone it shows as submitted at once (waiting to be sent
 * while offline); the server checks everything again and may refuse it with the reasons.
 */
export async function submitApplication(space: string, id: string): Promise<void> {
	await mutate(db, space, 'financing.submit', { id });
}

/**
 * Compresses a document photo (KTP, place of business, NIB/SKU letter) like a product photo — small,
 * EXIF and GPS position stripped — and keeps it privately on the phone, in the documents table, as a
 * draft: it waits for its upload to the private documents endpoint once the application names it (the
 * form saves the field right after), and is never uploaded otherwise (sync/drafts.ts). Returns its hash,
 * which the form field refers to.
 */
export async function keepDocument(space: string, file: Blob): Promise<string> {
	const photo = await compressPhoto(file);
	await keepDraft(db, db.documents, space, photo);
	return photo.sha256;
}
