import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DocumentKind, WithVerifyPaths } from '$lib/domain/document-view';
import type { Procurement } from '$lib/domain/procurement';

/**
 * The link printed (as a QR code) on every Surat Pesanan, BAST and Tagihan: `/cek/<token>`, where the token
 * is the document's kind and id signed with the server secret (secret.ts). Anyone holding the paper can open
 * it and see that Lapak issued it and how it stands now; nobody can make one for a document Lapak did not
 * issue, nor turn one document's link into another's. Derived, never stored: the same document always has
 * the same link, so pull can hand it to the phone (which cannot sign) with the record.
 */

const KIND_BYTE: Record<DocumentKind, number> = { sp: 1, bast: 2, tagihan: 3 };
const KINDS = Object.keys(KIND_BYTE) as DocumentKind[];
/** 128 bits of MAC: plenty against forgery, and a link short enough for a QR code and a WhatsApp message. */
const MAC_BYTES = 16;
const ID_BYTES = 16;
/** kind (1) + id (16) + MAC (16) = 33 bytes = 44 base64url characters, no padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{44}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: Buffer, payload: Buffer): Buffer {
	return createHmac('sha256', secret)
		.update('procurement-document:')
		.update(payload)
		.digest()
		.subarray(0, MAC_BYTES);
}

/** The signed token of a document (its id is a UUID: the procurement's, the delivery's or the invoice's). */
export function documentToken(secret: Buffer, kind: DocumentKind, id: string): string {
	const lower = id.toLowerCase();
	if (!UUID_PATTERN.test(lower)) throw new Error(`not a document id: ${id}`);
	const payload = Buffer.concat([
		Buffer.from([KIND_BYTE[kind]]),
		Buffer.from(lower.replace(/-/g, ''), 'hex')
	]);
	return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/** The document a token names, or null for anything this server did not sign (altered, cut, made up). */
export function readDocumentToken(secret: Buffer, token: string): { kind: DocumentKind; id: string } | null {
	if (!TOKEN_PATTERN.test(token)) return null;
	const bytes = Buffer.from(token, 'base64url');
	// base64url decoding forgives: only the one spelling of the bytes counts.
	if (bytes.length !== 1 + ID_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return null;
	const payload = bytes.subarray(0, 1 + ID_BYTES);
	if (!timingSafeEqual(bytes.subarray(1 + ID_BYTES), mac(secret, payload))) return null;
	const kind = KINDS.find((name) => KIND_BYTE[name] === payload[0]);
	if (!kind) return null;
	const hex = payload.subarray(1).toString('hex');
	const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	return { kind, id };
}

/** The page a token opens. */
export function verifyPath(token: string): string {
	return `/cek/${token}`;
}

/**
 * The record as pull sends it: with the verification path of every document it holds that the server has
 * numbered (an invoice the phone made offline gets its number, and its link, when it has synced).
 */
export function withVerifyPaths(procurement: Procurement, secret: Buffer): WithVerifyPaths {
	const paths: Record<string, string> = {};
	const add = (kind: DocumentKind, id: string) => (paths[id] = verifyPath(documentToken(secret, kind, id)));
	if (procurement.order) add('sp', procurement.id);
	for (const delivery of procurement.deliveries) if (delivery.receipt) add('bast', delivery.id);
	for (const invoice of procurement.invoices) if (invoice.number) add('tagihan', invoice.id);
	return { ...procurement, verifyPaths: paths };
}
