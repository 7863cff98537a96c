import { describe, expect, it } from 'vitest';
import { sayIndonesian } from '../i18n/messages';
import {
	bastView,
	documentKindOf,
	documentView,
	invoiceState,
	invoiceView,
	kindOfStored,
	spView,
	STORED_KIND,
	type DocumentContext,
	type DocumentKind
} from './document-view';
import { DELIVERY, INVOICE, ORDER, invoicedOrder, paidOrder, supplier } from './document-view.fixtures';
import { requested } from './procurement.fixtures';

const ctx = (today = '2026-11-20'): DocumentContext => ({
	say: sayIndonesian,
	sellerName: 'Warung Bu Sari',
	buyer: { npwp: '0012345678901000', address: 'Jl. Perintis Kemerdekaan 1, Bandung' },
	today
});

describe('the Tagihan', () => {
	const view = invoiceView(invoicedOrder(), INVOICE, supplier(), ctx())!;

	it('adds PPN to the goods and takes off the PPh the buyer withholds: 630.000 + 69.300 − 9.450', () => {
		expect(view.totals).toEqual([
			{ label: 'Jumlah harga barang', value: 'Rp630.000' },
			{ label: 'PPN 11%', value: 'Rp69.300' },
			{ label: 'Jumlah tagihan', value: 'Rp699.300' },
			{ label: 'PPh dipotong pembeli 1,5%', value: '-Rp9.450' },
			{ label: 'Yang harus dibayar', value: 'Rp689.850', strong: true }
		]);
		expect(view.amount).toBe(689_850);
		expect(view.amountInWords).toBe('Enam ratus delapan puluh sembilan ribu delapan ratus lima puluh rupiah');
	});

	it('lists what was invoiced, line by line, with its amount', () => {
		expect(view.rows).toEqual([
			['1', 'Keripik singkong 250 g', '55 bungkus', 'Rp11.000', 'Rp605.000'],
			['2', 'Kardus kemasan', '10 pcs', 'Rp2.500', 'Rp25.000']
		]);
		expect(view.columns.map((column) => column.label)).toEqual([
			'No',
			'Barang',
			'Jumlah',
			'Harga satuan',
			'Jumlah harga'
		]);
	});

	it('names both parties with their tax numbers, the due date and where to transfer', () => {
		expect(view).toMatchObject({
			kind: 'tagihan',
			title: 'Tagihan',
			number: 'TGH/WARUNGBU/2026/00001',
			date: '9 Nov 2026'
		});
		expect(view.parties).toEqual([
			{
				role: 'Penjual',
				name: 'CV Warung Bu Sari',
				lines: ['NPWP 0123456789012345', 'NITKU 0123456789012345000000', 'NIB 9120001234567']
			},
			{
				role: 'Ditagihkan kepada',
				name: 'PT Kereta Api Indonesia (Persero)',
				lines: ['Jl. Perintis Kemerdekaan 1, Bandung', 'NPWP 0012345678901000']
			}
		]);
		expect(view.notes).toEqual([
			'Jatuh tempo 9 Des 2026 (tempo 30 hari).',
			'Untuk Surat Pesanan SP/PTKAI/2026/00042.',
			'Transfer ke BRI nomor rekening 012301000123456 atas nama Sari Wulandari.'
		]);
	});

	it('without PPN for a seller who is not PKP: only the PPh comes off', () => {
		const order = invoicedOrder();
		const invoice = order.invoices[0];
		invoice.amounts = { subtotal: 630_000, ppn: 0, total: 630_000, pph: 9_450, payable: 620_550 };
		const plain = invoiceView(order, INVOICE, supplier({ pkp: false }), ctx())!;
		expect(plain.totals.map((total) => total.value)).toEqual(['Rp630.000', '-Rp9.450', 'Rp620.550']);
	});

	it('falls back to the shop name when the profile has no legal name, and waits for its number', () => {
		const order = invoicedOrder();
		order.invoices[0].number = null;
		const unnumbered = invoiceView(order, INVOICE, null, ctx())!;
		expect(unnumbered.number).toBe('Nomor menyusul');
		expect(unnumbered.parties[0]).toEqual({ role: 'Penjual', name: 'Warung Bu Sari', lines: [] });
	});

	// due 9 Dec 2026
	it.each([
		['not due yet', invoicedOrder(), '2026-11-20', 'Belum dibayar', 'waiting'],
		['on its due day', invoicedOrder(), '2026-12-09', 'Belum dibayar', 'waiting'],
		['three days past it', invoicedOrder(), '2026-12-12', 'Terlambat 3 hari', 'late'],
		['paid', paidOrder(), '2026-12-12', 'Dibayar 28 Nov 2026', 'ok']
	])('reads %s', (_case, order, today, state, tone) => {
		expect(invoiceState(order.invoices[0], today, sayIndonesian)).toEqual({ state, stateTone: tone });
		expect(invoiceView(order, INVOICE, supplier(), ctx(today))).toMatchObject({ state, stateTone: tone });
	});

	it('adds the transfer reference once paid', () => {
		expect(invoiceView(paidOrder(), INVOICE, supplier(), ctx())!.notes.at(-1)).toBe(
			'Sudah dibayar, bukti transfer TRF-BRI-7781.'
		);
	});
});

