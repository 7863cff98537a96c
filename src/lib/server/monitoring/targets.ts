import * as z from 'zod/mini';

/**
 * Each organisation's yearly target of spend on UMKM, in rupiah, from the environment variable
 * `PROCUREMENT_TARGETS`: JSON by organisation code and year, e.g.
 * `{"PTKAI": {"2026": 5000000000}, "DKSLM": {"2026": 750000000}}` (for a ministry, 40 % of its procurement
 * budget: Inpres 2/2022). An organisation or a year not named has no target. A malformed value throws.
 */
const targetsSchema = z.record(
	z.string(),
	z.record(z.string().check(z.regex(/^\d{4}$/)), z.int().check(z.gte(0)))
);

let cache: { source: string | undefined; value: Record<string, Record<string, number>> } | null = null;

function readTargets(): Record<string, Record<string, number>> {
	const source = process.env.PROCUREMENT_TARGETS;
	if (cache && cache.source === source) return cache.value;
	let value: Record<string, Record<string, number>> = {};
	if (source?.trim()) {
		const parsed = targetsSchema.safeParse(JSON.parse(source));
		if (!parsed.success) {
			throw new Error('PROCUREMENT_TARGETS must look like {"PTKAI": {"2026": 5000000000}} (rupiah)');
		}
		value = parsed.data;
	}
	cache = { source, value };
	return value;
}

/** The organisation's target for the year, or null. */
export function targetOf(organisationCode: string, year: string): number | null {
	return readTargets()[organisationCode]?.[year] ?? null;
}
