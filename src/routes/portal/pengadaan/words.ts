import type { OrganisationKind, Party, ProcurementEvent, ProcurementStatus } from '$lib/domain/procurement';
import type { MemberRole } from '$lib/server/organisations';
import { t } from '../text';
import type { DueMark, Stage } from './stages';

/** The words of the buying organisations' pages (section `pengadaan` of id.json). */

/** Pemesan, Penyetuju, Keuangan, Admin instansi. */
export function memberRoleWord(role: MemberRole): string {
	return t(`pengadaan.member_role_${role}`);
}

/** `Pemesan, Penyetuju`: a person's roles in one line. */
export function memberRolesWords(roles: readonly MemberRole[]): string {
	return roles.map(memberRoleWord).join(', ');
}

/** BUMN, Anak perusahaan BUMN, Kementerian atau lembaga, Pemerintah daerah. */
export function kindWord(kind: OrganisationKind): string {
	return t(`pengadaan.kind_${kind}`);
}

export function stageWord(stage: Stage): string {
	return t(`pengadaan.stage_${stage}`);
}

export function statusWord(status: ProcurementStatus): string {
	return t(`pengadaan.status_${status}`);
}

/** Who did a step: the seller, or the organisation's role it was taken in. */
export function partyWord(party: Party): string {
	return party === 'seller' ? t('pengadaan.party_seller') : memberRoleWord(party);
}

/** What a history entry says was done. */
export function stepWord(event: ProcurementEvent): string {
	return t(`pengadaan.step_${event.step}`);
}

/** `Dibutuhkan 28 Nov 2026 · Terlambat 3 hari`, `Jatuh tempo 28 Nov 2026`. */
export function dueWords(mark: DueMark, formatDay: (day: string) => string): string {
	const when = t(`pengadaan.due_${mark.kind}`, { date: formatDay(mark.date) });
	return mark.late > 0 ? `${when} · ${t('pengadaan.late_days', { count: mark.late })}` : when;
}
