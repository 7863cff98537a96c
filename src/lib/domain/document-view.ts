import { formatDate } from './dates';
import { formatRupiah } from './money';
import type { Procurement, ProcurementLine, ProcurementStatus } from './procurement';
import { daysLate, formatRate } from './procurement-money';
import type { SupplierProfile } from './supplier';
import { terbilangRupiah } from './terbilang';

/**
 * The three documents of an institution's order — Surat Pesanan, BAST, Tagihan — as one neutral view: every
 * word already in the reader's language, every amount already written as rupiah. The phone's printable page,
 * the portal's page, the server's PDF and the public check page all draw this one view, so a document reads
 * the same wherever it is opened. Pure: the words come through `say`, the day through `today`.
 */

export type DocumentKind = 'sp' | 'bast' | 'tagihan';

/** How the state reads at a glance: settled, waiting, or overdue. */
export type StateTone = 'ok' | 'waiting' | 'late';

export interface DocumentParty {
	/** What the party is to this document: "Pemesan", "Penjual", "Ditagihkan kepada". */
	role: string;
	name: string;
	/** Address, NPWP, NITKU, NIB: each a line of its own. */
	lines: string[];
}

export interface DocumentColumn {
	label: string;
	/** Figures are right-aligned. */
	align?: 'start' | 'end';
	/** The column that takes the room left (the item's name). */
	grow?: boolean;
}

export interface DocumentView {
	kind: DocumentKind;
	title: string;
	number: string;
	/** The document's day, written for people (`28 Nov 2026`). */
	date: string;
	state: string;
	stateTone?: StateTone;
	parties: DocumentParty[];
	columns: DocumentColumn[];
	rows: string[][];
	totals: { label: string; value: string; strong?: boolean }[];
	/** The amount the document stands for, in rupiah (the figure `amountInWords` writes out). */
	amount: number;
	amountInWords: string;
	notes: string[];
	signatures: { role: string; name: string; position: string }[];
	/** The few words of the sheet itself (headings, the page counter, the QR's caption). */
	labels: {
		number: string;
		date: string;
		state: string;
		amountInWords: string;
		notes: string;
		/** "Halaman {{page}} dari {{pages}}": filled in by whoever paginates. */
		page: string;
		verify: string;
		/** The same, when there is only the link in words (the phone offline). */
		verifyLink: string;
		signature: string;
	};
}

/** The reader's words: a dotted key of the `dokumen` section and its `{{params}}`. */
export type Say = (key: string, params?: Record<string, string | number>) => string;

export interface DocumentContext {
	say: Say;
	/** The seller's shop name, for when the profile has no legal name. */
	sellerName: string;
	/** What the server knows of the buying organisation besides its name (the phone does not have it). */
	buyer?: { npwp?: string | null; address?: string | null };
	/** Today, WIB (`YYYY-MM-DD`): whether an unpaid invoice is late. */
	today: string;
}

const day = (iso: string) => formatDate(iso);

function labels(say: Say): DocumentView['labels'] {
	return {
		number: say('dokumen.number'),
		date: say('dokumen.date'),
		state: say('dokumen.state'),
		amountInWords: say('dokumen.in_words'),
		notes: say('dokumen.notes'),
		page: say('dokumen.page'),
		verify: say('dokumen.verify_caption'),
		verifyLink: say('dokumen.verify_link_caption'),
		signature: say('dokumen.signature')
	};
}

function sellerParty(role: string, supplier: SupplierProfile | null, ctx: DocumentContext): DocumentParty {
	const lines: string[] = [];
	const address = [supplier?.address?.street, supplier?.address?.villageName].filter(Boolean).join(', ');
	if (address) lines.push(address);
	if (supplier?.npwp) lines.push(ctx.say('dokumen.npwp', { value: supplier.npwp }));
	if (supplier?.nitku) lines.push(ctx.say('dokumen.nitku', { value: supplier.nitku }));
	if (supplier?.nib) lines.push(ctx.say('dokumen.nib', { value: supplier.nib }));
	return { role, name: supplier?.legalName || ctx.sellerName, lines };
}

