import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { Database } from '../../src/lib/server/db/schema';
import { registerSeller } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { PortalBrowser } from '../helpers/portal';
import { invoicedFlow, PIN, type InvoicedFlow, type Person } from '../helpers/procurement-flow';
import { backends, useTestServer } from '../helpers/server';

/**
 * The documents of an institution's order over HTTP: the seller's PDF with the phone's session, the portal's
 * page and PDF for the buying organisation and the lender of an advance, and the public check page behind
 * the QR code — each refused (404) to everyone else, a tampered link told it is no Lapak document.
 */
describe.each(backends)('procurement documents on $name', ({ name }) => {
	const context = useTestServer(name);
	let db: Kysely<Database>;
	let flow: InvoicedFlow;
	let paths: Record<string, string>;
	const portals = new Map<string, PortalBrowser>();

	beforeAll(async () => {
		db = openDatabase(context.database);
		flow = await invoicedFlow(context.server.url, db);
		paths = (await flow.pulled()).verifyPaths ?? {};
	});
	afterAll(() => db?.destroy());

	async function portal(user: Person): Promise<PortalBrowser> {
		let browser = portals.get(user.id);
		if (!browser) {
			browser = new PortalBrowser(context.server.url);
			expect((await browser.login(user.login, PIN)).status).toBe(303);
			portals.set(user.id, browser);
		}
		return browser;
	}

	/** GET with a session cookie, the body as bytes. */
	async function download(path: string, cookie: string | null) {
		const response = await fetch(context.server.url + path, {
			headers: cookie ? { cookie: `session=${cookie}` } : {},
			redirect: 'manual'
		});
		return {
			status: response.status,
			headers: response.headers,
			bytes: new Uint8Array(await response.arrayBuffer())
		};
	}

	async function pdfText(bytes: Uint8Array): Promise<string> {
		const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
		return text.replace(/\s+/g, ' ');
	}

	it('gives the seller the PDF of the Tagihan with its number, its amounts and the amount in words', async () => {
		const answer = await download(`/api/procurement-documents/${flow.invoiceId}/pdf`, flow.seller.api.cookie);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/pdf');
		expect(answer.headers.get('cache-control')).toBe('private, no-store');
		const number = (await flow.pulled()).invoices[0].number!;
		expect(number).toMatch(/^TGH\/WARUNGSA\/\d{4}\/00001$/);
		expect(answer.headers.get('content-disposition')).toBe(
			`attachment; filename="${number.replaceAll('/', '-')}.pdf"`
		);
		const text = await pdfText(answer.bytes);
		for (const expected of [
			number,
			'Rp630.000',
			'Rp69.300',
			'-Rp9.450',
			'Rp689.850',
			'Enam ratus delapan puluh sembilan ribu delapan ratus lima puluh rupiah',
			'CV Warung Sari',
			'PT Kereta Api Indonesia',
			'NPWP 0012345678912000',
			'Belum dibayar'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('gives the seller the Surat Pesanan, the BAST and the QR too, and another seller none of them', async () => {
		const sp = await download(`/api/procurement-documents/${flow.procurementId}/pdf`, flow.seller.api.cookie);
		expect(await pdfText(sp.bytes)).toContain(`SP/PTKAI/${flow.today.slice(0, 4)}/`);
		const bast = await download(`/api/procurement-documents/${flow.deliveryId}/pdf`, flow.seller.api.cookie);
		const bastText = await pdfText(bast.bytes);
		expect(bastText).toContain(`BAST/PTKAI/${flow.today.slice(0, 4)}/`);
		expect(bastText).toContain('Wati Lestari');

		const qr = await download(`/api/procurement-documents/${flow.invoiceId}/qr`, flow.seller.api.cookie);
		expect(qr.status).toBe(200);
		expect(qr.headers.get('content-type')).toBe('image/svg+xml');
		expect(Buffer.from(qr.bytes).toString()).toMatch(/^<svg aria-hidden="true"[^>]*viewBox="0 0 (\d+) \1"/);

		const other = await registerSeller(context.server.url, 'Tono', 'Toko Tono');
		for (const id of [flow.invoiceId, flow.procurementId, flow.deliveryId, uuidv7(), 'not-an-id']) {
			expect((await download(`/api/procurement-documents/${id}/pdf`, other.api.cookie)).status).toBe(404);
			expect((await download(`/api/procurement-documents/${id}/qr`, other.api.cookie)).status).toBe(404);
		}
		expect((await download(`/api/procurement-documents/${flow.invoiceId}/pdf`, null)).status).toBe(401);
	});

	it('shows the page and the PDF to every member of the buying organisation, and to nobody of another', async () => {
		for (const member of [flow.wati, flow.dewi, flow.rudi]) {
			const browser = await portal(member);
			const page = await browser.get(`/portal/dokumen/${flow.invoiceId}`);
			expect(page.status).toBe(200);
			expect(page.html).toContain('Rp689.850');
			expect(page.html).toContain('Yang harus dibayar');
			expect(page.html).toContain('src="data:image/svg+xml,%3Csvg');
			expect(page.headers.get('cache-control')).toBe('private, no-store');
			const pdf = await download(`/portal/dokumen/${flow.invoiceId}/pdf`, browser.cookie);
			expect(pdf.status).toBe(200);
			expect(await pdfText(pdf.bytes)).toContain('Rp689.850');
		}
		const yono = await portal(flow.yono);
		for (const id of [flow.invoiceId, flow.procurementId, flow.deliveryId]) {
			expect((await yono.get(`/portal/dokumen/${id}`)).status).toBe(404);
			expect((await download(`/portal/dokumen/${id}/pdf`, yono.cookie)).status).toBe(404);
		}
		const anonymous = await new PortalBrowser(context.server.url).get(`/portal/dokumen/${flow.invoiceId}`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.location).toContain('/portal/masuk');
	});

	it('shows a lender the documents of an order once asked for an advance on it; another lender never', async () => {
		const rina = await portal(flow.rina);
		const joko = await portal(flow.joko);
		expect((await rina.get(`/portal/dokumen/${flow.invoiceId}`)).status).toBe(404);
		expect(
			await flow.push([
				[
					'advance.request',
					{
						id: uuidv7(),
						procurementId: flow.procurementId,
						invoiceId: flow.invoiceId,
						lenderId: flow.lenderId,
						amount: 500_000
					}
				]
			])
		).toMatchObject([{ status: 'applied' }]);
		for (const id of [flow.invoiceId, flow.deliveryId, flow.procurementId]) {
			expect((await rina.get(`/portal/dokumen/${id}`)).status).toBe(200);
			expect((await joko.get(`/portal/dokumen/${id}`)).status).toBe(404);
		}
		expect((await download(`/portal/dokumen/${flow.invoiceId}/pdf`, rina.cookie)).status).toBe(200);
	});

	it('opens a check page from the link pull brought, with the state, nothing personal, and no caching', async () => {
		expect(Object.keys(paths).sort()).toEqual([flow.procurementId, flow.deliveryId, flow.invoiceId].sort());
		const path = paths[flow.invoiceId];
		expect(path).toMatch(/^\/cek\/[\w-]{44}$/);
		const page = await new PortalBrowser(context.server.url).get(path);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');
		expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
		expect(page.html).toContain('noindex');
		expect(page.html).toContain('Dokumen asli dari Lapak');
		expect(page.html).toContain('Belum dibayar');
		expect(page.html).toContain('Rp689.850');
		expect(page.html).toContain('CV Warung Sari');
		expect(page.html).toContain('PT Kereta Api Indonesia');
		expect(page.html).not.toMatch(/<script/);
		// what the paper holds of people and accounts stays on the paper
		for (const personal of ['0012345678912000', '012345678901', 'Sari Wulandari', 'Wati', 'Staf Pengadaan']) {
			expect(page.html).not.toContain(personal);
		}

		const bast = await new PortalBrowser(context.server.url).get(paths[flow.deliveryId]);
		expect(bast.html).toContain('Berita Acara Serah Terima');
		expect(bast.html).toContain('Diterima, ada yang kurang');

		await flow.buyer(flow.rudi, {
			kind: 'pay',
			input: { id: flow.procurementId, invoiceId: flow.invoiceId, reference: 'TRF-0001', paidOn: flow.today }
		});
		const paid = await new PortalBrowser(context.server.url).get(path);
		expect(paid.html).toMatch(/Dibayar \d{1,2} [A-Z][a-z]{2} \d{4}/);
		expect(paid.html).not.toContain('Belum dibayar');
	});

	it('says plainly that an altered or made-up link is not a Lapak document', async () => {
		const token = paths[flow.invoiceId].slice('/cek/'.length);
		const altered = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
		for (const bad of [altered, token.slice(0, 40), 'abc', `${token}x`]) {
			const page = await new PortalBrowser(context.server.url).get(`/cek/${bad}`);
			expect(page.status).toBe(404);
			expect(page.html).toContain('Bukan dokumen Lapak');
			expect(page.html).not.toContain('Dokumen asli dari Lapak');
		}
	});
});