describe('the Surat Pesanan', () => {
	it('orders every line at the quoted price: 100 × 11.000 + 10 × 2.500 = 1.125.000', () => {
		const view = spView(invoicedOrder(), supplier(), ctx())!;
		expect(view).toMatchObject({
			kind: 'sp',
			title: 'Surat Pesanan',
			number: 'SP/PTKAI/2026/00042',
			date: '5 Nov 2026',
			state: 'Diterima penjual',
			amount: 1_125_000,
			amountInWords: 'Satu juta seratus dua puluh lima ribu rupiah'
		});
		expect(view.rows).toEqual([
			['1', 'Keripik singkong 250 g', '100 bungkus', 'Rp11.000', 'Rp1.100.000'],
			['2', 'Kardus kemasan', '10 pcs', 'Rp2.500', 'Rp25.000']
		]);
		expect(view.parties.map((party) => party.role)).toEqual(['Pemesan', 'Penjual']);
		expect(view.signatures).toEqual([
			{ role: 'Disetujui oleh', name: 'Dewi', position: 'PT Kereta Api Indonesia (Persero)' },
			{ role: 'Penjual', name: 'CV Warung Bu Sari', position: 'Penjual' }
		]);
		expect(view.notes).toEqual([
			'Kirim ke: Stasiun Tugu, Jl. Mangkubumi, Yogyakarta',
			'Pembayaran: tempo 30 hari sejak tagihan.',
			'Barang dikirim paling lambat 15 Nov 2026.'
		]);
	});

	it('does not exist before approval', () => {
		expect(spView(requested(), supplier(), ctx())).toBeNull();
	});
});

describe('the BAST', () => {
	it('sets what was sent beside what arrived, values what arrived, and says a shortfall is open', () => {
		const view = bastView(invoicedOrder(), DELIVERY, supplier(), ctx())!;
		expect(view).toMatchObject({
			kind: 'bast',
			number: 'BAST/PTKAI/2026/00007',
			date: '8 Nov 2026',
			state: 'Diterima, ada yang kurang',
			amount: 630_000,
			amountInWords: 'Enam ratus tiga puluh ribu rupiah'
		});
		expect(view.rows).toEqual([
			['1', 'Keripik singkong 250 g', '60 bungkus', '55 bungkus'],
			['2', 'Kardus kemasan', '10 pcs', '10 pcs']
		]);
		expect(view.parties.map((party) => [party.role, party.name])).toEqual([
			['Yang menyerahkan', 'CV Warung Bu Sari'],
			['Yang menerima', 'PT Kereta Api Indonesia (Persero)']
		]);
		expect(view.signatures.at(-1)).toEqual({
			role: 'Yang menerima',
			name: 'Wati',
			position: 'Staf Pengadaan'
		});
		expect(view.notes).toEqual([
			'Untuk Surat Pesanan SP/PTKAI/2026/00042.',
			'Dikirim 7 Nov 2026 lewat JNE, nomor resi JNE0012345678.',
			'Barang yang kurang masih harus dikirim.'
		]);
	});

	it('does not exist for a delivery not received yet, nor for an unknown one', () => {
		const order = invoicedOrder();
		order.deliveries[0].receipt = null;
		expect(bastView(order, DELIVERY, supplier(), ctx())).toBeNull();
		expect(bastView(invoicedOrder(), INVOICE, supplier(), ctx())).toBeNull();
	});
});

describe('finding a document by its id', () => {
	it.each<[string, string, DocumentKind | null]>([
		['the record itself: its Surat Pesanan', ORDER, 'sp'],
		['a received delivery: its BAST', DELIVERY, 'bast'],
		['an invoice', INVOICE, 'tagihan'],
		['anything else', '0192f0c4-0000-7000-8000-999999999999', null]
	])('%s', (_case, id, kind) => {
		const order = invoicedOrder();
		expect(documentKindOf(order, id)).toBe(kind);
		if (kind) expect(documentView(kind, order, id, supplier(), ctx())?.kind).toBe(kind);
	});

	it('refuses a Surat Pesanan asked for by another id', () => {
		expect(documentView('sp', invoicedOrder(), INVOICE, supplier(), ctx())).toBeNull();
	});

	it.each(['sp', 'bast', 'tagihan'] as const)('maps %s to the stored kind and back', (kind) => {
		expect(kindOfStored(STORED_KIND[kind])).toBe(kind);
	});
});
