import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { formatRupiah } from '../../src/lib/domain/money';
import { uuidv7 } from '../../src/lib/domain/ids';
import { DEFAULT_TAX_RATES } from '../../src/lib/domain/procurement-money';
import { Device, newPhone, registerSeller, type Seller } from '../helpers/client';
import { addMemberCommand, createOrganisationCommand } from '../helpers/pengadaan';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { newPhoneContext, setOffline, waitForServiceWorker, waitUntilSent } from './helpers';
import { loginOnPhone, pushAll } from './seed';
import { seedSupplier } from './seed-procurement';

/**
 * Issue 13's acceptance, every step through the real screens: a pemesan finds a seller's product and asks for
 * a quotation; the seller, offline, quotes; a penyetuju approves; the seller, offline, accepts the Surat
 * Pesanan and ships; the pemesan signs the BAST; the seller invoices; keuangan pays; the seller sees it paid
 * and downloads the Tagihan's PDF. Only the people and the seller's catalog and legal data are seeded (the
 * legal-data form has its own test in instansi-phone.spec.ts). A server of this file's own: the organisation's
 * people are made with the admin command line on its database.
 */
let database: TestDatabase;
let server: TestServer;
let seller: Seller;
const PIN = '135790';
const CODE = 'PTKAI';
const wati = { name: 'Wati Susanti', phone: newPhone(), pin: PIN };
const bambang = { name: 'Bambang Sutrisno', phone: newPhone(), pin: PIN };
const rudi = { name: 'Rudi Hartono', phone: newPhone(), pin: PIN };
const product = { name: 'Keripik tempe sagu', unit: 'bungkus', price: 12_000 };
const QTY = 100;
const QUOTED_PRICE = 11_000;

// The invoice, worked out from the quotation: the seller is PKP (seedSupplier), so PPN is added; PPh is
// withheld by the buyer. Rates are the configured defaults, basis points: PPN 11 %, PPh 1,5 %.
const subtotal = QTY * QUOTED_PRICE; // 100 × 11.000 = 1.100.000
const ppn = Math.floor((subtotal * DEFAULT_TAX_RATES.ppnBasisPoints) / 10_000); // 121.000
const pph = Math.floor((subtotal * DEFAULT_TAX_RATES.pphBasisPoints) / 10_000); // 16.500
const payable = subtotal + ppn - pph; // 1.204.500
// Written out by hand, not by the code under test.
const PAYABLE_IN_WORDS = 'Satu juta dua ratus empat ribu lima ratus rupiah';

test.beforeAll(async () => {
	test.setTimeout(180_000);
	// The hand-written figures above hold only for these rates; say so loudly if the configuration changes.
	expect([subtotal, ppn, pph, payable]).toEqual([1_100_000, 121_000, 16_500, 1_204_500]);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	await createOrganisationCommand(database, 'PT Kereta Api Indonesia (Persero)', CODE);
	await addMemberCommand(database, CODE, wati, ['pemesan']);
	await addMemberCommand(database, CODE, bambang, ['penyetuju']);
	await addMemberCommand(database, CODE, rudi, ['keuangan']);
	seller = await registerSeller(server.url, 'Sari', 'Warung Sari Rahayu');
	const device = new Device(seller.api);
	await pushAll(device, [
		device.mutation('product.put', seller.spaceId, { id: uuidv7(), ...product, stock: 500 })
	]);
	await seedSupplier(device, seller.spaceId, true);
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations, what).toEqual([]);
}

/** A person of the organisation in a browser of their own, logged in at /portal/masuk. */
async function portalPerson(
	browser: Browser,
	person: { phone: string; pin: string },
	next = '/portal/pengadaan'
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'id-ID' });
	const page = await context.newPage();
	await page.goto(`${server.url}/portal/masuk?ke=${encodeURIComponent(next)}`);
	await page.getByLabel('Nomor HP').fill(person.phone);
	await page.getByLabel('PIN (6 angka)').fill(person.pin);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL(`${server.url}${next}`);
	return { context, page };
}

/** The phone's changes wait while offline, and the marks clear once the server has them. */
async function sendWhenOnline(context: BrowserContext, page: Page): Promise<void> {
	await expect(page.getByText('menunggu dikirim').first()).toBeVisible();
	await setOffline(context, false);
	await waitUntilSent(page);
	await expect(page.getByText('menunggu dikirim')).toHaveCount(0);
}