function buyerParty(role: string, procurement: Procurement, ctx: DocumentContext): DocumentParty {
	const lines: string[] = [];
	if (ctx.buyer?.address) lines.push(ctx.buyer.address);
	if (ctx.buyer?.npwp) lines.push(ctx.say('dokumen.npwp', { value: ctx.buyer.npwp }));
	return { role, name: procurement.organisation.name, lines };
}

/** The columns of a priced list: No, Barang, Jumlah, Harga satuan, Jumlah harga. */
function pricedColumns(say: Say): DocumentColumn[] {
	return [
		{ label: say('dokumen.col_no'), align: 'end' },
		{ label: say('dokumen.col_item'), grow: true },
		{ label: say('dokumen.col_qty'), align: 'end' },
		{ label: say('dokumen.col_price'), align: 'end' },
		{ label: say('dokumen.col_amount'), align: 'end' }
	];
}

function pricedRow(index: number, line: ProcurementLine, qty: number, price: number): string[] {
	return [
		String(index + 1),
		line.name,
		`${qty} ${line.unit}`,
		formatRupiah(price),
		formatRupiah(qty * price)
	];
}

/** How an order reads on its Surat Pesanan and BAST, by the record's status. */
const ORDER_STATES: Partial<Record<ProcurementStatus, [string, StateTone]>> = {
	ordered: ['dokumen.state_ordered', 'waiting'],
	accepted: ['dokumen.state_accepted', 'ok'],
	order_declined: ['dokumen.state_order_declined', 'late'],
	completed: ['dokumen.state_completed', 'ok']
};

function orderState(procurement: Procurement, say: Say): { state: string; stateTone?: StateTone } {
	const [key, stateTone] = ORDER_STATES[procurement.status] ?? ['dokumen.state_closed', 'late'];
	return { state: say(key), stateTone };
}

function signature(role: string, name: string, position: string) {
	return { role, name, position };
}

/** The Surat Pesanan of an approved order, or null before approval. */
export function spView(
	procurement: Procurement,
	supplier: SupplierProfile | null,
	ctx: DocumentContext
): DocumentView | null {
	const { order } = procurement;
	if (!order) return null;
	const { say } = ctx;
	const notes = [
		say('dokumen.note_address', { address: order.deliveryAddress }),
		say('dokumen.note_tempo', { days: order.tempoDays })
	];
	if (procurement.quotation) {
		notes.push(say('dokumen.note_delivery', { date: day(procurement.quotation.deliveryDate) }));
	}
	if (procurement.request.note) notes.push(procurement.request.note);
	return {
		kind: 'sp',
		title: say('dokumen.title_sp'),
		number: order.number,
		date: day(order.issuedOn),
		...orderState(procurement, say),
		parties: [
			buyerParty(say('dokumen.party_buyer'), procurement, ctx),
			sellerParty(say('dokumen.party_seller'), supplier, ctx)
		],
		columns: pricedColumns(say),
		rows: procurement.lines.map((line, index) => pricedRow(index, line, line.qty, line.price ?? 0)),
		totals: [{ label: say('dokumen.total_order'), value: formatRupiah(order.subtotal), strong: true }],
		amount: order.subtotal,
		amountInWords: terbilangRupiah(order.subtotal),
		notes,
		signatures: [
			signature(say('dokumen.sign_approver'), order.approvedBy.name, procurement.organisation.name),
			signature(say('dokumen.sign_seller'), supplier?.legalName || ctx.sellerName, say('dokumen.seller'))
		],
		labels: labels(say)
	};
}

