// Seeds a server with the data a seller and a facilitator have after some weeks of use, straight over the
// API (as another phone of theirs would push it), so the end-to-end tests that look at screens full of data
// do not spend minutes typing it in.
import { expect, type Page } from '@playwright/test';
import { uuidv7 } from '../../src/lib/domain/ids';
import { ApiClient, Device, newPhone, registerSeller, type Seller } from '../helpers/client';
import { completeFields, documentPhoto, lenderOffering, uploadDocument } from '../helpers/financing';

export const SEED_PIN = '123456';

/** Fails loudly unless every mutation of the push was applied. */
export async function pushAll(device: Device, mutations: ReturnType<Device['mutation']>[]): Promise<void> {
	for (let start = 0; start < mutations.length; start += 500) {
		const answer = await device.push(mutations.slice(start, start + 500));
		const refused = (answer.body?.results ?? []).filter(
			(result: { status: string }) => result.status !== 'applied'
		);
		if (answer.status !== 200 || refused.length) {
			throw new Error(
				`push failed: ${answer.status} ${JSON.stringify(refused.length ? refused : answer.body)}`
			);
		}
	}
}

/** Products of a real warung: long names, long units and big prices, the ones that break a layout. */
export const CATALOG = [
	{ name: 'Beras Pandan Wangi', price: 72_000, unit: 'karung', category: 'Sembako' },
	{ name: 'Minyak goreng Bimoli kemasan pouch isi ulang 2 liter', price: 38_500, unit: 'pouch' },
	{ name: 'Rokok kretek', price: 1_250_000, unit: 'bal', category: 'Rokok' },
	{ name: 'Gula pasir 1 kg', price: 15_000, unit: 'kg', category: 'Sembako' },
	{ name: 'Telur ayam negeri', price: 28_000, unit: 'kg', category: 'Sembako' },
	{ name: 'Kopi sachet', price: 1_500, unit: 'sachet', category: 'Minuman' },
	{ name: 'Air mineral galon isi ulang', price: 6_000, unit: 'galon', category: 'Minuman' },
	{ name: 'Mi instan goreng', price: 115_000, unit: 'dus', category: 'Makanan' },
	{ name: 'Sabun cuci piring jeruk nipis', price: 12_500, unit: 'botol' },
	{ name: 'Tepung terigu protein sedang', price: 160_000, unit: 'sak', category: 'Sembako' },
	{ name: 'Kerupuk udang', price: 2_000, unit: 'bungkus' },
	{ name: 'Gas elpiji 3 kg', price: 23_000, unit: 'tabung' }
];

export interface SeededSeller extends Seller {
	device: Device;
	productIds: string[];
	orders: { completed: string; bon: string; fresh: string; shipped: string; cancelled: string };
}

/** `count` products: the catalog above first, then "Barang 013" … (a catalog of 500 is one call). */
export function catalogMutations(device: Device, space: string, count = CATALOG.length) {
	return Array.from({ length: count }, (_, index) => {
		const known = CATALOG[index];
		return device.mutation('product.put', space, {
			id: uuidv7(),
			stock: index === 3 ? 0 : 10 + index,
			// Two run low, for the home screen's list.
			...(index === 3 || index === 1 ? { minStock: 12 } : {}),
			...(known ?? {
				name: `Barang ${String(index + 1).padStart(3, '0')}`,
				price: 1_000 * (index + 1),
				unit: 'pcs'
			})
		});
	});
}

