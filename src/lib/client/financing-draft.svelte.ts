import {
	financingFields,
	type FinancingApplication,
	type FinancingFieldName,
	type FinancingFields
} from '$lib/domain/financing';
import { parseRupiah } from '$lib/domain/money';
import { SvelteSet } from 'svelte/reactivity';
import { db } from './sync/db';
import { saveFields, unfinishedTyping } from './financing';
import { LocalChangeError } from './sync/local';
import { InvalidChange } from './sync/outbox';

/** How long typing may pause before what was typed is saved: one patch per burst, not per key. */
export const SAVE_DELAY_MS = 400;
/** Someone typing without a pause still gets saved this often. */
const SAVE_MAX_WAIT_MS = 3000;

/** How the text typed into each field becomes its value. */
const FIELD_KINDS = {
	product: 'choice',
	lenderId: 'choice',
	amount: 'money',
	purpose: 'choice',
	tenorMonths: 'count',
	fullName: 'text',
	nik: 'digits',
	birthDate: 'text',
	maritalStatus: 'choice',
	address: 'text',
	businessName: 'text',
	businessType: 'text',
	businessStartedAt: 'text',
	nib: 'digits',
	skuLetter: 'text',
	npwp: 'digits',
	monthlyRevenue: 'money',
	employees: 'count'
} as const;

/** The fields typed or picked on the form (the document photos are set on their own). */
export type TypedField = keyof typeof FIELD_KINDS;
export const TYPED_FIELDS = Object.keys(FIELD_KINDS) as TypedField[];
export type DocumentField = 'ktpPhoto' | 'businessPhoto' | 'licensePhoto';

const WHOLE_NUMBER_ERRORS: Partial<Record<TypedField, string>> = {
	amount: 'err.amount_whole',
	monthlyRevenue: 'err.amount_whole',
	tenorMonths: 'err.tenor_whole',
	employees: 'err.employees_whole'
};

const thousands = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Reads what was typed into a field: its value (null when blank), or the i18n key of its problem. */
export function readField(field: TypedField, text: string): Parsed {
	const kind = FIELD_KINDS[field];
	const trimmed = text.trim();
	let value: unknown = trimmed === '' ? null : trimmed;
	if (value !== null && kind === 'money') value = parseRupiah(trimmed) ?? NaN;
	if (value !== null && kind === 'count') value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
	if (value !== null && kind === 'digits') value = trimmed.replace(/[\s.-]/g, '');
	if (Number.isNaN(value)) return { ok: false, error: WHOLE_NUMBER_ERRORS[field] ?? 'err.invalid' };
	const checked = financingFields.shape[field].safeParse(value);
	return checked.success
		? { ok: true, value: checked.data ?? null }
		: { ok: false, error: checked.error.issues[0]?.message ?? 'err.invalid' };
}

/** A stored value as the form shows it: `10000000` → `10.000.000`, null → ''. */
export function fieldText(field: TypedField, value: unknown): string {
	if (value === null || value === undefined) return '';
	if (FIELD_KINDS[field] === 'money' && typeof value === 'number') return thousands.format(value);
	return String(value);
}

/**
 * The financing form while it is being filled: the text in every field, saved to the phone as it is
 * typed. Each burst of typing becomes one `financing.patch` of only the fields that changed; a field that
 * is not a valid value yet (half a NIK) is kept on the phone as typed, so nothing is lost when the app is
 * closed. Changes synced from another phone (a facilitator's) replace a field only while it is not being
 * edited here.
 */
export class FinancingDraft {
	/** What each field shows. */
	texts: Record<TypedField, string> = $state({} as Record<TypedField, string>);
	/** i18n key of each field's problem, shown once the person leaves the field. */
	errors: Partial<Record<TypedField, string>> = $state({});
	/** `saving` while typed text waits for its save, `failed` when the phone refused it. */
	saveState: 'saved' | 'saving' | 'failed' = $state('saved');
	saveError: string | null = $state(null);
	/** The stored fields, with what is being saved already over them. */
	saved: FinancingFields = $state.raw({});
	private stored: FinancingFields = {};
	/** Values on their way into the phone's database, over `stored` until they are in. */
	private inFlight: Record<string, unknown> = {};
	/** Who last changed each field, as stored. */
	private fieldChanges: FinancingApplication['fieldChanges'] = $state.raw({});

	/** The fields as they are now: the stored ones, with every valid value typed since over them. */
	readonly fields: FinancingFields = $derived.by(() => {
		const next: Record<string, unknown> = { ...this.saved };
		for (const field of TYPED_FIELDS) {
			const parsed = readField(field, this.texts[field]);
			if (parsed.ok) next[field] = parsed.value;
		}
		return next as FinancingFields;
	});

	private focused: TypedField | null = null;
	/** Fields typed into since the last save. */
	private readonly dirty = new SvelteSet<TypedField>();
	/** The stored value of each field as last shown, to notice changes that came from elsewhere. */
	private readonly shown = {} as Record<TypedField, string>;
	/** Fields with unfinished text kept on the phone. */
	private readonly unfinished = new SvelteSet<string>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private burstStartedAt = 0;
	private saving: Promise<void> = Promise.resolve();

	private constructor(
		readonly space: string,
		readonly id: string,
		application: FinancingApplication,
		typing: Record<string, string>,
		private readonly userId: string | null
	) {
		this.stored = this.saved = application.fields;
		this.fieldChanges = application.fieldChanges;
		const texts = {} as Record<TypedField, string>;
		for (const field of TYPED_FIELDS) {
			this.shown[field] = fieldText(field, application.fields[field]);
			texts[field] = typing[field] ?? this.shown[field];
			if (field in typing) this.unfinished.add(field);
		}
		this.texts = texts;
	}

