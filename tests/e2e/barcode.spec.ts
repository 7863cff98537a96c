import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { freshPhone, registerSeller, setOffline } from './helpers';

const L = [
	'0001101',
	'0011001',
	'0010011',
	'0111101',
	'0100011',
	'0110001',
	'0101111',
	'0111011',
	'0110111',
	'0001011'
];
const R = L.map((code) => [...code].map((bit) => (bit === '1' ? '0' : '1')).join(''));
const G = R.map((code) => [...code].reverse().join(''));
const PARITY = [
	'LLLLLL',
	'LLGLGG',
	'LLGGLG',
	'LLGGGL',
	'LGLLGG',
	'LGGLLG',
	'LGGGLL',
	'LGLGLG',
	'LGLGGL',
	'LGGLGL'
];

/** A photo of an EAN-13 barcode: black bars on white with quiet zones, as a PNG. */
async function ean13Photo(digits: string): Promise<Buffer> {
	let bits = '101';
	for (let i = 1; i <= 6; i++) bits += (PARITY[Number(digits[0])][i - 1] === 'L' ? L : G)[Number(digits[i])];
	bits += '01010';
	for (let i = 7; i <= 12; i++) bits += R[Number(digits[i])];
	bits += '101';
	const module = 4;
	const quiet = 12;
	const width = (bits.length + 2 * quiet) * module;
	const bars = [...bits]
		.map((bit, index) =>
			bit === '1' ? `<rect x="${(quiet + index) * module}" y="20" width="${module}" height="160"/>` : ''
		)
		.join('');
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="200"><rect width="100%" height="100%" fill="#fff"/>${bars}</svg>`;
	return sharp(Buffer.from(svg)).png().toBuffer();
}

test('a barcode photographed fills the product form and finds the product in the catalog, offline, through the polyfill', async ({
	page,
	context
}) => {
	await registerSeller(page, freshPhone());
	const photo = { name: 'barcode.png', mimeType: 'image/png', buffer: await ean13Photo('8992761111113') };
	// Headless Chromium on Linux has no BarcodeDetector of its own: this is the ZXing WebAssembly path, its
	// .wasm from the app's own origin under the app's Content-Security-Policy.
	expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);

	// The scanner's files are fetched once with a signal, then kept by the service worker.
	await page.getByRole('link', { name: 'Produk', exact: true }).click();
	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Kopi Kapal Api');
	await page.getByLabel('Harga (Rp)').fill('2500');
	await page.getByLabel('Satuan').fill('sachet');
	await page.getByRole('button', { name: 'Pindai', exact: true }).click();
	const scanner = page.getByRole('dialog', { name: 'Arahkan kamera ke barcode' });
	await expect(scanner).toBeVisible();
	await scanner.getByLabel('Foto barcodenya').setInputFiles(photo);
	await expect(scanner).toBeHidden();
	await expect(page.getByLabel('Barcode', { exact: true })).toHaveValue('8992761111113');

	// A digit typed wrong is caught, in plain words.
	await page.getByLabel('Barcode', { exact: true }).fill('8992761111112');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(
		page.getByText('Angka barcode tidak cocok. Periksa lagi angkanya, atau pindai ulang.')
	).toBeVisible();
	await page.getByLabel('Barcode', { exact: true }).fill('8992761111113');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();

	await page.getByRole('link', { name: 'Tambah produk' }).click();
	await page.getByLabel('Nama produk').fill('Teh Pucuk');
	await page.getByLabel('Harga (Rp)').fill('4000');
	await page.getByLabel('Satuan').fill('botol');
	await page.getByRole('button', { name: 'Simpan', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Produk', exact: true })).toBeVisible();

	// Offline, scanning in the catalog list finds the product by its barcode.
	await setOffline(context, true);
	await page.getByRole('button', { name: 'Pindai', exact: true }).click();
	await scanner.getByLabel('Foto barcodenya').setInputFiles(photo);
	await expect(page.getByLabel('Cari produk')).toHaveValue('8992761111113');
	await expect(page.getByRole('link', { name: /Kopi Kapal Api/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Teh Pucuk/ })).toHaveCount(0);
});