/** A seller with a catalog and orders in every state: paid, on bon, new, shipped and cancelled. */
export async function seedSeller(base: string, options: { products?: number } = {}): Promise<SeededSeller> {
	const seller = await registerSeller(base, 'Sari', 'Warung Sembako Bu Sari Rahayu');
	const device = new Device(seller.api);
	const products = catalogMutations(device, seller.spaceId, options.products);
	await pushAll(device, products);
	const productIds = products.map((mutation) => (mutation.args as { id: string }).id);
	const ids = { completed: uuidv7(), bon: uuidv7(), fresh: uuidv7(), shipped: uuidv7(), cancelled: uuidv7() };
	const item = (index: number, qty: number) => ({
		productId: productIds[index],
		qty,
		price: CATALOG[index].price
	});
	await pushAll(device, [
		device.mutation('order.create', seller.spaceId, {
			id: ids.completed,
			number: 'SD-1',
			items: [item(0, 2), item(2, 1)],
			buyer: { name: 'Pembeli umum' },
			channel: 'walkin',
			status: 'completed',
			payment: { id: uuidv7(), amount: 1_394_000, method: 'cash' }
		}),
		device.mutation('order.create', seller.spaceId, {
			id: ids.bon,
			number: 'SD-2',
			items: [item(1, 3), item(4, 2), { name: 'Plastik kresek besar', qty: 1, price: 500 }],
			buyer: { name: 'Bu Rina Wulandari Kusumaningrum', phone: '081234567890' },
			channel: 'whatsapp',
			status: 'completed',
			payment: { id: uuidv7(), amount: 50_000, method: 'transfer' },
			note: 'Antar ke rumah sebelah masjid, pagar hijau, titip ke anaknya kalau tidak ada orang.'
		}),
		device.mutation('order.create', seller.spaceId, {
			id: ids.fresh,
			number: 'SD-3',
			items: [item(7, 2)],
			buyer: { name: 'Pak Budi', phone: '085712345678' },
			channel: 'whatsapp'
		}),
		device.mutation('order.create', seller.spaceId, {
			id: ids.shipped,
			number: 'SD-4',
			items: [item(9, 1)],
			buyer: { name: 'Warung Makan Barokah' },
			channel: 'whatsapp'
		}),
		device.mutation('order.create', seller.spaceId, {
			id: ids.cancelled,
			number: 'SD-5',
			items: [item(5, 10)],
			buyer: { name: 'Mas Joko' },
			channel: 'walkin'
		}),
		device.mutation('order.transition', seller.spaceId, { id: ids.shipped, from: 'new', to: 'accepted' }),
		device.mutation('order.transition', seller.spaceId, { id: ids.shipped, from: 'accepted', to: 'shipped' }),
		device.mutation('order.transition', seller.spaceId, { id: ids.cancelled, from: 'new', to: 'cancelled' })
	]);
	return { ...seller, device, productIds, orders: ids };
}

/** A KUR application with every field filled and its documents sent, left as a draft (or submitted). */
export async function seedApplication(seller: SeededSeller | (Seller & { device: Device }), submit = false) {
	const lender = await lenderOffering(seller.api);
	const ktp = documentPhoto();
	const business = documentPhoto();
	for (const document of [ktp, business]) {
		const upload = await uploadDocument(seller.api, seller.spaceId, document);
		expect(upload.status, JSON.stringify(upload.body)).toBe(201);
	}
	const id = uuidv7();
	await pushAll(seller.device, [
		seller.device.mutation('financing.patch', seller.spaceId, {
			id,
			fields: completeFields({ ktp: ktp.hash, business: business.hash }, lender.id)
		}),
		...(submit ? [seller.device.mutation('financing.submit', seller.spaceId, { id })] : [])
	]);
	return id;
}

/** A facilitator (made with the admin command line beforehand) who has signed one seller up, with products. */
export async function seedFacilitator(base: string, phone: string, pin = SEED_PIN) {
	const api = new ApiClient(base);
	const login = await api.post('/api/auth/login', { phone, pin });
	expect(login.status, JSON.stringify(login.body)).toBe(200);
	const device = new Device(api);
	const space = uuidv7();
	await pushAll(device, [
		device.mutation('seller.create', space, {
			ownerName: 'Bu Wati Setyaningsih',
			phone: newPhone(),
			businessName: 'Warung Makan Bu Wati Setyaningsih',
			category: 'Makanan dan minuman',
			address: {
				provinceCode: '33',
				regencyCode: null,
				districtCode: null,
				villageCode: null,
				villageName: 'Ngablak',
				street: 'Jl. Pasar No. 3, dekat masjid, RT 02/RW 05'
			}
		})
	]);
	await pushAll(device, catalogMutations(device, space, 4));
	return { api, device, sellerSpace: space };
}

/** Logs a phone in with the PIN, as the person would, and waits for the first screen after it. */
export async function loginOnPhone(page: Page, phone: string, pin = SEED_PIN): Promise<void> {
	await page.goto('/app/masuk');
	await page.getByLabel('Nomor HP (WhatsApp)').fill(phone);
	await page.getByLabel('PIN (6 angka)').fill(pin);
	await page.getByRole('button', { name: 'Masuk', exact: true }).click();
	await expect(page).not.toHaveURL(/\/app\/masuk/);
}
