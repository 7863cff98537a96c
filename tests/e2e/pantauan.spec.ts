import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { sql, type Kysely } from 'kysely';
import { jakartaDay } from '../../src/lib/domain/dates';
import { uuidv7 } from '../../src/lib/domain/ids';
import { formatRupiah } from '../../src/lib/domain/money';
import { addDays } from '../../src/lib/domain/procurement-money';
import type { Database } from '../../src/lib/server/db/schema';
import type { MonitoringTables } from '../../src/lib/server/monitoring/tables';
import { hashPin } from '../../src/lib/server/password';
import { newPhone } from '../helpers/client';
import { openDatabase } from '../helpers/database';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';

/**
 * The monitoring dashboard on a server of its own, its summary tables filled directly (the integration test
 * shows they equal the raw rows): six sellers in DI Yogyakarta supplying two institutions, six in Jawa Timur
 * supplying a third. A pemantau filters to DI Yogyakarta and reads the spend and who pays latest.
 */
let database: TestDatabase;
let server: TestServer;
const phone = newPhone();
const PIN = '135790';
const today = jakartaDay(new Date());
const month = today.slice(0, 7);
const organisations = [
	{ id: uuidv7(), name: 'PT Kereta Api Indonesia', code: 'PTKAI' },
	{ id: uuidv7(), name: 'Dinas Koperasi Sleman', code: 'DKSLM' },
	{ id: uuidv7(), name: 'Pemkot Surabaya', code: 'PKSBY' }
];

test.beforeAll(async () => {
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	const db: Kysely<Database> = openDatabase(database);
	const m = db.withTables<MonitoringTables>();
	const now = new Date().toISOString();
	try {
		await db
			.insertInto('users')
			.values({
				id: uuidv7(),
				name: 'Mira',
				phone: `+62${phone.slice(1)}`,
				pin_hash: await hashPin(PIN),
				role: 'monitor',
				created_at: now
			})
			.execute();
		for (const organisation of organisations) {
			await db
				.insertInto('organisations')
				.values({ ...organisation, kind: 'bumn', created_at: now })
				.execute();
		}
		for (let i = 0; i < 12; i++) {
			const [province, regency, organisation] =
				i < 6 ? ['34', '34.04', organisations[i < 5 ? 0 : 1]] : ['35', '35.78', organisations[2]];
			const space = uuidv7();
			const dims = { province, regency, category: 'makanan', size: 'mikro' };
			await m
				.insertInto('monitor_sellers')
				.values({
					space_id: space,
					...dims,
					facilitator_id: null,
					facilitator_name: null,
					registered_on: today,
					activated_on: today
				})
				.execute();
			await m
				.insertInto('spend_monthly')
				.values({
					month,
					organisation_id: organisation.id,
					space_id: space,
					...dims,
					orders: 1,
					committed: 1_000_000,
					paid: 2_000_000
				})
				.execute();
			// The roll-ups the write path keeps beside it: one more seller in its region's and organisation's cell.
			const figures = { orders: 1, committed: 1_000_000, paid: 2_000_000, sellers: 1 };
			const add = {
				orders: sql<number>`orders + 1`,
				committed: sql<number>`committed + 1000000`,
				paid: sql<number>`paid + 2000000`,
				sellers: sql<number>`sellers + 1`
			};
			await m
				.insertInto('spend_regions')
				.values({ month, ...dims, ...figures })
				.onConflict((conflict) =>
					conflict.columns(['month', 'province', 'regency', 'category', 'size']).doUpdateSet(add)
				)
				.execute();
			await m
				.insertInto('spend_orgs')
				.values({ month, organisation_id: organisation.id, province, ...figures })
				.onConflict((conflict) => conflict.columns(['month', 'organisation_id', 'province']).doUpdateSet(add))
				.execute();
			// PT KAI pays 40 days after the BAST, the Dinas 5; Surabaya 90 (but it is not in DI Yogyakarta).
			const days = organisation === organisations[0] ? 40 : organisation === organisations[1] ? 5 : 90;
			await m
				.insertInto('payment_times')
				.values({
					invoice_id: uuidv7(),
					organisation_id: organisation.id,
					space_id: space,
					province,
					paid_month: month,
					bast_on: addDays(today, -days),
					paid_on: today,
					days,
					amount: 2_000_000
				})
				.execute();
			if (organisation === organisations[0]) {
				await m
					.insertInto('open_invoices')
					.values({
						invoice_id: uuidv7(),
						organisation_id: organisation.id,
						space_id: space,
						province,
						due_on: addDays(today, -10 - i),
						amount: 500_000
					})
					.execute();
			}
		}
	} finally {
		await db.destroy();
	}
});

test.afterAll(() => server?.stop().then(() => database?.drop()));

/** axe finds nothing on the page as it is now. */
const expectNoAxeViolations = async (page: Page, what: string) =>
	expect((await new AxeBuilder({ page }).analyze()).violations, what).toEqual([]);

test('a pemantau filters to one province and reads the spend and who pays latest', async ({ page }) => {
	await page.goto(`${server.url}/portal/pantauan`);
	await page.getByLabel('Nomor HP').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill(PIN);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL(`${server.url}/portal/pantauan`);
	await expect(page.getByRole('heading', { level: 1, name: 'Pantauan program' })).toBeVisible();
	await expect(page.getByText('Angka untuk: Nasional (semua instansi)')).toBeVisible();
	await expectNoAxeViolations(page, 'the national view at 360 px');
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);

	await page.getByRole('combobox', { name: /^Provinsi/ }).selectOption({ label: 'DI Yogyakarta' });
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page).toHaveURL(/provinsi=34/);

	const spend = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: 'Belanja per provinsi dan kabupaten/kota penjual' }) });
	const sleman = spend.getByRole('row').filter({ hasText: 'Kabupaten Sleman' });
	await expect(sleman).toContainText('DI Yogyakarta');
	await expect(sleman).toContainText(formatRupiah(6 * 2_000_000));
	await expect(sleman).toContainText(formatRupiah(6 * 1_000_000));
	await expect(spend.getByText('Jawa Timur')).toHaveCount(0);
	// The chart says the same to a screen reader.
	await expect(spend.getByRole('img', { name: /Belanja per provinsi/ })).toBeVisible();

	const ranking = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: 'Instansi yang paling lama membayar' }) });
	const rows = ranking.getByRole('row');
	// Header, PT KAI (40 days; past due), Dinas Koperasi (5 days); Surabaya is not in this province.
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('PT Kereta Api Indonesia');
	await expect(rows.nth(1)).toContainText('40 hari');
	await expect(rows.nth(1)).toContainText(formatRupiah(5 * 500_000));
	await expect(rows.nth(2)).toContainText('Dinas Koperasi Sleman');
	// One seller: too few to show ("< 5").
	await expect(rows.nth(2)).toContainText('< 5');
	await expect(ranking.getByRole('link', { name: /Unduh CSV/ })).toHaveAttribute(
		'href',
		/pembayaran\.csv\?.*provinsi=34/
	);
	await expectNoAxeViolations(page, 'one province at 360 px');

	await page.setViewportSize({ width: 1280, height: 900 });
	await expectNoAxeViolations(page, 'one province on a desktop');
});
