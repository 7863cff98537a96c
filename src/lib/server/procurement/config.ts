import * as z from 'zod/mini';
import {
	DEFAULT_ADVANCE_TERMS,
	DEFAULT_TAX_RATES,
	type AdvanceTerms,
	type ProcurementTaxRates
} from '$lib/domain/procurement-money';

/** Basis points: 0 to 10,000 (100 %). */
const basisPoints = z.int().check(z.gte(0), z.lte(10_000));

/**
 * Reads a JSON environment variable over defaults; a malformed value throws, so a server started with one
 * refuses to start (hooks.server.ts reads both first), as KUR_RATES does.
 */
function readConfig<T extends object>(
	name: string,
	source: string | undefined,
	defaults: T,
	schema: z.ZodMiniType<Partial<T>>,
	example: string
): T {
	if (source === undefined || source.trim() === '') return { ...defaults };
	let value: unknown;
	try {
		value = JSON.parse(source);
	} catch {
		throw new Error(`${name} is not JSON; write it like ${example}`);
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new Error(`${name} must look like ${example} (basis points: 100 = 1 %)`);
	return { ...defaults, ...parsed.data };
}

const cache = new Map<string, { source: string | undefined; value: unknown }>();

function cached<T>(name: string, source: string | undefined, read: () => T): T {
	const hit = cache.get(name);
	if (hit && hit.source === source) return hit.value as T;
	const value = read();
	cache.set(name, { source, value });
	return value;
}

/**
 * The taxes of institutional invoices: `DEFAULT_TAX_RATES` (PPN 11 % of the price, PPh 22 1.5 %), each
 * overridden by `PROCUREMENT_TAX_RATES`, e.g. `{"ppnBasisPoints":1100,"pphBasisPoints":150}`. A Surat
 * Pesanan keeps the rates in force when it was issued, so a change applies to orders issued after it.
 */
export function taxRates(
	source: string | undefined = process.env.PROCUREMENT_TAX_RATES
): ProcurementTaxRates {
	return cached('PROCUREMENT_TAX_RATES', source, () =>
		readConfig(
			'PROCUREMENT_TAX_RATES',
			source,
			DEFAULT_TAX_RATES,
			z.strictObject({ ppnBasisPoints: z.optional(basisPoints), pphBasisPoints: z.optional(basisPoints) }),
			'{"ppnBasisPoints":1100,"pphBasisPoints":150}'
		)
	);
}

/**
 * Invoice financing terms: `DEFAULT_ADVANCE_TERMS` (up to 80 % of the invoice, 1.5 % a month), overridden by
 * `INVOICE_ADVANCE_TERMS`, e.g. `{"maxShareBasisPoints":9000,"monthlyFeeBasisPoints":125}`.
 */
export function advanceTerms(source: string | undefined = process.env.INVOICE_ADVANCE_TERMS): AdvanceTerms {
	return cached('INVOICE_ADVANCE_TERMS', source, () =>
		readConfig(
			'INVOICE_ADVANCE_TERMS',
			source,
			DEFAULT_ADVANCE_TERMS,
			z.strictObject({
				maxShareBasisPoints: z.optional(basisPoints),
				monthlyFeeBasisPoints: z.optional(basisPoints)
			}),
			'{"maxShareBasisPoints":8000,"monthlyFeeBasisPoints":150}'
		)
	);
}
