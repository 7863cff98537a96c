import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from './sync/db';
import { startApplication } from './financing';
import { FinancingDraft, readField, SAVE_DELAY_MS } from './financing-draft.svelte';

vi.mock('./runtime', () => ({ sync: { schedule: () => undefined } }));

const SPACE = '0192f0c4-0000-7000-8000-00000000aaaa';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openDraft(): Promise<FinancingDraft> {
	const id = (await db.financing.toCollection().first())?.id ?? (await startApplication(SPACE));
	return FinancingDraft.open(SPACE, (await db.financing.get(id))!, 'user-on-phone');
}

const patches = async () =>
	(await db.outbox.toArray())
		.filter((entry) => entry.name === 'financing.patch')
		.map((entry) => (entry.args as { fields: object }).fields);

beforeEach(async () => {
	await db.open();
});

afterEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('readField', () => {
	it.each([
		['amount', '20.000.000', { ok: true, value: 20_000_000 }],
		['amount', '15rb', { ok: true, value: 15_000 }],
		['amount', 'dua juta', { ok: false, error: 'err.amount_whole' }],
		['tenorMonths', '24', { ok: true, value: 24 }],
		['tenorMonths', '61', { ok: false, error: 'err.tenor_too_long' }],
		['nik', '3201 0157 0885 0002', { ok: true, value: '3201015708850002' }],
		['nik', '3201', { ok: false, error: 'err.nik_format' }],
		['fullName', '  Sari  ', { ok: true, value: 'Sari' }],
		['fullName', '', { ok: true, value: null }],
		['businessStartedAt', '2023-13', { ok: false, error: 'err.month_invalid' }]
	] as const)('%s "%s"', (field, text, expected) => {
		expect(readField(field, text)).toEqual(expected);
	});
});

describe('FinancingDraft', () => {
	it('saves a burst of typing as one patch of only the fields typed', async () => {
		const draft = await openDraft();
		for (const text of ['S', 'Sa', 'Sar', 'Sari']) draft.input('fullName', text);
		draft.input('amount', '20000000');
		expect(draft.saveState).toBe('saving');
		await pause(SAVE_DELAY_MS + 100);
		await draft.flush();
		expect(draft.saveState).toBe('saved');
		expect(await patches()).toEqual([{}, { fullName: 'Sari', amount: 20_000_000 }]);
		expect((await db.financing.toArray())[0].fields).toEqual({ fullName: 'Sari', amount: 20_000_000 });
	});

	it('keeps half a NIK on the phone across a restart, and forgets it once the NIK is whole', async () => {
		let draft = await openDraft();
		draft.input('nik', '320101');
		await draft.flush();
		expect(await patches()).toEqual([{}]);

		draft = await openDraft();
		expect(draft.texts.nik).toBe('320101');
		draft.input('nik', '3201015708850002');
		await draft.flush();
		draft = await openDraft();
		expect(draft.texts.nik).toBe('3201015708850002');
		expect(await patches()).toEqual([{}, { nik: '3201015708850002' }]);
	});

	it('takes a change from another phone into fields not being edited here', async () => {
		const draft = await openDraft();
		draft.focus('businessName');
		draft.input('businessName', 'Warung');
		const application = (await db.financing.toArray())[0];
		draft.update({
			...application,
			fields: { businessName: 'Toko Budi', address: 'Jl. Melati 3' },
			fieldChanges: { address: { by: { id: 'budi', name: 'Budi' }, at: '2026-11-28T00:00:00Z' } }
		});
		expect(draft.texts.businessName).toBe('Warung');
		expect(draft.texts.address).toBe('Jl. Melati 3');
		expect(draft.changedBy('address')).toBe('Budi');
		expect(draft.changedBy('businessName')).toBeNull();
		await draft.flush();
	});
});
