import * as z from 'zod/mini';
import { personName } from './auth';
import { isNib } from './nik';
import type { ChangedBy } from './records';
import { sellerAddress, type SellerAddress } from './seller';

/**
 * A seller as a supplier of institutions (BUMN, ministries, regional offices): whether they take their orders,
 * and the legal data an institution's purchase order, BAST and invoice need. One record per space, whose id is
 * the space's id; synced like every other record, so the seller (or their facilitator) fills it in offline.
 */

/** Business sizes as UU 20/2008 and PP 7/2021 name them; the monitoring's figures count by them. */
export const BUSINESS_SIZES = ['mikro', 'kecil', 'menengah'] as const;
export type BusinessSize = (typeof BUSINESS_SIZES)[number];

/** Banks a village seller most often holds an account with; any other name may be typed. */
export const COMMON_BANKS = ['BRI', 'BNI', 'Mandiri', 'BSI', 'BTN', 'BCA', 'Bank Daerah'] as const;

/** Digits only: `01.234.567.8-912.000` → `012345678912000`. */
export function digitsOf(input: string): string {
	return input.replace(/[\s.\-/]/g, '');
}

/**
 * An NPWP as it is written since 2024: 16 digits (for a person, the NIK). An old 15-digit NPWP becomes 16 by
 * a leading 0, as DJP converts it; anything else is not an NPWP. Returns the 16 digits or null.
 */
export function normalizeNpwp(input: string): string | null {
	const digits = digitsOf(input);
	// All one digit is a placeholder, not an NPWP, in the old form too: 00.000.000.0-000.000 is the "NPWP
	// nol" an invoice writes for a buyer who has none, and would otherwise become sixteen zeros.
	if (/^(\d)\1*$/.test(digits)) return null;
	if (/^\d{15}$/.test(digits)) return `0${digits}`;
	if (/^\d{16}$/.test(digits)) return digits;
	return null;
}

/**
 * A NITKU (Nomor Identitas Tempat Kegiatan Usaha): the 16-digit NPWP followed by a 6-digit place code (000000
 * for the head office). Checked against the NPWP it must start with. Returns an error key or null.
 */
export function nitkuError(nitku: string, npwp: string | null): string | null {
	if (!/^\d{22}$/.test(nitku)) return 'supplier.err_nitku_format';
	if (npwp && !nitku.startsWith(npwp)) return 'supplier.err_nitku_npwp';
	return null;
}

const npwpField = z.pipe(
	z.string({ error: 'supplier.err_npwp_format' }),
	z.transform((value, ctx) => {
		const npwp = normalizeNpwp(value);
		if (npwp === null) {
			ctx.issues.push({ code: 'custom', message: 'supplier.err_npwp_format', input: value });
			return z.NEVER;
		}
		return npwp;
	})
);
const nitkuField = z.pipe(
	z.string({ error: 'supplier.err_nitku_format' }),
	z.transform((value) => digitsOf(value))
);
const nibField = z.pipe(
	z.string({ error: 'err.nib_format' }),
	z.transform((value, ctx) => {
		const nib = digitsOf(value);
		if (!isNib(nib)) {
			ctx.issues.push({ code: 'custom', message: 'err.nib_format', input: value });
			return z.NEVER;
		}
		return nib;
	})
);

export const bankAccount = z.object({
	bank: z
		.string({ error: 'supplier.err_bank' })
		.check(z.trim(), z.minLength(2, 'supplier.err_bank'), z.maxLength(60, 'err.text_too_long')),
	accountNumber: z.pipe(
		z.string({ error: 'supplier.err_account_number' }),
		z.transform((value, ctx) => {
			const digits = digitsOf(value);
			if (!/^\d{5,20}$/.test(digits)) {
				ctx.issues.push({ code: 'custom', message: 'supplier.err_account_number', input: value });
				return z.NEVER;
			}
			return digits;
		})
	),
	holder: personName
});
export type BankAccount = z.infer<typeof bankAccount>;

