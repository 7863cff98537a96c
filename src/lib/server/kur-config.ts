import * as z from 'zod/mini';
import { DEFAULT_KUR_RATES, type KurProduct, type KurRates } from '$lib/domain/financing';

/** A yearly rate in percent: 0 to 100, fractions allowed (6.5). */
const rate = z.number().check(z.gte(0), z.lte(100));
const overrides = z.strictObject({
	super_mikro: z.optional(rate),
	mikro: z.optional(rate),
	kecil: z.optional(rate)
});

let cached: { source: string | undefined; rates: KurRates } | null = null;

/**
 * The KUR interest rates: `DEFAULT_KUR_RATES` (6% a year, the government's subsidised rate), with any
 * product overridden by the `KUR_RATES` environment variable, JSON such as `{"super_mikro":6,"mikro":6,
 * "kecil":6}`. Configuration, not code: a change of the programme's rates is a restart, not a release.
 * A malformed value throws, so a server started with one refuses to start (hooks.server.ts reads it first).
 */
export function kurRates(source: string | undefined = process.env.KUR_RATES): KurRates {
	if (cached && cached.source === source) return cached.rates;
	let rates: KurRates = { ...DEFAULT_KUR_RATES };
	if (source !== undefined && source.trim() !== '') {
		let value: unknown;
		try {
			value = JSON.parse(source);
		} catch {
			throw new Error('KUR_RATES is not JSON; write it like {"super_mikro":6,"mikro":6,"kecil":6}');
		}
		const parsed = overrides.safeParse(value);
		if (!parsed.success) {
			throw new Error(
				'KUR_RATES must name only super_mikro, mikro and kecil, each a yearly percentage from 0 to 100'
			);
		}
		rates = { ...rates, ...parsed.data };
	}
	cached = { source, rates };
	return rates;
}

/** The yearly rate of a product, or null when none is chosen yet. */
export function rateFor(product: KurProduct | null | undefined): number | null {
	return product ? kurRates()[product] : null;
}
