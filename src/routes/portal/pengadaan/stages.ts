import { lineProgress, unpaidInvoices, type Procurement } from '$lib/domain/procurement';
import { daysBetween, daysLate } from '$lib/domain/procurement-money';

/**
 * Where a record stands for the buying organisation's people: the seven groups of their home page, in the
 * order the work moves (a returned request waits with the ones for approval; a closed one, whatever closed
 * it, is done).
 */
export const STAGES = ['requested', 'quoted', 'approval', 'ordered', 'shipping', 'invoiced', 'done'] as const;
export type Stage = (typeof STAGES)[number];

export function stageOf(procurement: Procurement): Stage {
	switch (procurement.status) {
		case 'requested':
			return 'requested';
		case 'quoted':
			return 'quoted';
		case 'submitted':
		case 'revision':
			return 'approval';
		case 'ordered':
			return 'ordered';
		case 'accepted':
			if (unpaidInvoices(procurement).length > 0) return 'invoiced';
			return procurement.deliveries.length > 0 ? 'shipping' : 'ordered';
		default:
			return 'done';
	}
}

/** The date that matters next for a record, and how many days it is past (0 when not). */
export interface DueMark {
	kind: 'needed' | 'valid' | 'invoice';
	date: string;
	late: number;
}

/**
 * The next date the people of the organisation watch: for an unpaid invoice its due date; for a quotation
 * how long it stands; for anything not received in full yet the day it was needed by. Null once done.
 */
export function dueMark(procurement: Procurement, today: string): DueMark | null {
	const stage = stageOf(procurement);
	if (stage === 'done') return null;
	if (stage === 'invoiced') {
		const next = unpaidInvoices(procurement).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
		return { kind: 'invoice', date: next.dueDate, late: daysLate(next, today) };
	}
	if (stage === 'quoted' && procurement.quotation) {
		const date = procurement.quotation.validUntil;
		return { kind: 'valid', date, late: Math.max(0, daysBetween(date, today)) };
	}
	const received = lineProgress(procurement).every((line) => line.received >= line.ordered);
	if (received) return null;
	const date = procurement.request.neededBy;
	return { kind: 'needed', date, late: Math.max(0, daysBetween(date, today)) };
}

/** The records grouped by stage, each group in the order given (the service gives the latest change first). */
export function byStage<T extends Procurement>(procurements: T[]): Record<Stage, T[]> {
	const groups = Object.fromEntries(STAGES.map((stage) => [stage, [] as T[]])) as Record<Stage, T[]>;
	for (const procurement of procurements) groups[stageOf(procurement)].push(procurement);
	return groups;
}
