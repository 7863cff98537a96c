import type { UserRole } from '$lib/domain/auth';
import {
	isMove,
	paramWords,
	type FinancingEvent,
	type FinancingStatus,
	type KurProduct,
	type MaritalStatus,
	type Purpose
} from '$lib/domain/financing';
import { sayIndonesian } from '$lib/i18n/messages';

/**
 * The portal's words, in Bahasa Indonesia (the pages are drawn on the server and ship no JavaScript, so no
 * i18n library and no language switch). `{{name}}` takes `params.name`.
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
	return sayIndonesian(key, params);
}

/** Diajukan, Ditinjau, Perlu perbaikan, Disetujui, Ditolak (and Draf). */
export function statusWord(status: FinancingStatus): string {
	return t(`portal.status_${status}`);
}

/** What a history entry says happened: "Disetujui", "Dipindahkan dari Bank A ke Koperasi B". */
export function eventWord(event: FinancingEvent): string {
	if (!isMove(event)) return statusWord(event.status);
	return event.from
		? t('portal.history_moved', { from: event.from.name, to: event.to.name })
		: t('portal.history_assigned', { to: event.to.name });
}

/** KUR Super Mikro, KUR Mikro, KUR Kecil. */
export function productWord(product: KurProduct | null | undefined): string {
	return product ? t(`portal.product_${product}`) : t('portal.empty_value');
}

export function purposeWord(purpose: Purpose | null | undefined): string {
	return purpose ? t(`portal.purpose_${purpose}`) : t('portal.empty_value');
}

export function maritalWord(status: MaritalStatus | null | undefined): string {
	return status ? t(`portal.marital_${status}`) : t('portal.empty_value');
}

/** `pemberi pembiayaan`, `pendamping` …: lower case, for inside a sentence. */
export function roleWord(role: UserRole): string {
	return t(`portal.role_${role}`);
}

/** The same, as a label on its own: `Pemberi pembiayaan`. */
export function roleLabel(role: UserRole): string {
	const word = roleWord(role);
	return word.charAt(0).toUpperCase() + word.slice(1);
}

const monthFormat = new Intl.DateTimeFormat('id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** `2026-05` → `Mei 2026`. */
export function formatMonth(yearMonth: string): string {
	return monthFormat.format(new Date(`${yearMonth}-01T00:00:00Z`));
}

const monthNameFormat = new Intl.DateTimeFormat('id-ID', { month: 'short', timeZone: 'UTC' });

/** `2026-05` → `Mei`. */
export function monthName(yearMonth: string): string {
	return monthNameFormat.format(new Date(`${yearMonth}-01T00:00:00Z`));
}

const compactFormat = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });

/** `1250000` → `1,3 jt`: the labels of the revenue chart. */
export function formatCompact(amount: number): string {
	return compactFormat.format(amount);
}

/**
 * A rule's problem in words, its amounts (`Rp{{min}}`) written as Indonesians write them (10.000.001) and
 * a KUR product by its name.
 */
export function problemWords(key: string, params: Record<string, string | number> = {}): string {
	return t(
		key,
		Object.fromEntries(Object.entries(params).map(([name, value]) => [name, paramWords(name, value, t)]))
	);
}
