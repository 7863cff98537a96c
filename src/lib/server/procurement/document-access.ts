import type { Kysely } from 'kysely';
import type { User } from '$lib/domain/auth';
import { jakartaDay } from '$lib/domain/dates';
import {
	documentView,
	kindOfStored,
	STORED_KIND,
	type DocumentKind,
	type DocumentView
} from '$lib/domain/document-view';
import type { Procurement } from '$lib/domain/procurement';
import type { SupplierProfile } from '$lib/domain/supplier';
import { sayIndonesian } from '$lib/i18n/messages';
import type { Database } from '../db/schema';
import { lenderOfUser } from '../lenders';
import { serverSecret } from '../secret';
import { canWriteSpace } from '../sync/access';
import { procurementFromRow, supplierFromRow } from '../sync/entities';
import { buyerMembership } from './buyer-steps';
import { documentPdf } from './pdf';
import { documentToken, readDocumentToken, verifyPath } from './verify-link';

/**
 * The numbered documents of institutions' orders (Surat Pesanan, BAST, Tagihan) as the server serves them:
 * found by the id `procurement_documents` files them under, and handed only to those who may read them —
 * the seller (and their facilitator), the people of the buying organisation, a lender asked for an advance
 * on that order. Anyone else is told nothing (the caller answers 404), not even that the document exists.
 */

export interface StoredDocument {
	id: string;
	kind: DocumentKind;
	procurement: Procurement;
	supplier: SupplierProfile | null;
	sellerName: string;
	organisation: { id: string; name: string; npwp: string | null; address: string | null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadDocument(
	db: Kysely<Database>,
	id: string,
	kind?: DocumentKind
): Promise<StoredDocument | null> {
	if (!UUID.test(id)) return null;
	let query = db
		.selectFrom('procurement_documents')
		.innerJoin('procurements', 'procurements.id', 'procurement_documents.procurement_id')
		.innerJoin('spaces', 'spaces.id', 'procurements.space_id')
		.innerJoin('organisations', 'organisations.id', 'procurement_documents.organisation_id')
		.selectAll('procurements')
		.select([
			'procurement_documents.kind as document_kind',
			'spaces.name as seller_name',
			'organisations.name as organisation_name',
			'organisations.npwp as organisation_npwp',
			'organisations.address as organisation_address'
		])
		.where('procurement_documents.id', '=', id)
		.where('procurements.deleted', '=', 0);
	if (kind) query = query.where('procurement_documents.kind', '=', STORED_KIND[kind]);
	const row = await query.executeTakeFirst();
	if (!row) return null;
	const {
		document_kind,
		seller_name,
		organisation_name,
		organisation_npwp,
		organisation_address,
		...procurement
	} = row;
	const supplier = await db
		.selectFrom('supplier_profiles')
		.selectAll()
		.where('id', '=', procurement.space_id)
		.executeTakeFirst();
	return {
		id,
		kind: kindOfStored(document_kind),
		procurement: procurementFromRow(procurement),
		supplier: supplier ? supplierFromRow(supplier) : null,
		sellerName: seller_name,
		organisation: {
			id: procurement.organisation_id,
			name: organisation_name,
			npwp: organisation_npwp,
			address: organisation_address
		}
	};
}

/** The document as its pages and PDF draw it, in Indonesian, its state as of today (WIB). */
export function viewOfDocument(document: StoredDocument, now = new Date()): DocumentView {
	const view = documentView(document.kind, document.procurement, document.id, document.supplier, {
		say: sayIndonesian,
		sellerName: document.sellerName,
		buyer: { npwp: document.organisation.npwp, address: document.organisation.address },
		today: jakartaDay(now)
	});
	// procurement_documents names only documents the record holds: a missing one is a broken record.
	if (!view) throw new Error(`document ${document.id} is not in procurement ${document.procurement.id}`);
	return view;
}

/** A document of the seller's own space (owner or facilitator), or null. */
export async function sellerDocument(
	db: Kysely<Database>,
	user: User,
	id: string
): Promise<StoredDocument | null> {
	const document = await loadDocument(db, id);
	if (!document || !(await canWriteSpace(db, user.id, document.procurement.spaceId))) return null;
	return document;
}

/**
 * A document for a portal user: a member (any role) of the buying organisation, or a lender whose
 * organisation was asked for an advance on an invoice of that order; null for anyone else.
 */
export async function portalDocument(
	db: Kysely<Database>,
	user: User,
	id: string
): Promise<StoredDocument | null> {
	const document = await loadDocument(db, id);
	if (!document) return null;
	if (user.role === 'buyer') {
		const membership = await buyerMembership(db, user.id);
		return membership?.organisation.id === document.organisation.id ? document : null;
	}
	if (user.role === 'lender') {
		const lender = await lenderOfUser(db, user.id);
		if (!lender) return null;
		const advance = await db
			.selectFrom('invoice_advances')
			.select('id')
			.where('procurement_id', '=', document.procurement.id)
			.where('lender_id', '=', lender.id)
			.where('deleted', '=', 0)
			.executeTakeFirst();
		return advance ? document : null;
	}
	return null;
}

/** The document a `/cek/<token>` link names, or null for a token this server did not sign. */
export async function documentOfToken(db: Kysely<Database>, token: string): Promise<StoredDocument | null> {
	const named = readDocumentToken(await serverSecret(db), token);
	return named ? loadDocument(db, named.id, named.kind) : null;
}

/** The full address of a document's check page (what its QR code holds). */
export async function verifyUrlOf(
	db: Kysely<Database>,
	document: StoredDocument,
	origin: string
): Promise<string> {
	const token = documentToken(await serverSecret(db), document.kind, document.id);
	return new URL(verifyPath(token), origin).href;
}

/** The document's PDF as a download named after its number (`TGH-WARUNGBU-2026-00001.pdf`). */
export async function documentPdfResponse(
	db: Kysely<Database>,
	document: StoredDocument,
	origin: string
): Promise<Response> {
	const view = viewOfDocument(document);
	const bytes = await documentPdf(view, await verifyUrlOf(db, document, origin));
	const name = `${view.number.replace(/[^\w-]+/g, '-')}.pdf`;
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.byteLength),
			'content-disposition': `attachment; filename="${name}"`,
			// a document's state changes (paid, late): never a stale copy, and none in shared caches
			'cache-control': 'private, no-store'
		}
	});
}
