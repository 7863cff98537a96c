import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Kysely } from 'kysely';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import type { Database } from '../../src/lib/server/db/schema';
import { openDatabase } from '../helpers/database';
import type { InvoicedFlow } from '../helpers/procurement-flow';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { newPhoneContext, waitForServiceWorker } from './helpers';

/**
 * The documents of an institution's order as people see them: the check page behind the QR code, and the
 * Tagihan as the buyer's finance clerk and the seller open it on a 360 px phone (the seller's offline).
 * A server of this file's own: the buyer's steps are the server's entries, run against its database (loaded
 * through Vite's module runner, which reads the server code's `$lib` imports and JSON as the build does).
 */
const PIN = '123456';
let database: TestDatabase;
let server: TestServer;
let db: Kysely<Database>;
let flow: InvoicedFlow;
let checkPath: string;

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	db = openDatabase(database);
	const { module } = await runnerImport<typeof import('../helpers/procurement-flow')>(
		fileURLToPath(new URL('../helpers/procurement-flow.ts', import.meta.url)),
		{
			configFile: false,
			logLevel: 'error',
			resolve: { alias: { $lib: fileURLToPath(new URL('../../src/lib', import.meta.url)) } }
		}
	);
	flow = await module.invoicedFlow(server.url, db);
	checkPath = (await flow.pulled()).verifyPaths![flow.invoiceId];
});

test.afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations, what).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('the QR code opens a plain check page; an altered code says it is no Lapak document', async ({
	browser
}) => {
	// JavaScript on only for axe, which runs in the page: the page has none (the integration test checks).
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	const page = await context.newPage();
	await page.goto(server.url + checkPath);
	await expect(page.getByRole('heading', { name: 'Dokumen asli dari Lapak' })).toBeVisible();
	await expect(page.getByTestId('check-state')).toHaveText('Belum dibayar');
	await expect(page.getByText('Rp689.850')).toBeVisible();
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'check page');

	const token = checkPath.slice('/cek/'.length);
	const altered = `${token.slice(0, 30)}${token[30] === 'x' ? 'y' : 'x'}${token.slice(31)}`;
	const answer = await page.goto(`${server.url}/cek/${altered}`);
	expect(answer?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Bukan dokumen Lapak' })).toBeVisible();
	await expectNoAxeViolations(page, 'check page of an altered code');
	await context.close();
});

test('the buying office reads and prints the Tagihan on a phone', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'id-ID' });
	const page = await context.newPage();
	await page.goto(`${server.url}/portal/masuk?ke=${encodeURIComponent(`/portal/dokumen/${flow.invoiceId}`)}`);
	await page.getByLabel('Nomor HP').fill(flow.rudi.login);
	await page.getByLabel('PIN').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tagihan' })).toBeVisible();
	await expect(page.getByText('Yang harus dibayar')).toBeVisible();
	await expect(
		page.getByText('Enam ratus delapan puluh sembilan ribu delapan ratus lima puluh rupiah')
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Unduh PDF' })).toBeVisible();
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'portal document page');

	// Printed, the sheet stands alone: no portal header, no download button.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('heading', { level: 1, name: 'Tagihan' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Unduh PDF' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Keluar' })).toBeHidden();
	await context.close();
});

test('the seller opens the Tagihan on the phone, offline too, and shares its check link', async ({
	browser
}) => {
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await page.goto('/app/masuk');
	await page.getByLabel('Nomor HP (WhatsApp)').fill(flow.seller.phone);
	await page.getByLabel('PIN (6 angka)').fill(flow.seller.pin);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	await waitForServiceWorker(page);

	const address = `/app/dokumen/${flow.procurementId}/${flow.invoiceId}`;
	await page.goto(address);
	await expect(page.getByRole('heading', { level: 1, name: 'Tagihan' })).toBeVisible();
	await expect(page.getByText('Rp689.850').first()).toBeVisible();
	await expect(page.locator('.qr img')).toBeVisible();
	const share = page.getByRole('link', { name: 'Bagikan ke WhatsApp' });
	const text = new URL((await share.getAttribute('href')) ?? '').searchParams.get('text') ?? '';
	expect(text).toContain('Tagihan TGH/WARUNGSA/');
	expect(text).toContain(checkPath);
	await expectNoSidewaysScroll(page);
	await expectNoAxeViolations(page, 'seller document page');

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Unduh PDF' }).click();
	expect((await download).suggestedFilename()).toMatch(/^TGH-WARUNGSA-\d{4}-00001\.pdf$/);

	// No signal: the sheet is drawn from the phone's own data, the check link written out instead of the code.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Tagihan' })).toBeVisible();
	await expect(page.getByText(checkPath)).toBeVisible();
	await page.getByRole('button', { name: 'Unduh PDF' }).click();
	await expect(page.getByRole('alert')).toHaveText(/Sambungkan internet/);
	await context.close();
});
