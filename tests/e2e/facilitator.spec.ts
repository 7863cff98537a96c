import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../helpers/admin';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { freshPhone, newPhoneContext, PIN, waitForServiceWorker, waitUntilSent } from './helpers';

const PHOTO = fileURLToPath(new URL('../fixtures/warung-4000x3000-gps.jpg', import.meta.url));

/** This file's own server: the facilitator's account is made with the admin command line. */
let database: TestDatabase;
let server: TestServer;
const FACILITATOR_PHONE = freshPhone();

test.beforeAll(async () => {
	test.setTimeout(120_000);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	await createAccount(database, 'facilitator', 'Budi', FACILITATOR_PHONE, PIN);
});

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

/** Types into a region field and picks the option it offers. */
async function pickRegion(page: Page, field: string, typed: string, option: string | RegExp): Promise<void> {
	await page.getByRole('combobox', { name: field }).fill(typed);
	await page.getByRole('option', { name: option }).first().click();
}

interface NewSeller {
	owner: string;
	phone: string;
	business: string;
	products: string[];
	/** Run axe over the filled form (once is enough). */
	checkAccessibility?: boolean;
}

/** Signs a seller up on the facilitator's phone and adds their products, one with a photo. */
async function signUp(page: Page, seller: NewSeller): Promise<void> {
	await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Penjual' }).click();
	await page.getByRole('link', { name: 'Daftarkan penjual baru' }).click();
	await expect(page.getByRole('heading', { name: 'Penjual baru' })).toBeVisible();
	await page.getByLabel('Nama pemilik').fill(seller.owner);
	await page.getByLabel('Nomor HP (WhatsApp) penjual').fill(seller.phone);
	await page.getByLabel('Nama usaha').fill(seller.business);
	await page.getByLabel('Jenis usaha').fill('Makanan');
	// The regions come from the list bundled with the app: no signal needed down to the district.
	await pickRegion(page, 'Provinsi', 'jawa teng', 'Jawa Tengah');
	await pickRegion(page, 'Kabupaten/Kota', 'magelang', /^Kab(upaten|\.) Magelang/);
	await pickRegion(page, 'Kecamatan', 'ngablak', 'Ngablak');
	// The villages of a regency come down with a signal; here there is none, so the name is typed.
	await expect(page.getByText('Daftar desa belum tersimpan di HP')).toBeVisible();
	await page.getByRole('textbox', { name: 'Desa/Kelurahan' }).fill('Ngablak');
	await page.getByLabel('Alamat (jalan, RT/RW, patokan)').fill('Jl. Pasar No. 3, dekat masjid');
	// GPS needs sky, not signal.
	await page.getByRole('button', { name: 'Simpan lokasi GPS' }).click();
	await expect(page.getByText('Lokasi tersimpan: -7.45000, 110.40000 (±12 m)')).toBeVisible();
	await page.getByLabel('Pilih dari galeri').first().setInputFiles(PHOTO);
	await expect(page.getByRole('img', { name: 'Foto tempat usaha' })).toBeVisible({ timeout: 20_000 });
	if (seller.checkAccessibility) await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Simpan penjual' }).click();

	await expect(page.getByRole('heading', { name: seller.business, level: 1 })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Penjual tersimpan di HP' })).toBeVisible();
	await expect(page.getByText('Kode aktivasi muncul setelah terkirim')).toBeVisible();
	await expect(page.getByText('Ngablak, Kec. Ngablak, Kab. Magelang, Jawa Tengah')).toBeVisible();
	await expect(page.getByText('-7.45000, 110.40000')).toBeVisible();

	for (const [index, name] of seller.products.entries()) {
		await page.getByRole('button', { name: 'Tambah produk untuk toko ini' }).click();
		await expect(page.getByTestId('current-shop')).toHaveText(seller.business);
		await page.getByLabel('Nama produk').fill(name);
		await page.getByLabel('Harga (Rp)').fill(String(5000 + index * 1000));
		await page.getByLabel('Satuan').fill('pcs');
		await page.getByLabel('Stok awal').fill('20');
		if (index === 0) {
			await page.getByLabel('Pilih dari galeri').setInputFiles(PHOTO);
			await expect(page.getByRole('img', { name: 'Foto produk ke-1' })).toBeVisible({ timeout: 20_000 });
		}
		await page.getByRole('button', { name: 'Simpan', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();
		await page.goto(`/app/pendamping`);
		await page.getByRole('link', { name: seller.business }).click();
	}
}

function sellerCard(page: Page, business: string) {
	return page.getByRole('article', { name: business });
}

test('a facilitator signs two sellers up with no signal, and the first one activates their shop with the code', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const one: NewSeller = {
		owner: 'Sari',
		phone: freshPhone(),
		business: 'Warung Bu Sari',
		products: ['Keripik singkong', 'Rempeyek kacang', 'Kopi tubruk'],
		checkAccessibility: true
	};
	const two: NewSeller = {
		owner: 'Wati',
		phone: freshPhone(),
		business: 'Kedai Bu Wati',
		products: ['Tempe mendoan', 'Wedang jahe', 'Gethuk']
	};

	// The facilitator logs in once in town; the app installs itself on the phone.
	const facilitatorContext = await newPhoneContext(browser, server.url);
	await facilitatorContext.grantPermissions(['geolocation']);
	await facilitatorContext.setGeolocation({ latitude: -7.45, longitude: 110.4, accuracy: 12 });
	let facilitator = await facilitatorContext.newPage();
	await facilitator.goto('/app/masuk');
	await facilitator.getByLabel('Nomor HP (WhatsApp)').fill(FACILITATOR_PHONE);
	await facilitator.getByLabel('PIN (6 angka)').fill(PIN);
	await facilitator.getByRole('button', { name: 'Masuk' }).click();
	await expect(facilitator.getByRole('heading', { name: 'Penjual dampingan' })).toBeVisible();
	await expect(facilitator.getByText('Belum ada penjual')).toBeVisible();
	await waitForServiceWorker(facilitator);

	// In the village: no signal from here on.
	await facilitatorContext.setOffline(true);
	await signUp(facilitator, one);
	await expectNoAxeViolations(facilitator);
	await signUp(facilitator, two);
	// Wati's first sale, a walk-in paid at once, recorded for her on the facilitator's phone.
	await facilitator.getByRole('button', { name: 'Catat penjualan' }).click();
	await expect(facilitator.getByTestId('current-shop')).toHaveText(two.business);
	await facilitator.getByRole('button', { name: /^Tempe mendoan Rp/ }).click();
	await facilitator.getByRole('button', { name: 'Lunas, selesai' }).click();
	await expect(facilitator.getByRole('heading', { level: 1 })).toContainText(/-1$/);

	// The app is closed and opened again, still without signal: both sellers are there, waiting to be sent.
	await facilitator.close();
	facilitator = await facilitatorContext.newPage();
	await facilitator.goto('/app/pendamping');
	await expect(sellerCard(facilitator, one.business)).toBeVisible();
	await expect(sellerCard(facilitator, two.business)).toBeVisible();
	await expect(sellerCard(facilitator, one.business).getByText('Produk berfoto: 1 dari 5')).toBeVisible();
	await expect(sellerCard(facilitator, one.business).getByTestId('seller-pending')).toHaveText(
		'4 perubahan belum tersinkron'
	);
	await expect(facilitator.getByTestId('report-onboarded')).toHaveText('0');
	await expect(facilitator.getByText('2 penjual baru belum tersinkron')).toBeVisible();
	await expectNoAxeViolations(facilitator);

	// Back in town: everything goes up, and the server answers with the activation codes.
	await facilitatorContext.setOffline(false);
	await waitUntilSent(facilitator);
	const code = sellerCard(facilitator, one.business).getByTestId('activation-code');
	await expect(code).toHaveText(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
	await expect(facilitator.getByTestId('report-onboarded')).toHaveText('2');
	await expect(facilitator.getByTestId('report-active')).toHaveText('1');
	await expect(
		sellerCard(facilitator, two.business).getByRole('listitem').filter({ hasText: 'Pesanan pertama' })
	).toContainText('(selesai)');
	await expect(
		sellerCard(facilitator, one.business).getByRole('listitem').filter({ hasText: 'Pesanan pertama' })
	).toContainText('(belum)');
	const activationCode = (await code.textContent())!;
	await facilitator.getByRole('link', { name: one.business }).click();
	await expect(facilitator.getByRole('link', { name: 'Kirim kode lewat WhatsApp' })).toHaveAttribute(
		'href',
		new RegExp(`^https://wa\\.me/62${one.phone.slice(1)}\\?text=.*${activationCode}`)
	);

	// Sari, on her own phone, takes the shop over with her number and the code, and picks a PIN.
	const sellerContext = await newPhoneContext(browser, server.url);
	const seller = await sellerContext.newPage();
	await seller.goto('/app/masuk');
	await seller.getByRole('link', { name: 'Pakai kode aktivasi' }).click();
	await expect(seller.getByRole('heading', { name: 'Aktifkan toko Anda' })).toBeVisible();
	await expectNoAxeViolations(seller);
	await seller.getByLabel('Nomor HP (WhatsApp)').fill(one.phone);
	await seller.getByLabel('Kode aktivasi (8 huruf/angka)').fill(activationCode.toLowerCase());
	await seller.getByLabel('Buat PIN (6 angka)').fill('135790');
	await seller.getByLabel('Ulangi PIN').fill('135790');
	await seller.getByRole('button', { name: 'Aktifkan toko' }).click();
	await expect(seller.getByRole('heading', { name: 'Halo, Sari' })).toBeVisible();
	await seller.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Produk' }).click();
	for (const name of one.products)
		await expect(seller.getByRole('link', { name: new RegExp(name) })).toBeVisible();
	await expect(seller.getByText('Tempe mendoan')).toHaveCount(0);
	await expect(seller.getByTestId('changed-by')).toHaveCount(3);
	await seller.getByRole('link', { name: new RegExp(one.products[1]) }).click();
	await expect(seller.getByRole('heading', { name: one.products[1], level: 1 })).toBeVisible();
	await expect(seller.getByTestId('changed-by')).toHaveText('Diubah oleh pendamping Budi');

	// The same code does not work twice.
	const other = await newPhoneContext(browser, server.url);
	const thief = await other.newPage();
	await thief.goto('/app/aktivasi');
	await thief.getByLabel('Nomor HP (WhatsApp)').fill(one.phone);
	await thief.getByLabel('Kode aktivasi (8 huruf/angka)').fill(activationCode);
	await thief.getByLabel('Buat PIN (6 angka)').fill('111111');
	await thief.getByLabel('Ulangi PIN').fill('111111');
	await thief.getByRole('button', { name: 'Aktifkan toko' }).click();
	await expect(thief.getByRole('alert')).toHaveText('Nomor HP atau kode aktivasi salah.');
	// Wati, not activated yet, tries to sign up on her own: she is sent to the activation instead.
	await thief.goto('/app/daftar');
	await thief.getByLabel('Nama Anda').fill(two.owner);
	await thief.getByLabel('Nama usaha').fill(two.business);
	await thief.getByLabel('Nomor HP (WhatsApp)').fill(two.phone);
	await thief.getByLabel('PIN (6 angka)').fill('222222');
	await thief.getByRole('button', { name: 'Daftar sekarang' }).click();
	await expect(thief.getByRole('alert')).toContainText('sudah didaftarkan pendamping');
	await thief.getByRole('alert').getByRole('link', { name: 'Pakai kode aktivasi' }).click();
	await expect(thief.getByRole('heading', { name: 'Aktifkan toko Anda' })).toBeVisible();
	await other.close();

	// The facilitator's list shows seller one as activated (the server pokes the open app).
	await facilitator.goto('/app/pendamping');
	await expect(sellerCard(facilitator, one.business).getByText(/^Sudah aktif/)).toBeVisible();
	await expect(sellerCard(facilitator, two.business).getByTestId('activation-code')).toBeVisible();
	await expect(facilitator.getByTestId('report-activated')).toHaveText('1');

	// Sari takes the facilitator's access away; his phone no longer holds her shop.
	await seller
		.getByRole('navigation', { name: 'Menu utama' })
		.getByRole('link', { name: 'Pengaturan' })
		.click();
	seller.once('dialog', (dialog) => void dialog.accept());
	await seller.getByRole('button', { name: 'Hapus akses Budi' }).click();
	await waitUntilSent(seller);
	await expect(seller.getByRole('button', { name: 'Hapus akses Budi' })).toHaveCount(0);
	await expect(sellerCard(facilitator, one.business)).toHaveCount(0, { timeout: 15_000 });
	await expect(sellerCard(facilitator, two.business)).toBeVisible();

	await sellerContext.close();
	await facilitatorContext.close();
});
