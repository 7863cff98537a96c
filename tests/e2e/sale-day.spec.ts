// A seller's day: any product of a big catalog sold in a few taps, and the KUR screens saying plainly what
// counts and what has not been sent.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createAccount } from '../helpers/admin';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { uuidv7 } from '../../src/lib/domain/ids';
import { freshPhone, newPhoneContext, waitUntilSent } from './helpers';
import { loginOnPhone, pushAll, SEED_PIN, seedApplication, seedSeller } from './seed';

let database: TestDatabase;
let server: TestServer;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	await createAccount(database, 'lender', 'Bank Desa Sejahtera', freshPhone(), SEED_PIN);
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

/** Every tap the seller makes goes through here, so the test can count them. */
function tapCounter() {
	let taps = 0;
	return {
		tap: async (target: Locator) => {
			taps += 1;
			await target.click();
		},
		get count() {
			return taps;
		}
	};
}

/** The tiles of the sale screen's product grid. */
const tiles = (page: Page) => page.getByTestId('sale-picker').getByRole('listitem').getByRole('button');

test('any product of 500 is sold in three taps from Beranda, and again in two once it sells', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const seller = await seedSeller(server.url, { products: 500 });
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await loginOnPhone(page, seller.phone);
	await expect(page.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();

	const fromHome = tapCounter();
	await fromHome.tap(page.getByRole('link', { name: 'Catat penjualan' }));
	await expect(tiles(page).first()).toBeVisible();
	// The grid draws a page of tiles, not 500 at once …
	expect(await tiles(page).count()).toBeLessThan(50);
	await expect(page.getByRole('list', { name: 'Semua produk (500)' })).toBeVisible();
	// … and the rest as the seller scrolls it: the best sellers come first, then the rest by name, so
	// "Sabun cuci piring", sold by nobody yet, is the very last of the 500.
	const sabun = page.getByRole('button', { name: /^Sabun cuci piring jeruk nipis Rp12\.500 ?\/botol/ });
	const grid = page.getByTestId('sale-picker');
	await expect(async () => {
		await grid.hover();
		await page.mouse.wheel(0, 3000);
		await expect(sabun).toBeVisible({ timeout: 100 });
	}).toPass({ intervals: [50], timeout: 60_000 });
	await expect(tiles(page)).toHaveCount(500);
	await fromHome.tap(sabun);
	await expect(page.getByTestId('sale-total')).toHaveText('Rp12.500');
	await fromHome.tap(page.getByRole('button', { name: 'Lunas, selesai' }));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Pesanan [2-9A-Z]{2,8}-\d+$/);
	await expect(page.getByTestId('order-total')).toHaveText('Rp12.500');
	await expect(page.getByText('Lunas', { exact: true }).first()).toBeVisible();
	expect(fromHome.count).toBe(3);

	// On the sale screen (the Pesanan tab's "Catat penjualan"), what has sold is in the first tiles now.
	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	await expect(tiles(page).first()).toBeVisible();
	const firstPage = await tiles(page).evaluateAll((buttons) =>
		buttons.slice(0, 8).map((button) => (button.textContent ?? '').trim())
	);
	expect(firstPage.some((name) => name.startsWith('Sabun cuci piring'))).toBe(true);
	const onSaleScreen = tapCounter();
	await onSaleScreen.tap(sabun);
	await onSaleScreen.tap(page.getByRole('button', { name: 'Lunas, selesai' }));
	await expect(page.getByTestId('order-total')).toHaveText('Rp12.500');
	expect(onSaleScreen.count).toBe(2);

	// The search narrows the whole catalog as each letter is typed.
	await page.getByRole('link', { name: 'Kembali ke pesanan' }).click();
	await page.getByRole('link', { name: 'Catat penjualan' }).click();
	const search = page.getByLabel('Cari produk');
	await search.pressSequentially('barang 49');
	await expect(tiles(page)).toHaveCount(15);
	await search.pressSequentially('9');
	await expect(tiles(page)).toHaveCount(1);
	await expect(tiles(page).first()).toHaveAccessibleName(/^Barang 499 Rp499\.000 ?\/pcs/);
	await search.fill('ker');
	await expect(tiles(page)).toHaveCount(1);
	await expect(tiles(page).first()).toHaveAccessibleName(/^Kerupuk udang Rp2\.000 ?\/bungkus/);
	await context.close();
});

/** `YYYY-MM` of a month `back` months before this one, as the phone names it ("Jun 2026", "Desember 2026"). */
function monthName(back: number, month: 'short' | 'long'): string {
	const now = new Date(Date.now() + 7 * 3_600_000);
	const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
	return new Intl.DateTimeFormat('id-ID', { month, year: 'numeric', timeZone: 'UTC' }).format(date);
}

test('the KUR sales record says only whole months count and shows the 48 sales of today beside it', async ({
	browser
}) => {
	const seller = await seedSeller(server.url);
	// 48 more sales today of Rp6.000 (air mineral galon).
	await pushAll(
		seller.device,
		Array.from({ length: 48 }, (_, index) =>
			seller.device.mutation('order.create', seller.spaceId, {
				id: uuidv7(),
				number: `HR-${index + 1}`,
				items: [{ productId: seller.productIds[6], qty: 1, price: 6_000 }],
				buyer: { name: 'Pembeli umum' },
				status: 'completed',
				payment: { id: uuidv7(), amount: 6_000, method: 'cash' }
			})
		)
	);
	await seedApplication(seller);
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await loginOnPhone(page, seller.phone);
	await page.goto('/app/pembiayaan?langkah=5');

	await expect(page.getByTestId('sales-months')).toHaveText(
		`Hanya bulan yang sudah lewat yang dihitung: ${monthName(6, 'short')} sampai ${monthName(1, 'short')}. Penjualan bulan ini belum masuk.`
	);
	await expect(page.getByTestId('sales-empty')).toHaveText(
		`Belum ada penjualan dari ${monthName(6, 'short')} sampai ${monthName(1, 'short')}. Penjualan bulan ini baru dihitung setelah bulannya lewat.`
	);
	await expect(page.getByText(/Belum ada pesanan dalam 6 bulan terakhir/)).toHaveCount(0);
	// This month so far: the 48 sales, plus the seeded ones that were not cancelled (4 of them).
	const soFar = page.getByTestId('sales-this-month');
	await expect(soFar).toContainText(`Bulan ini (${monthName(0, 'long')}), sampai hari ini`);
	await expect(soFar).toContainText(/dari 52 pesanan/);
	await context.close();
});

test('a KUR application sent with no signal says it is not sent yet, and its date once the server has it', async ({
	browser
}) => {
	const seller = await seedSeller(server.url);
	await seedApplication(seller);
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	await loginOnPhone(page, seller.phone);
	await page.goto('/app/pembiayaan?langkah=5');
	await expect(page.getByTestId('draft-state')).toBeVisible();
	await waitUntilSent(page);

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
	const card = page.getByTestId('financing-status');
	await expect(card.getByRole('heading', { name: 'Menunggu dikirim' })).toBeVisible();
	await expect(page.getByTestId('financing-when')).toHaveText('Belum terkirim — tersimpan di HP');
	await expect(card.getByText(/^Diajukan \d/)).toHaveCount(0);

	await context.setOffline(false);
	await expect(page.getByTestId('financing-when')).toHaveText(/^Diajukan \d{1,2} \w+/);
	await expect(card.getByText('Belum terkirim — tersimpan di HP')).toHaveCount(0);
	await context.close();
});