	/**
	 * Opens the draft of an application, with what was left unfinished in it on this phone. `userId` is
	 * the person using the phone: fields last changed by someone else say so.
	 */
	static async open(
		space: string,
		application: FinancingApplication,
		userId: string | null
	): Promise<FinancingDraft> {
		const typing = await unfinishedTyping(db, application.id);
		return new FinancingDraft(space, application.id, application, typing, userId);
	}

	/** The name of someone else (a facilitator) who last changed a field, or null. */
	changedBy(field: FinancingFieldName): string | null {
		const change = this.fieldChanges[field];
		if (!change || !change.by.id || change.by.id === this.userId) return null;
		return change.by.name || null;
	}

	/** Takes in the stored application after it changed (saved here, or synced from another phone). */
	update(application: FinancingApplication): void {
		this.stored = application.fields;
		this.saved = { ...this.stored, ...this.inFlight };
		this.fieldChanges = application.fieldChanges;
		for (const field of TYPED_FIELDS) {
			const text = fieldText(field, application.fields[field]);
			if (text === this.shown[field]) continue;
			this.shown[field] = text;
			if (this.dirty.has(field) || this.focused === field) continue;
			const parsed = readField(field, this.texts[field]);
			if (parsed.ok && sameValue(parsed.value, application.fields[field])) continue;
			this.texts[field] = text;
			delete this.errors[field];
			// Someone else finished this field: what was half typed here is no longer wanted.
			if (this.unfinished.has(field)) this.markDirty(field);
		}
	}

	/** The person typed or picked something. */
	input(field: TypedField, text: string): void {
		this.texts[field] = text;
		if (this.errors[field] && readField(field, text).ok) delete this.errors[field];
		this.markDirty(field);
	}

	focus(field: TypedField): void {
		this.focused = field;
	}

	/** The person left a field: save at once and say what is wrong with it, if anything. */
	blur(field: TypedField): void {
		if (this.focused === field) this.focused = null;
		const parsed = readField(field, this.texts[field]);
		if (parsed.ok) {
			delete this.errors[field];
			const tidy = fieldText(field, parsed.value);
			if (FIELD_KINDS[field] === 'money' && tidy !== this.texts[field]) this.texts[field] = tidy;
		} else {
			this.errors[field] = parsed.error;
		}
		void this.flush();
	}

	/** Sets a document photo (its hash), or removes it with null. */
	async setDocument(field: DocumentField, sha256: string | null): Promise<void> {
		await this.flush();
		await this.enqueue({ [field]: sha256 }, {});
	}

	/** Attaches the profit report of the last 3 months to the application, or not (the server computes it). */
	async setProfitReport(include: boolean): Promise<void> {
		await this.flush();
		await this.enqueue({ includeProfitReport: include }, {});
	}

	/** Saves whatever typing waits now; resolves when everything typed so far is on the phone. */
	flush(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		if (this.dirty.size === 0) return this.saving;
		const fields: Record<string, unknown> = {};
		const unfinished: Record<string, string | null> = {};
		for (const field of this.dirty) {
			const parsed = readField(field, this.texts[field]);
			if (parsed.ok) {
				if (!sameValue(parsed.value, this.saved[field])) fields[field] = parsed.value;
				if (this.unfinished.delete(field)) unfinished[field] = null;
			} else {
				unfinished[field] = this.texts[field];
				this.unfinished.add(field);
			}
		}
		this.dirty.clear();
		return this.enqueue(fields as FinancingFields, unfinished);
	}

	private markDirty(field: TypedField): void {
		const now = Date.now();
		if (this.dirty.size === 0) this.burstStartedAt = now;
		this.dirty.add(field);
		this.saveState = 'saving';
		clearTimeout(this.timer);
		const wait = Math.min(SAVE_DELAY_MS, Math.max(0, this.burstStartedAt + SAVE_MAX_WAIT_MS - now));
		this.timer = setTimeout(() => void this.flush(), wait);
	}

	private enqueue(fields: FinancingFields, unfinished: Record<string, string | null>): Promise<void> {
		const sent = { ...fields } as Record<string, unknown>;
		Object.assign(this.inFlight, sent);
		this.saved = { ...this.stored, ...this.inFlight };
		const landed = (stored: boolean) => {
			for (const [field, value] of Object.entries(sent)) {
				if (this.inFlight[field] === value) delete this.inFlight[field];
			}
			// In the database now; the live query brings the same values (and anything synced) soon.
			if (stored) this.stored = { ...this.stored, ...fields };
			this.saved = { ...this.stored, ...this.inFlight };
		};
		this.saving = this.saving
			.then(() => saveFields(this.space, this.id, fields, unfinished))
			.then(
				() => {
					landed(true);
					if (this.dirty.size === 0) this.saveState = 'saved';
					this.saveError = null;
				},
				(error: unknown) => {
					landed(false);
					this.saveState = 'failed';
					if (error instanceof LocalChangeError || error instanceof InvalidChange) {
						this.saveError = error.message;
					} else {
						this.saveError = 'financing.save_failed';
						console.error(error);
					}
				}
			);
		return this.saving;
	}
}

function sameValue(a: unknown, b: unknown): boolean {
	return (a ?? null) === (b ?? null);
}
