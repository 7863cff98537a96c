import { describe, expect, it } from 'vitest';
import { DELIVERY, INVOICE, ORDER, invoicedOrder } from '$lib/domain/document-view.fixtures';
import { documentToken, readDocumentToken, verifyPath, withVerifyPaths } from './verify-link';

const secret = Buffer.from('a test secret of the server', 'utf8');
const other = Buffer.from('another server', 'utf8');

/** The token with one character changed at `index` (to another base64url character). */
function altered(token: string, index: number): string {
	const swap = token[index] === 'A' ? 'B' : 'A';
	return token.slice(0, index) + swap + token.slice(index + 1);
}

describe('document verification links', () => {
	it.each(['sp', 'bast', 'tagihan'] as const)('reads back the %s it signed', (kind) => {
		const token = documentToken(secret, kind, INVOICE);
		expect(token).toMatch(/^[\w-]{44}$/);
		expect(readDocumentToken(secret, token)).toEqual({ kind, id: INVOICE });
		expect(verifyPath(token)).toBe(`/cek/${token}`);
	});

	it('gives each document its own token, always the same one', () => {
		const tokens = new Set([
			documentToken(secret, 'sp', ORDER),
			documentToken(secret, 'bast', ORDER),
			documentToken(secret, 'tagihan', INVOICE),
			documentToken(secret, 'tagihan', INVOICE.toUpperCase())
		]);
		expect(tokens.size).toBe(3);
	});

	const token = documentToken(secret, 'tagihan', INVOICE);
	it.each([
		['the kind changed', altered(token, 0)],
		['the id changed', altered(token, 10)],
		['the signature changed', altered(token, 40)],
		['cut short', token.slice(0, 43)],
		['made longer', `${token}A`],
		['padded', `${token}=`],
		['with a character base64url does not have', `${token.slice(0, 43)}+`],
		['empty', ''],
		['signed by another server', documentToken(other, 'tagihan', INVOICE)]
	])('refuses a token %s', (_case, bad) => {
		expect(readDocumentToken(secret, bad)).toBeNull();
	});

	it('refuses a token whose kind byte names no kind, even correctly signed', () => {
		const bytes = Buffer.from(token, 'base64url');
		bytes[0] = 9;
		expect(readDocumentToken(secret, bytes.toString('base64url'))).toBeNull();
	});

	it('will not sign what is not a document id', () => {
		expect(() => documentToken(secret, 'sp', '../etc/passwd')).toThrow();
	});

	it('adds the path of every numbered document to the record pull sends', () => {
		const order = invoicedOrder();
		expect(withVerifyPaths(order, secret).verifyPaths).toEqual({
			[ORDER]: verifyPath(documentToken(secret, 'sp', ORDER)),
			[DELIVERY]: verifyPath(documentToken(secret, 'bast', DELIVERY)),
			[INVOICE]: verifyPath(documentToken(secret, 'tagihan', INVOICE))
		});
		order.invoices[0].number = null;
		order.deliveries[0].receipt = null;
		expect(Object.keys(withVerifyPaths(order, secret).verifyPaths!)).toEqual([ORDER]);
	});
});
