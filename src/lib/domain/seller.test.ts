import { describe, expect, it } from 'vitest';
import { facilitatorReport, onboardingChecklist, sellerMatches, weekStart } from './onboarding';
import {
	activationCodeFrom,
	formatActivationCode,
	newSeller,
	normalizeActivationCode,
	patchSeller,
	sellerCreateArgs,
	sellerPatchArgs,
	type Seller
} from './seller';

const SPACE = '0190a000-0000-7000-8000-000000000001';
const budi = { id: '0190a000-0000-7000-8000-0000000000b0', name: 'Budi' };

function seller(overrides: Partial<Seller> = {}): Seller {
	return {
		...newSeller(
			{ ownerName: 'Sari', phone: '+6281234567890', businessName: 'Warung Bu Sari' },
			{ spaceId: SPACE, by: budi, at: '2026-11-28T03:00:00.000Z', version: 0 }
		),
		...overrides
	};
}

const fullAddress = {
	provinceCode: '33',
	regencyCode: '33.08',
	districtCode: '33.08.01',
	villageCode: '33.08.01.2001',
	villageName: null,
	street: 'Jl. Pasar 3'
};
const complete = seller({ category: 'Makanan', address: fullAddress, storefrontPhoto: 'a'.repeat(64) });
const withPhoto = { photos: ['b'.repeat(64)] };
const noPhoto = { photos: [] };

describe('onboarding checklist', () => {
	it.each([
		['a new seller with only names', seller(), [], [], [], [false, 0, false, false, false, 0]],
		['a complete profile', complete, [], [], [], [true, 0, false, false, false, 1]],
		[
			'a profile without the village',
			seller({ ...complete, address: { ...fullAddress, villageCode: null } }),
			[],
			[],
			[],
			[false, 0, false, false, false, 0]
		],
		[
			'a village typed by name counts',
			seller({ ...complete, address: { ...fullAddress, villageCode: null, villageName: 'Ngablak' } }),
			[],
			[],
			[],
			[true, 0, false, false, false, 1]
		],
		[
			'four products with photos are not yet five',
			complete,
			[withPhoto, withPhoto, withPhoto, withPhoto, noPhoto, noPhoto],
			[],
			[],
			[true, 4, false, false, false, 1]
		],
		[
			'five products with photos',
			complete,
			[withPhoto, withPhoto, withPhoto, withPhoto, withPhoto],
			[],
			[],
			[true, 5, true, false, false, 2]
		],
		[
			'a cancelled order is no first order',
			complete,
			[],
			[{ status: 'cancelled' as const }],
			[],
			[true, 0, false, false, false, 1]
		],
		[
			'a completed walk-in sale',
			complete,
			[],
			[{ status: 'completed' as const }],
			[],
			[true, 0, false, true, false, 2]
		],
		[
			'a draft application is not applied yet',
			complete,
			[],
			[],
			[{ status: 'draft' as const }],
			[true, 0, false, false, false, 1]
		],
		[
			'everything done',
			complete,
			[withPhoto, withPhoto, withPhoto, withPhoto, withPhoto],
			[{ status: 'new' as const }],
			[{ status: 'submitted' as const }],
			[true, 5, true, true, true, 4]
		]
	])('%s', (_, profile, products, orders, applications, expected) => {
		const list = onboardingChecklist(profile, products, orders, applications);
		expect([
			list.profileComplete,
			list.productsWithPhotos,
			list.productsDone,
			list.firstOrder,
			list.financingApplied,
			list.done
		]).toEqual(expected);
	});
});

describe('seller profile', () => {
	it('is made by the facilitator, waiting for the server', () => {
		const made = seller();
		expect(made.id).toBe(SPACE);
		expect(made.activation.status).toBe('waiting');
		expect(made.members).toEqual([{ ...budi, role: 'facilitator' }]);
		expect(made.changedBy).toEqual({ ...budi, role: 'facilitator' });
	});

	it('takes the fields of a patch and keeps the rest', () => {
		const patched = patchSeller(complete, { category: null, ownerName: 'Sari Wulandari' });
		expect(patched.category).toBeNull();
		expect(patched.ownerName).toBe('Sari Wulandari');
		expect(patched.address).toEqual(fullAddress);
	});

	it.each([
		[{ ownerName: 'Sari', phone: '0812-3456-7890', businessName: 'Warung' }, null],
		[{ ownerName: '', phone: '081234567890', businessName: 'Warung' }, 'err.person_name_required'],
		[{ ownerName: 'Sari', phone: '12345', businessName: 'Warung' }, 'err.phone_invalid'],
		[{ ownerName: 'Sari', phone: '081234567890', businessName: ' ' }, 'err.business_name_required'],
		[{ ownerName: 'Sari', phone: '081234567890', businessName: 'W', nik: '320101450890' }, 'err.nik_format'],
		[
			{ ownerName: 'Sari', phone: '081234567890', businessName: 'W', nik: '3201019999900001' },
			'err.nik_birth_date'
		],
		[{ ownerName: 'Sari', phone: '081234567890', businessName: 'W', nik: '3201014508900001' }, null],
		[{ ownerName: 'Sari', phone: '081234567890', businessName: 'W', nib: '12345' }, 'err.nib_format'],
		[
			{
				ownerName: 'Sari',
				phone: '081234567890',
				businessName: 'W',
				location: { lat: 120, lng: 110, accuracy: 5 }
			},
			'err.location_invalid'
		],
		[
			{
				ownerName: 'Sari',
				phone: '081234567890',
				businessName: 'W',
				address: { ...fullAddress, regencyCode: '3308' }
			},
			'err.region_invalid'
		]
	])('checks %o', (input, problem) => {
		const parsed = sellerCreateArgs.safeParse(input);
		expect(parsed.success ? null : parsed.error.issues[0].message).toBe(problem);
	});

	it('stores the phone as +628…', () => {
		expect(sellerPatchArgs.parse({ phone: '0812 3456 7890' }).phone).toBe('+6281234567890');
	});
});

