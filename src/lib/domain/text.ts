/**
 * Lower case, accents and punctuation removed, runs of spaces made one: "Kopi  Sachet (Kapal-Api)"
 * → "kopi sachet kapal api", "Café" → "cafe". The one way every search in Lapak compares what was typed
 * with a name (products, buyers, regions).
 */
export function normalizeText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * A message with its `{{name}}` placeholders filled from `params`; a placeholder with no value stays as
 * it is, so a missing one shows in the text instead of vanishing.
 */
export function fillTemplate(template: string, params: Record<string, string | number> = {}): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}
