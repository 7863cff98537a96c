const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = locale + JSON.stringify(options);
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Jakarta', ...options });
		dateFormats.set(key, format);
	}
	return format;
}

/** `2026-11-28T03:00:00Z` → `28 Nov 2026` (in Western Indonesian Time, where most sellers are). */
export function formatDate(iso: string, locale = 'id-ID'): string {
	return dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** `2026-11-28T03:05:00Z` → `28 Nov 2026, 10.05`. */
export function formatDateTime(iso: string, locale = 'id-ID'): string {
	return dateFormat(locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(new Date(iso));
}

const dayFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Jakarta',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/**
 * The calendar day of an instant in Western Indonesian Time, `YYYY-MM-DD`: the day sales are counted in,
 * and the "today" eligibility and the sales record are judged on, on the phone and on the server alike.
 */
export function jakartaDay(iso: string | Date): string {
	return dayFormat.format(typeof iso === 'string' ? new Date(iso) : iso);
}