describe('activation codes', () => {
	it('are eight characters that cannot be misread', () => {
		const code = activationCodeFrom(Uint8Array.from({ length: 8 }, (_, i) => i * 37));
		expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
	});

	it('are read back however they were typed', () => {
		expect(normalizeActivationCode(' ab3k-9qpx ')).toBe('AB3K9QPX');
		expect(formatActivationCode('AB3K9QPX')).toBe('AB3K-9QPX');
	});
});

describe('facilitator report', () => {
	const now = new Date('2026-12-01T05:00:00.000Z'); // Tuesday 1 Dec 2026, 12:00 WIB
	const space = (n: number) => `0190a000-0000-7000-8000-00000000000${n}`;
	const synced = (n: number, createdAt: string, status: Seller['activation']['status'] = 'pending') => ({
		id: space(n),
		createdAt,
		version: 3,
		activation: { status, code: null, expiresAt: null, activatedAt: null }
	});

	it.each([
		['2026-11-30T00:00:00.000Z', '2026-11-30'], // Monday 07:00 WIB
		['2026-11-29T16:59:59.000Z', '2026-11-23'], // Sunday 23:59 WIB
		['2026-11-29T17:00:00.000Z', '2026-11-30'] // Monday 00:00 WIB
	])('puts %s in the week of %s', (iso, monday) => {
		expect(weekStart(iso)).toBe(monday);
	});

	it('counts sign-ups per week, active sellers and applications from synced records only', () => {
		const report = facilitatorReport(
			{
				sellers: [
					synced(1, '2026-11-30T02:00:00.000Z', 'activated'),
					synced(2, '2026-11-24T02:00:00.000Z'),
					synced(3, '2026-11-25T02:00:00.000Z'),
					{ ...synced(4, '2026-12-01T02:00:00.000Z'), version: 0 }
				],
				orders: [
					{ spaceId: space(1), createdAt: '2026-11-30T03:00:00.000Z', status: 'completed', version: 5 },
					{ spaceId: space(2), createdAt: '2026-11-10T03:00:00.000Z', status: 'completed', version: 5 },
					{ spaceId: space(3), createdAt: '2026-11-29T03:00:00.000Z', status: 'cancelled', version: 5 },
					{ spaceId: space(4), createdAt: '2026-12-01T03:00:00.000Z', status: 'new', version: 0 }
				],
				applications: [
					{ spaceId: space(2), status: 'submitted', submittedAt: '2026-11-26T00:00:00Z', version: 4 },
					{ spaceId: space(3), status: 'draft', submittedAt: null, version: 4 }
				]
			},
			now
		);
		expect(report.weeks).toHaveLength(8);
		expect(report.weeks.slice(0, 3)).toEqual([
			{ weekStart: '2026-11-30', onboarded: 1 },
			{ weekStart: '2026-11-23', onboarded: 2 },
			{ weekStart: '2026-11-16', onboarded: 0 }
		]);
		expect(report).toMatchObject({
			onboarded: 3,
			activated: 1,
			active: 1,
			applied: 1,
			applications: 1,
			notSynced: 1
		});
	});
});

describe('finding a seller in the list', () => {
	const sari = seller({
		businessName: 'Warung Bu Sari',
		ownerName: 'Sari Wulandari',
		phone: '+6281234567890',
		address: { ...fullAddress, villageName: 'Ngablak' }
	});
	it.each([
		['', true],
		['sari', true],
		['warung wulan', true],
		['WARUNG', true],
		['ngablak', true],
		['0812 3456', true],
		['81234567890', true],
		['kedai', false],
		['0899', false]
	])('%j → %s', (query, found) => {
		expect(sellerMatches(sari, query)).toBe(found);
	});
});