/** `supplier.put`: the fields given are changed; the record is made on its first put. */
export const supplierPutArgs = z.object({
	acceptsInstitutional: z.optional(z.boolean()),
	/** The business's name as its legal papers write it (an institution's documents print it). */
	legalName: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(150, 'err.text_too_long')))),
	nib: z.optional(z.nullable(nibField)),
	npwp: z.optional(z.nullable(npwpField)),
	nitku: z.optional(z.nullable(nitkuField)),
	/** Pengusaha Kena Pajak: a PKP charges PPN on its invoices. */
	pkp: z.optional(z.boolean()),
	bank: z.optional(z.nullable(bankAccount)),
	size: z.optional(z.nullable(z.enum(BUSINESS_SIZES, 'supplier.err_size'))),
	/** Where the business is: institutions search by province and regency. */
	address: z.optional(z.nullable(sellerAddress))
});
export type SupplierPutArgs = z.infer<typeof supplierPutArgs>;

/** A seller's supplier profile as the server stores it and pull sends it (id = spaceId). */
export interface SupplierProfile {
	id: string;
	spaceId: string;
	acceptsInstitutional: boolean;
	legalName: string | null;
	nib: string | null;
	npwp: string | null;
	nitku: string | null;
	pkp: boolean;
	bank: BankAccount | null;
	size: BusinessSize | null;
	address: SellerAddress | null;
	changedBy?: ChangedBy | null;
	version: number;
	createdAt: string;
	updatedAt: string;
}

const PUT_FIELDS = [
	'acceptsInstitutional',
	'legalName',
	'nib',
	'npwp',
	'nitku',
	'pkp',
	'bank',
	'size',
	'address'
] as const;

/**
 * Applies a `supplier.put`, the same way on the phone and on the server. The NITKU must start with the NPWP
 * the profile ends up with, whichever of the two the put changes.
 */
export function applySupplierPut(
	existing: SupplierProfile | undefined,
	args: SupplierPutArgs,
	base: Pick<SupplierProfile, 'spaceId' | 'version' | 'updatedAt'>
): SupplierProfile | { error: string } {
	const next: SupplierProfile = existing
		? { ...existing, version: base.version, updatedAt: base.updatedAt }
		: {
				id: base.spaceId,
				spaceId: base.spaceId,
				acceptsInstitutional: false,
				legalName: null,
				nib: null,
				npwp: null,
				nitku: null,
				pkp: false,
				bank: null,
				size: null,
				address: null,
				version: base.version,
				createdAt: base.updatedAt,
				updatedAt: base.updatedAt
			};
	for (const field of PUT_FIELDS) {
		const value = args[field];
		if (value !== undefined) {
			(next as unknown as Record<string, unknown>)[field] = value === '' ? null : value;
		}
	}
	if (next.nitku) {
		const error = nitkuError(next.nitku, next.npwp);
		if (error) return { error };
	}
	return next;
}

/** The legal data a quotation needs, in the order the form asks for it. */
export const LEGAL_FIELDS = ['nib', 'npwp', 'nitku', 'bank'] as const;
export type LegalField = (typeof LEGAL_FIELDS)[number];

/** What is still missing before the seller may quote to an institution (empty: ready). */
export function missingLegalData(profile: SupplierProfile | null | undefined): LegalField[] {
	if (!profile) return [...LEGAL_FIELDS];
	return LEGAL_FIELDS.filter((field) => !profile[field]);
}

/** The reason a seller may not quote now, or null: they take institutional orders and their papers are complete. */
export function quoteRefusal(profile: SupplierProfile | null | undefined): string | null {
	if (!profile?.acceptsInstitutional) return 'procurement.err_not_supplier';
	if (missingLegalData(profile).length > 0) return 'procurement.err_legal_data';
	return null;
}