/** The BAST of one delivery, or null while that delivery has none (or there is no such delivery). */
export function bastView(
	procurement: Procurement,
	deliveryId: string,
	supplier: SupplierProfile | null,
	ctx: DocumentContext
): DocumentView | null {
	const delivery = procurement.deliveries.find((item) => item.id === deliveryId);
	const receipt = delivery?.receipt;
	if (!delivery || !receipt) return null;
	const { say } = ctx;
	const qtyOf = (items: { lineId: string; qty: number }[], lineId: string) =>
		items.find((item) => item.lineId === lineId)?.qty ?? 0;
	const lines = procurement.lines.filter((line) => qtyOf(delivery.items, line.id) > 0);
	const value = lines.reduce((sum, line) => sum + qtyOf(receipt.items, line.id) * (line.price ?? 0), 0);
	const short = lines.some((line) => qtyOf(receipt.items, line.id) < qtyOf(delivery.items, line.id));
	const notes: string[] = [];
	if (procurement.order) notes.push(say('dokumen.note_order', { number: procurement.order.number }));
	notes.push(
		delivery.method === 'courier'
			? say('dokumen.note_courier', {
					date: day(delivery.shippedAt),
					courier: delivery.courier ?? '',
					tracking: delivery.tracking ?? ''
				})
			: say('dokumen.note_own_delivery', { date: day(delivery.shippedAt) })
	);
	if (short) notes.push(say('dokumen.note_shortfall'));
	return {
		kind: 'bast',
		title: say('dokumen.title_bast'),
		number: receipt.number,
		date: day(receipt.receivedOn),
		state: say(short ? 'dokumen.state_short' : 'dokumen.state_received'),
		stateTone: short ? 'waiting' : 'ok',
		parties: [
			sellerParty(say('dokumen.party_handed_by'), supplier, ctx),
			buyerParty(say('dokumen.party_received_by'), procurement, ctx)
		],
		columns: [
			{ label: say('dokumen.col_no'), align: 'end' },
			{ label: say('dokumen.col_item'), grow: true },
			{ label: say('dokumen.col_sent'), align: 'end' },
			{ label: say('dokumen.col_received'), align: 'end' }
		],
		rows: lines.map((line, index) => [
			String(index + 1),
			line.name,
			`${qtyOf(delivery.items, line.id)} ${line.unit}`,
			`${qtyOf(receipt.items, line.id)} ${line.unit}`
		]),
		totals: [{ label: say('dokumen.total_received'), value: formatRupiah(value), strong: true }],
		amount: value,
		amountInWords: terbilangRupiah(value),
		notes,
		signatures: [
			signature(say('dokumen.sign_handed_by'), supplier?.legalName || ctx.sellerName, say('dokumen.seller')),
			signature(say('dokumen.sign_received_by'), receipt.receiverName, receipt.receiverPosition)
		],
		labels: labels(say)
	};
}

/** How an invoice stands today: paid on a day, late by some days, or not paid yet. */
export function invoiceState(
	invoice: { dueDate: string; paid: { date: string } | null },
	today: string,
	say: Say
): { state: string; stateTone: StateTone } {
	if (invoice.paid)
		return { state: say('dokumen.state_paid', { date: day(invoice.paid.date) }), stateTone: 'ok' };
	const late = daysLate(invoice, today);
	if (late > 0) return { state: say('dokumen.state_late', { days: late }), stateTone: 'late' };
	return { state: say('dokumen.state_unpaid'), stateTone: 'waiting' };
}

