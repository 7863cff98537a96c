import { describe, expect, it } from 'vitest';
import type { FinancingApplication, FinancingStatus, Lender } from './financing';
import { lenderInput, moveFinancing } from './lender';

const BANK: Lender = { id: '0192f0c4-0000-7000-8000-00000000b001', name: 'Bank Desa', products: ['mikro'] };
const KOPERASI: Lender = {
	id: '0192f0c4-0000-7000-8000-00000000b002',
	name: 'Koperasi Maju',
	products: ['super_mikro', 'mikro']
};
const ADMIN = { id: 'admin-1', name: 'Admin Program' };
const AT = '2026-11-28T03:00:00.000Z';

function application(status: FinancingStatus): FinancingApplication {
	return {
		id: 'f1',
		spaceId: 's1',
		status,
		fields: { product: 'mikro', amount: 25_000_000, lenderId: BANK.id },
		fieldChanges: {},
		ratePercent: 6,
		salesRecord: null,
		submittedAt: '2026-11-01T00:00:00.000Z',
		decisions: [],
		version: 3,
		createdAt: '2026-11-01T00:00:00.000Z',
		updatedAt: '2026-11-01T00:00:00.000Z'
	};
}

describe('moveFinancing', () => {
	it.each([
		['submitted', 'submitted'],
		// the first lender was reviewing it: the new one starts afresh
		['in_review', 'submitted'],
		// still waiting for the seller's revision, now for the new lender
		['needs_revision', 'needs_revision']
	] as const)('moves one %s to another lender, which then sees it as %s', (status, after) => {
		const moved = moveFinancing(
			application(status),
			KOPERASI,
			{ from: BANK, note: 'Lebih dekat', by: ADMIN, at: AT },
			7
		);
		expect(moved).toMatchObject({
			status: after,
			fields: { lenderId: KOPERASI.id, product: 'mikro' },
			fieldChanges: { lenderId: { by: ADMIN, at: AT } },
			decisions: [
				{
					status: 'moved',
					from: { id: BANK.id, name: 'Bank Desa' },
					to: { id: KOPERASI.id, name: 'Koperasi Maju' },
					note: 'Lebih dekat',
					by: ADMIN,
					at: AT
				}
			],
			version: 7,
			updatedAt: AT
		});
	});

	it.each([
		['a draft', application('draft'), KOPERASI, { error: 'not_found' }],
		['an approved one', application('approved'), KOPERASI, { error: 'conflict' }],
		['a rejected one', application('rejected'), KOPERASI, { error: 'conflict' }],
		['one to the lender it is with', application('submitted'), BANK, { error: 'conflict' }],
		[
			'one to a lender without its product',
			{ ...application('submitted'), fields: { product: 'kecil' as const, lenderId: BANK.id } },
			KOPERASI,
			{ error: 'invalid', message: 'err.lender_no_product' }
		]
	])('refuses to move %s', (_case, current, to, refusal) => {
		expect(moveFinancing(current, to, { from: BANK, note: null, by: ADMIN, at: AT }, 7)).toMatchObject(
			refusal
		);
	});

	it('gives a lender to an application that had none', () => {
		const moved = moveFinancing(
			{ ...application('submitted'), fields: { product: 'mikro' } },
			BANK,
			{ from: null, note: null, by: ADMIN, at: AT },
			7
		);
		expect(moved).toMatchObject({
			fields: { lenderId: BANK.id },
			decisions: [{ from: null, to: { id: BANK.id, name: BANK.name } }]
		});
	});
});

describe('lenderInput', () => {
	it('keeps the products once each, in the programme order', () => {
		expect(lenderInput.parse({ name: ' Bank Desa ', products: ['kecil', 'mikro', 'kecil'] })).toEqual({
			name: 'Bank Desa',
			products: ['mikro', 'kecil']
		});
	});

	it.each([
		[{ name: '', products: ['mikro'] }, 'err.lender_name_required'],
		[{ name: '\u200b\u200b', products: ['mikro'] }, 'err.lender_name_required'],
		[{ name: 'Bank\u202eDesa', products: ['mikro'] }, 'err.text_invalid_chars'],
		[{ name: 'Bank', products: [] }, 'err.lender_products_required'],
		[{ name: 'Bank', products: ['besar'] }, 'err.kur_product']
	])('refuses %j', (input, message) => {
		const parsed = lenderInput.safeParse(input);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.message).toBe(message);
	});
});