test('from a search in the portal to a paid Tagihan on the seller’s phone, every step on screen', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const year = new Date().getFullYear();

	// 1. Find and ask: Wati searches and sends a Permintaan penawaran for 100 bungkus.
	const pemesan = await portalPerson(browser, wati, '/portal/pengadaan/cari');
	await pemesan.page.getByLabel('Kata kunci').fill('tempe sagu');
	await pemesan.page.getByRole('button', { name: 'Cari', exact: true }).click();
	const card = pemesan.page.getByRole('listitem').filter({ hasText: product.name });
	await expect(card.getByText(formatRupiah(product.price))).toBeVisible();
	await card.getByRole('link', { name: /Minta penawaran/ }).click();
	await expect(pemesan.page.getByText('Kepada Warung Sari Rahayu')).toBeVisible();
	await pemesan.page.getByLabel(`Jumlah ${product.name} (${product.unit})`).fill(String(QTY));
	await pemesan.page.getByRole('button', { name: 'Kirim permintaan' }).click();
	await expect(pemesan.page).toHaveURL(/\/portal\/pengadaan\/permintaan\/[0-9a-f-]{36}$/);
	const procurementId = pemesan.page.url().split('/').pop()!;
	await expect(pemesan.page.getByRole('heading', { level: 1, name: 'Warung Sari Rahayu' })).toBeVisible();
	await expectNoAxeViolations(pemesan.page, 'request just sent, waiting for the quotation');

	// 2. Quote: the seller's phone has the request; offline, the seller prices it.
	const phone = await newPhoneContext(browser, server.url);
	const app = await phone.newPage();
	await loginOnPhone(app, seller.phone, seller.pin);
	await waitForServiceWorker(app);
	await app.goto('/app/pesanan');
	await app.getByRole('link', { name: /Pesanan instansi/ }).click();
	await app.getByRole('link', { name: /PT Kereta Api Indonesia/ }).click();
	await expect(app).toHaveURL(`/app/instansi/${procurementId}`);
	const status = app.getByTestId('procurement-status');
	await expect(status).toHaveText('Minta penawaran');
	await setOffline(phone, true);
	await app.getByLabel(`Harga per ${product.unit}: ${product.name}`).fill(String(QUOTED_PRICE));
	await expect(app.getByTestId('quote-totals')).toContainText(formatRupiah(subtotal));
	await app.getByRole('button', { name: 'Kirim penawaran' }).click();
	await expect(status).toHaveText('Penawaran terkirim');
	await sendWhenOnline(phone, app);

	// 3. Approve: Wati sends the quotation on to a penyetuju; Bambang, another person, approves it.
	await pemesan.page.goto(`${server.url}/portal/pengadaan`);
	const quoted = pemesan.page.getByRole('region', { name: 'Penawaran masuk (1)' });
	await expect(quoted.getByText(formatRupiah(subtotal))).toBeVisible();
	await quoted.getByRole('link', { name: 'Warung Sari Rahayu' }).click();
	await pemesan.page.getByLabel('Tempo pembayaran').selectOption({ label: '30 hari' });
	await pemesan.page.getByRole('button', { name: 'Ajukan ke penyetuju' }).click();
	await expect(pemesan.page.getByRole('status')).toContainText('diajukan ke penyetuju');

	const penyetuju = await portalPerson(browser, bambang);
	const waiting = penyetuju.page.getByRole('region', { name: 'Menunggu persetujuan (1)' });
	await expect(waiting).toBeVisible();
	await expectNoAxeViolations(penyetuju.page, 'approver home with a request waiting');
	await waiting.getByRole('link').click();
	await penyetuju.page.getByRole('button', { name: 'Setuju' }).click();
	await expect(penyetuju.page.getByRole('status')).toContainText('keputusan Anda dicatat');
	const orderNumber = `SP/${CODE}/${year}/00001`;
	await expect(penyetuju.page.getByText(orderNumber, { exact: true })).toBeVisible();
	await penyetuju.context.close();

	// 4. Order: the Surat Pesanan reaches the phone; offline, the seller accepts it and ships everything.
	await app.reload();
	await expect(status).toHaveText('Surat Pesanan masuk');
	await expect(app.getByText(orderNumber)).toBeVisible();
	await setOffline(phone, true);
	await app.getByRole('button', { name: 'Terima Surat Pesanan' }).click();
	await expect(status).toHaveText('Sedang dikirim');
	await app.getByLabel('Nama kurir').fill('JNE');
	await app.getByLabel('Nomor resi').fill('JNE0098765432');
	await app.getByLabel(new RegExp(`Dikirim sekarang: ${product.name}`)).fill(String(QTY));
	await app.getByRole('button', { name: 'Catat pengiriman' }).click();
	await expect(app.getByText('Menunggu BAST dari instansi')).toBeVisible();
	await expect(app.getByText(/JNE, resi JNE0098765432/)).toBeVisible();
	await sendWhenOnline(phone, app);

	// 5. Receive: Wati signs the BAST for all 100.
	await pemesan.page.goto(`${server.url}/portal/pengadaan`);
	const shipped = pemesan.page.getByRole('region', { name: 'Dikirim (1)' });
	await expect(shipped).toBeVisible();
	await expectNoAxeViolations(pemesan.page, 'pemesan home with a delivery on its way');
	await shipped.getByRole('link').click();
	await pemesan.page.getByLabel(new RegExp(`${product.name}: jumlah diterima`)).fill(String(QTY));
	await pemesan.page.getByLabel('Nama penerima').fill(wati.name);
	await pemesan.page.getByLabel('Jabatan penerima').fill('Staf Pengadaan');
	await pemesan.page.getByRole('button', { name: 'Simpan BAST' }).click();
	await expect(pemesan.page.getByRole('status')).toContainText('BAST dibuat');
	await expect(pemesan.page.getByText(`BAST BAST/${CODE}/${year}/00001`)).toBeVisible();
	await pemesan.context.close();

	// 6. Invoice: the phone shows the BAST and the invoice's amounts before sending it.
	await app.reload();
	await expect(app.getByText(/^BAST BAST\/.+: diterima/)).toBeVisible();
	const draft = app.getByTestId('invoice-draft');
	for (const amount of [subtotal, ppn, pph, payable]) await expect(draft).toContainText(formatRupiah(amount));
	await app.getByRole('button', { name: 'Kirim tagihan' }).click();
	const invoice = app.getByTestId('invoice');
	await expect(invoice).toContainText('Belum dibayar');
	await waitUntilSent(app);
	// The number is the server's: the seller's code from the shop's name, the year, the first of the year.
	await expect(invoice).toContainText(new RegExp(`TGH/[A-Z0-9]+/${year}/00001`));
	const invoiceNumber = (await invoice.textContent())!.match(/TGH\/[A-Z0-9]+\/\d{4}\/\d{5}/)![0];

	// 7. Pay: Rudi of keuangan finds it among the open invoices and marks it paid.
	const keuangan = await portalPerson(browser, rudi);
	await expectNoAxeViolations(keuangan.page, 'keuangan home');
	await keuangan.page.getByRole('link', { name: 'Tagihan yang harus dibayar' }).click();
	await expect(keuangan.page.getByText(formatRupiah(payable), { exact: true })).toBeVisible();
	await keuangan.page.getByRole('link', { name: /Lihat dan bayar/ }).click();
	await keuangan.page.getByLabel('Nomor bukti transfer').fill('TRF-KAI-20261208');
	await keuangan.page.getByRole('button', { name: `Tandai lunas (${formatRupiah(payable)})` }).click();
	await expect(keuangan.page.getByRole('status')).toContainText('tercatat lunas');
	await keuangan.context.close();

	// 8. The seller sees it paid, and downloads the Tagihan's PDF from its document page.
	await app.reload();
	await expect(invoice).toContainText('Dibayar');
	await expect(invoice).toContainText('bukti TRF-KAI-20261208');
	await expectNoAxeViolations(app, 'seller’s order, paid');
	await app.getByRole('link', { name: 'Lihat tagihan' }).click();
	await expect(app.getByRole('heading', { level: 1, name: 'Tagihan' })).toBeVisible();
	await expectNoAxeViolations(app, 'seller’s paid Tagihan');
	const downloading = app.waitForEvent('download');
	await app.getByRole('button', { name: 'Unduh PDF' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`${invoiceNumber.replaceAll('/', '-')}.pdf`);
	const bytes = new Uint8Array(await readFile((await download.path())!));
	const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
	// A PDF keeps no spaces between drawn pieces of text: fold them as pdf.test.ts does.
	const pdfText = text.replace(/\s+/g, ' ');
	for (const expected of [
		invoiceNumber,
		formatRupiah(subtotal),
		formatRupiah(ppn),
		`Jumlah tagihan ${formatRupiah(subtotal + ppn)}`,
		// withheld by the buyer: taken off
		formatRupiah(-pph),
		`Yang harus dibayar ${formatRupiah(payable)}`,
		`Terbilang: ${PAYABLE_IN_WORDS}`,
		'Status: Dibayar'
	]) {
		expect(pdfText, expected).toContain(expected);
	}
	await phone.close();
});
