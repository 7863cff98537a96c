import { describe, expect, it } from 'vitest';
import {
	accepted,
	at,
	firstDeliveryReceived,
	firstInvoiced,
	I1,
	ordered,
	payment,
	quoted,
	requested,
	submitted
} from '$lib/domain/procurement.fixtures';
import type { Procurement } from '$lib/domain/procurement';
import { cancel, pay, decide, isRefusal } from '$lib/domain/procurement-steps';
import { byStage, dueMark, stageOf } from './stages';

function must(result: Procurement | { error: string }): Procurement {
	if (isRefusal(result)) throw new Error(result.message);
	return result as Procurement;
}

const revision = () =>
	must(
		decide(submitted(), { decision: 'revise', note: 'Kurangi gula' }, at('penyetuju', '2026-11-05'), null)
	);
const cancelled = () => must(cancel(quoted(), null, at('pemesan', '2026-11-04')));
const paid = () => must(pay(firstInvoiced(), payment(I1, '2026-11-20'), at('keuangan', '2026-11-20')));

describe('the stages of the buyer home', () => {
	it.each([
		['a request for quotation', requested, 'requested'],
		['a quotation', quoted, 'quoted'],
		['a purchase request', submitted, 'approval'],
		['one returned for revision', revision, 'approval'],
		['an issued Surat Pesanan', ordered, 'ordered'],
		['an accepted one not shipped yet', accepted, 'ordered'],
		['one with a delivery', firstDeliveryReceived, 'shipping'],
		['one with an unpaid invoice', firstInvoiced, 'invoiced'],
		['one paid but not all delivered', paid, 'shipping'],
		['a cancelled request', cancelled, 'done']
	] as const)('puts %s under %s', (_, make, stage) => {
		expect(stageOf(make())).toBe(stage);
	});

	it.each([
		[
			'a request on the day it is needed',
			requested,
			'2026-11-20',
			{ kind: 'needed', date: '2026-11-20', late: 0 }
		],
		['a request 3 days past it', requested, '2026-11-23', { kind: 'needed', date: '2026-11-20', late: 3 }],
		['a quotation past its validity', quoted, '2026-11-12', { kind: 'valid', date: '2026-11-10', late: 2 }],
		// invoiced on the 9th with tempo 30: due on 9 December
		['an unpaid invoice', firstInvoiced, '2026-12-09', { kind: 'invoice', date: '2026-12-09', late: 0 }],
		[
			'an unpaid invoice 5 days late',
			firstInvoiced,
			'2026-12-14',
			{ kind: 'invoice', date: '2026-12-09', late: 5 }
		],
		['a cancelled request', cancelled, '2026-12-14', null]
	] as const)('marks %s', (_, make, today, mark) => {
		expect(dueMark(make(), today)).toEqual(mark);
	});

	it('groups records by stage, every stage present, keeping their order', () => {
		const records = [firstInvoiced(), requested(), quoted(), { ...requested(), id: 'second' }];
		const groups = byStage(records);
		expect(Object.keys(groups)).toEqual([
			'requested',
			'quoted',
			'approval',
			'ordered',
			'shipping',
			'invoiced',
			'done'
		]);
		expect(groups.requested.map((item) => item.id)).toEqual([records[1].id, 'second']);
		expect(groups.invoiced).toHaveLength(1);
		expect(groups.done).toEqual([]);
	});
});