/** The Tagihan, or null for an invoice the record does not hold. */
export function invoiceView(
	procurement: Procurement,
	invoiceId: string,
	supplier: SupplierProfile | null,
	ctx: DocumentContext
): DocumentView | null {
	const invoice = procurement.invoices.find((item) => item.id === invoiceId);
	if (!invoice) return null;
	const { say } = ctx;
	const { amounts } = invoice;
	const rates = procurement.order?.taxRates;
	const lines = new Map(procurement.lines.map((line) => [line.id, line]));
	const totals: DocumentView['totals'] = [
		{ label: say('dokumen.subtotal'), value: formatRupiah(amounts.subtotal) }
	];
	if (amounts.ppn > 0) {
		totals.push(
			{
				label: say('dokumen.ppn', { rate: formatRate(rates?.ppnBasisPoints ?? 0) }),
				value: formatRupiah(amounts.ppn)
			},
			{ label: say('dokumen.total'), value: formatRupiah(amounts.total) }
		);
	}
	if (amounts.pph > 0) {
		totals.push({
			label: say('dokumen.pph', { rate: formatRate(rates?.pphBasisPoints ?? 0) }),
			value: formatRupiah(-amounts.pph)
		});
	}
	totals.push({ label: say('dokumen.payable'), value: formatRupiah(amounts.payable), strong: true });
	const notes = [
		say('dokumen.note_due', { date: day(invoice.dueDate), days: procurement.order?.tempoDays ?? 0 })
	];
	if (procurement.order) notes.push(say('dokumen.note_order', { number: procurement.order.number }));
	if (supplier?.bank) {
		notes.push(
			say('dokumen.note_bank', {
				bank: supplier.bank.bank,
				account: supplier.bank.accountNumber,
				holder: supplier.bank.holder
			})
		);
	}
	if (invoice.paid) notes.push(say('dokumen.note_paid', { reference: invoice.paid.reference }));
	return {
		kind: 'tagihan',
		title: say('dokumen.title_tagihan'),
		number: invoice.number ?? say('dokumen.no_number_yet'),
		date: day(invoice.issuedOn),
		...invoiceState(invoice, ctx.today, say),
		parties: [
			sellerParty(say('dokumen.party_seller'), supplier, ctx),
			buyerParty(say('dokumen.party_billed'), procurement, ctx)
		],
		columns: pricedColumns(say),
		rows: invoice.items.map((item, index) => {
			const line = lines.get(item.lineId);
			return pricedRow(index, line ?? ({ name: '?', unit: '' } as ProcurementLine), item.qty, item.price);
		}),
		totals,
		amount: amounts.payable,
		amountInWords: terbilangRupiah(amounts.payable),
		notes,
		signatures: [
			signature(say('dokumen.sign_seller'), supplier?.legalName || ctx.sellerName, say('dokumen.seller'))
		],
		labels: labels(say)
	};
}

/** One document of a record, by the id the server files it under (procurement, delivery or invoice id). */
export function documentView(
	kind: DocumentKind,
	procurement: Procurement,
	documentId: string,
	supplier: SupplierProfile | null,
	ctx: DocumentContext
): DocumentView | null {
	if (kind === 'sp') return documentId === procurement.id ? spView(procurement, supplier, ctx) : null;
	if (kind === 'bast') return bastView(procurement, documentId, supplier, ctx);
	return invoiceView(procurement, documentId, supplier, ctx);
}

/** Which document of a record an id names: the record's own id is its Surat Pesanan. */
export function documentKindOf(procurement: Procurement, documentId: string): DocumentKind | null {
	if (documentId === procurement.id) return procurement.order ? 'sp' : null;
	if (procurement.deliveries.some((item) => item.id === documentId && item.receipt)) return 'bast';
	if (procurement.invoices.some((item) => item.id === documentId)) return 'tagihan';
	return null;
}

/** The server's name of a kind (procurement_documents.kind) and back. */
export const STORED_KIND = { sp: 'purchase_order', bast: 'bast', tagihan: 'invoice' } as const;
export function kindOfStored(stored: (typeof STORED_KIND)[DocumentKind]): DocumentKind {
	return stored === 'purchase_order' ? 'sp' : stored === 'bast' ? 'bast' : 'tagihan';
}

/**
 * A record as pull sends it: with the `/cek/…` path of each of its numbered documents by document id (the
 * server signs them; the phone, which cannot, shows and shares them from here, offline too).
 */
export type WithVerifyPaths = Procurement & { verifyPaths?: Record<string, string> };

/** The check page of one document of a synced record, or null (not numbered or not synced yet). */
export function verifyPathOf(procurement: WithVerifyPaths, documentId: string): string | null {
	return procurement.verifyPaths?.[documentId] ?? null;
}
