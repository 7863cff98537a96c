// Every seller and facilitator screen under /app, full of data, at 320 and 360 px wide: nothing may stick
// out sideways, and everything a thumb taps must be at least 48 px tall (and wide, for an icon alone).
//
// To add a screen (expenses, receipts …): add an entry to SCREENS with who sees it, its address and what
// shows once it has its data. Seed what it needs in `beforeAll`.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createAccount } from '../helpers/admin';
import { registerSeller, type Seller } from '../helpers/client';
import { createTestDatabase, TestServer, type TestDatabase } from '../helpers/test-server';
import { freshPhone, newPhoneContext, waitForServiceWorker } from './helpers';
import {
	loginOnPhone,
	pushAll,
	SEED_PIN,
	seedApplication,
	seedFacilitator,
	seedSeller,
	type SeededSeller
} from './seed';
import { Device } from '../helpers/client';
import { uuidv7 } from '../../src/lib/domain/ids';
import {
	closeSeeding,
	seedInstitution,
	seedInvoiced,
	seedRequest,
	seedSupplier,
	type Institution
} from './seed-procurement';

/**
 * The sync status bar is being redone with its own tap-target checks (its e2e tests, with its "Masuk lagi"
 * button); this sweep leaves its tap targets to them and still checks that it does not overflow.
 */
const SYNC_STATUS_BAR = '[aria-label="Status sinkron"]';

const WIDTHS = [320, 360];
/** Apple's and Material's minimum: 48 CSS px (less a rounding hair). */
const MIN_TAP = 47.5;

type Who = 'guest' | 'seller' | 'newcomer' | 'starter' | 'applicant' | 'facilitator';

interface Seeded {
	seller: SeededSeller;
	sellerSpace: string;
	/** Institutions' orders of the seller: one asking for a quotation, one invoiced. */
	instansi: { requested: string; invoiced: string };
}

interface Screen {
	name: string;
	who: Who;
	path: (seeded: Seeded) => string;
	/** What shows once the screen has its data (its audit waits for it). */
	ready: (page: Page) => ReturnType<Page['getByText']>;
	/** Taps to make before looking (a form opened, a product in the cart). */
	prepare?: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { level: 1, name });

const SCREENS: Screen[] = [
	{ name: 'masuk', who: 'guest', path: () => '/app/masuk', ready: heading('Masuk') },
	{ name: 'daftar', who: 'guest', path: () => '/app/daftar', ready: heading('Daftar') },
	{ name: 'aktivasi', who: 'guest', path: () => '/app/aktivasi', ready: heading('Aktifkan toko Anda') },

	{ name: 'beranda, empty', who: 'newcomer', path: () => '/app', ready: heading('Halo, Sari') },
	{ name: 'produk, empty', who: 'newcomer', path: () => '/app/produk', ready: heading('Produk') },
	{ name: 'pesanan, empty', who: 'newcomer', path: () => '/app/pesanan', ready: heading('Pesanan') },
	{
		name: 'catat penjualan, no products',
		who: 'newcomer',
		path: () => '/app/pesanan/baru',
		ready: heading('Catat penjualan')
	},
	{
		name: 'pembiayaan, before starting',
		who: 'newcomer',
		path: () => '/app/pembiayaan',
		ready: (page) => page.getByRole('heading', { name: 'Ajukan KUR dari HP' })
	},

	{
		name: 'beranda',
		who: 'seller',
		path: () => '/app',
		ready: (page) => page.getByRole('link', { name: /Gula pasir 1 kg/ }).first()
	},
	{
		name: 'produk',
		who: 'seller',
		path: () => '/app/produk',
		ready: (page) => page.getByRole('link', { name: /Minyak goreng Bimoli/ })
	},
	{ name: 'produk baru', who: 'seller', path: () => '/app/produk/baru', ready: heading('Produk baru') },
	{
		name: 'produk detail',
		who: 'seller',
		path: ({ seller }) => `/app/produk/${seller.productIds[1]}`,
		ready: heading(/Minyak goreng Bimoli/)
	},
	{
		name: 'produk detail, out of stock',
		who: 'seller',
		path: ({ seller }) => `/app/produk/${seller.productIds[3]}`,
		ready: heading('Gula pasir 1 kg')
	},
	{
		name: 'pesanan',
		who: 'seller',
		path: () => '/app/pesanan',
		ready: (page) => page.getByRole('link', { name: /Bu Rina Wulandari/ })
	},
	{
		name: 'pesanan, tab baru',
		who: 'seller',
		path: () => '/app/pesanan?tab=new',
		ready: (page) => page.getByRole('link', { name: /Pak Budi/ })
	},
	{
		name: 'pesanan, bon',
		who: 'seller',
		path: () => '/app/pesanan?tab=bon',
		ready: (page) => page.getByText('Bu Rina Wulandari Kusumaningrum').first()
	},
	{
		name: 'catat penjualan',
		who: 'seller',
		path: () => '/app/pesanan/baru',
		ready: (page) => page.getByRole('button', { name: /^Beras Pandan Wangi Rp/ })
	},
	{
		name: 'catat penjualan, two in the cart',
		who: 'seller',
		path: () => '/app/pesanan/baru',
		ready: (page) => page.getByRole('button', { name: /^Rokok kretek Rp/ }),
		prepare: async (page) => {
			await page.getByRole('button', { name: /^Beras Pandan Wangi Rp/ }).click();
			await page.getByRole('button', { name: /^Minyak goreng Bimoli/ }).click();
			await page.getByRole('radio', { name: 'WhatsApp' }).check();
		}
	},
	{
		name: 'pesanan selesai',
		who: 'seller',
		path: ({ seller }) => `/app/pesanan/${seller.orders.completed}`,
		ready: heading('Pesanan SD-1')
	},
	{
		name: 'pesanan bon',
		who: 'seller',
		path: ({ seller }) => `/app/pesanan/${seller.orders.bon}`,
		ready: heading('Pesanan SD-2')
	},
	{
		name: 'pesanan baru',
		who: 'seller',
		path: ({ seller }) => `/app/pesanan/${seller.orders.fresh}`,
		ready: heading('Pesanan SD-3')
	},
	{
		name: 'pesanan dikirim',
		who: 'seller',
		path: ({ seller }) => `/app/pesanan/${seller.orders.shipped}`,
		ready: heading('Pesanan SD-4')
	},
	{
		name: 'pesanan batal',
		who: 'seller',
		path: ({ seller }) => `/app/pesanan/${seller.orders.cancelled}`,
		ready: heading('Pesanan SD-5')
	},
	...[1, 2, 3, 4, 5].map((step): Screen => ({
		name: `pembiayaan langkah ${step}`,
		who: 'seller',
		path: () => `/app/pembiayaan?langkah=${step}`,
		ready: (page) => page.getByTestId('draft-state')
	})),
	{ name: 'pengaturan', who: 'seller', path: () => '/app/pengaturan', ready: heading('Pengaturan') },
	{
		name: 'pesanan instansi',
		who: 'seller',
		path: () => '/app/instansi',
		ready: (page) => page.getByRole('heading', { level: 2, name: /Perlu penawaran/ })
	},
	{
		name: 'pesanan instansi, request for quotation',
		who: 'seller',
		path: ({ instansi }) => `/app/instansi/${instansi.requested}`,
		ready: (page) => page.getByRole('button', { name: 'Kirim penawaran' })
	},
	{
		name: 'pesanan instansi, invoiced',
		who: 'seller',
		path: ({ instansi }) => `/app/instansi/${instansi.invoiced}`,
		ready: (page) => page.getByTestId('invoice'),
		prepare: (page) => page.getByRole('button', { name: 'Ajukan pembiayaan tagihan' }).click()
	},

	...[1, 2, 3, 4, 5].map((step): Screen => ({
		name: `pembiayaan langkah ${step}, nothing filled in`,
		who: 'starter',
		path: () => `/app/pembiayaan?langkah=${step}`,
		ready: (page) => page.getByTestId('draft-state')
	})),

	{
		name: 'pembiayaan, submitted',
		who: 'applicant',
		path: () => '/app/pembiayaan',
		ready: (page) => page.getByTestId('financing-status')
	},

	{
		name: 'penjual dampingan',
		who: 'facilitator',
		path: () => '/app/pendamping',
		ready: (page) => page.getByRole('link', { name: /Warung Makan Bu Wati/ })
	},
	{
		name: 'penjual baru',
		who: 'facilitator',
		path: () => '/app/pendamping/baru',
		ready: heading('Penjual baru')
	},
	{
		name: 'penjual detail',
		who: 'facilitator',
		path: ({ sellerSpace }) => `/app/pendamping/${sellerSpace}`,
		ready: (page) => page.getByRole('heading', { name: 'Aktivasi' })
	},
	{
		name: 'penjual: produk toko',
		who: 'facilitator',
		path: ({ sellerSpace }) => `/app/pendamping/${sellerSpace}`,
		ready: (page) => page.getByRole('button', { name: 'Lihat produk toko' }),
		prepare: async (page) => {
			await page.getByRole('button', { name: 'Lihat produk toko' }).click();
			await expect(page.getByRole('link', { name: /Beras Pandan Wangi/ })).toBeVisible();
		}
	},
	{
		name: 'penjual: catat penjualan',
		who: 'facilitator',
		path: () => '/app/pesanan/baru',
		ready: (page) => page.getByRole('button', { name: /^Beras Pandan Wangi Rp/ })
	},
	{
		name: 'penjual: pembiayaan',
		who: 'facilitator',
		path: () => '/app/pembiayaan',
		ready: heading('Pembiayaan')
	},
	{
		name: 'pengaturan pendamping',
		who: 'facilitator',
		path: () => '/app/pengaturan',
		ready: heading('Pengaturan')
	}
];

/** What is wrong with the screen as it is drawn now; empty when nothing is. */
function audit({ excluded, minTap }: { excluded: string; minTap: number }): string[] {
	const problems: string[] = [];
	const root = document.documentElement;
	const width = root.clientWidth;
	if (root.scrollWidth > width) problems.push(`the page is ${root.scrollWidth} px wide in ${width} px`);

	const describe = (element: Element) => {
		const classes = [...element.classList].filter((name) => !name.startsWith('svelte-'));
		const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
		const label = element.getAttribute('aria-label');
		return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes.map((name) => `.${name}`).join('')}> "${label ?? text}"`;
	};
	const shown = (element: Element) => {
		const box = element.getBoundingClientRect();
		// 1×1 px boxes are the visually hidden pattern (text for screen readers, inputs under their label).
		if (box.width <= 1 || box.height <= 1) return false;
		return element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
	};

	// The box that clips an element, if any: what it cuts off does not stick out, but a box that scrolls
	// sideways hides it unless it says it shows that it scrolls (`data-scrolls-sideways`, with a visible
	// affordance such as a faded edge).
	const clippersOf = (element: Element) => {
		const found: Element[] = [];
		for (
			let parent = element.parentElement;
			parent && parent !== document.body;
			parent = parent.parentElement
		) {
			if (getComputedStyle(parent).overflowX !== 'visible') found.push(parent);
		}
		return found;
	};
	// Inside a box of 1 px that clips (the visually hidden pattern): not on the screen at all.
	const hiddenInside = (element: Element) => {
		for (
			let parent = element.parentElement;
			parent && parent !== document.body;
			parent = parent.parentElement
		) {
			const box = parent.getBoundingClientRect();
			if ((box.width <= 1 || box.height <= 1) && getComputedStyle(parent).overflowX !== 'visible')
				return true;
		}
		return false;
	};

	// Sticking out of the viewport, or content spilling out of its own box; each reported at its outermost.
	const outside = new Set<Element>();
	for (const element of document.body.querySelectorAll('*')) {
		if (!shown(element) || hiddenInside(element)) continue;
		// What shows of it: its box cut by every box around it that clips.
		const box = element.getBoundingClientRect();
		let [left, right] = [box.left, box.right];
		for (const clipper of clippersOf(element)) {
			const cut = clipper.getBoundingClientRect();
			[left, right] = [Math.max(left, cut.left), Math.min(right, cut.right)];
		}
		if (right > left && (right > width + 0.5 || left < -0.5)) {
			outside.add(element);
			if (!element.parentElement || !outside.has(element.parentElement)) {
				problems.push(
					`${describe(element)} sticks out of the screen: ${Math.round(left)}…${Math.round(right)} px`
				);
			}
			continue;
		}
		// Spilling out of the box it sits in (a price wider than its tile), or text wider than its own box.
		const style = getComputedStyle(element);
		const parent = element.parentElement;
		if (parent && parent !== document.body && style.position !== 'absolute' && style.position !== 'fixed') {
			const parentStyle = getComputedStyle(parent);
			const outer = parent.getBoundingClientRect();
			const overBy = Math.max(box.right - outer.right, outer.left - box.left);
			if (
				parentStyle.overflowX === 'visible' &&
				!['inline', 'contents'].includes(parentStyle.display) &&
				overBy > 1
			) {
				problems.push(`${describe(element)} sticks out of ${describe(parent)} by ${Math.round(overBy)} px`);
			}
		}
		const spill = element.scrollWidth - element.clientWidth;
		if (style.display === 'inline' || element.clientWidth === 0 || spill <= 1) continue;
		const ownText = [...element.childNodes].some(
			(node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim()
		);
		if (style.overflowX === 'visible' && ownText) {
			problems.push(`${describe(element)}: its text is ${spill} px wider than it`);
		} else if (
			(style.overflowX === 'auto' || style.overflowX === 'scroll') &&
			!element.hasAttribute('data-scrolls-sideways')
		) {
			problems.push(`${describe(element)} hides ${spill} px that only scrolling sideways shows`);
		}
	}

	// A sum of money is read at a glance: "Rp289.500" never breaks across lines.
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const parent = node.parentElement;
		if (!parent || !shown(parent) || hiddenInside(parent)) continue;
		for (const match of (node.textContent ?? '').matchAll(/Rp\s?\d[\d.]*/g)) {
			const range = document.createRange();
			range.setStart(node, match.index);
			range.setEnd(node, match.index + match[0].length);
			const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.bottom)));
			if (lines.size > 1) problems.push(`"${match[0]}" in ${describe(parent)} breaks across lines`);
		}
	}

	// Tap targets: a checkbox's or a hidden file input's label is what the thumb taps, not the input.
	const targets = document.body.querySelectorAll(
		'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label'
	);
	for (const target of targets) {
		if (target.closest(excluded) || !shown(target) || hiddenInside(target)) continue;
		if (target instanceof HTMLLabelElement) {
			const control = target.control;
			const tapped =
				control instanceof HTMLInputElement &&
				(['checkbox', 'radio', 'file'].includes(control.type) || !shown(control));
			if (!tapped) continue;
		}
		if (target instanceof HTMLInputElement && ['checkbox', 'radio'].includes(target.type)) continue;
		const box = target.getBoundingClientRect();
		const iconOnly = !target.matches('input, select, textarea') && !(target.textContent ?? '').trim();
		if (box.height < minTap || (iconOnly && box.width < minTap)) {
			problems.push(`${describe(target)} is ${Math.round(box.width)}×${Math.round(box.height)} px`);
		}
	}
	return problems;
}

let database: TestDatabase;
let server: TestServer;
let seeded: Seeded;
let institution: Institution;
const accounts: Partial<Record<Who, string>> = {};
const FACILITATOR_PHONE = freshPhone();

test.beforeAll(async () => {
	test.setTimeout(180_000);
	database = await createTestDatabase('sqlite');
	server = await TestServer.start(database, {}, { plainHttp: true });
	await createAccount(database, 'facilitator', 'Budi', FACILITATOR_PHONE, SEED_PIN);
	await createAccount(database, 'lender', 'Bank Desa Sejahtera', freshPhone(), SEED_PIN);

	const seller = await seedSeller(server.url);
	await seedApplication(seller);
	const newcomer: Seller = await registerSeller(server.url, 'Sari', 'Toko Baru');
	const starter = await registerSeller(server.url, 'Sari', 'Warung Sari Mulai');
	const starterPhone = new Device(starter.api);
	await pushAll(starterPhone, [
		starterPhone.mutation('financing.patch', starter.spaceId, { id: uuidv7(), fields: {} })
	]);
	const applicant = await registerSeller(server.url, 'Sari', 'Warung Sari');
	await seedApplication({ ...applicant, device: new Device(applicant.api) }, true);
	const { sellerSpace } = await seedFacilitator(server.url, FACILITATOR_PHONE);
	await seedSupplier(seller.device, seller.spaceId);
	institution = await seedInstitution(database);
	const requested = await seedRequest(institution, seller.spaceId, seller.productIds[0]);
	const invoiced = await seedInvoiced(institution, seller.device, seller.spaceId, seller.productIds[2]);

	seeded = { seller, sellerSpace, instansi: { requested: requested.id, invoiced: invoiced.id } };
	Object.assign(accounts, {
		seller: seller.phone,
		newcomer: newcomer.phone,
		starter: starter.phone,
		applicant: applicant.phone,
		facilitator: FACILITATOR_PHONE
	});
});

test.afterAll(async () => {
	await closeSeeding(institution);
	await server?.stop();
	await database?.drop();
});

async function sweep(browser: Browser, who: Who): Promise<void> {
	const context = await newPhoneContext(browser, server.url);
	const page = await context.newPage();
	const phone = accounts[who];
	if (phone) {
		await loginOnPhone(page, phone);
		// Screens that are not prerendered (a record's own page) open from the service worker's /app shell.
		await waitForServiceWorker(page);
	}
	const problems: string[] = [];
	for (const screen of SCREENS.filter((entry) => entry.who === who)) {
		await page.setViewportSize({ width: 360, height: 640 });
		await page.goto(screen.path(seeded));
		await expect(screen.ready(page).first(), screen.name).toBeVisible();
		await screen.prepare?.(page);
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: 640 });
			// The layout settles in the frame after the resize.
			await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
			const found = await page.evaluate(audit, { excluded: SYNC_STATUS_BAR, minTap: MIN_TAP });
			problems.push(...found.map((problem) => `${screen.name} @${width}: ${problem}`));
		}
	}
	await context.close();
	expect(problems).toEqual([]);
}

for (const who of ['guest', 'newcomer', 'starter', 'seller', 'applicant', 'facilitator'] as const) {
	test(`${who}: every screen fits 320 and 360 px with 48 px tap targets`, async ({ browser }) => {
		test.setTimeout(180_000);
		await sweep(browser, who);
	});
}

test('the sweep finds what it looks for, and leaves the status bar to its own tests', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 640 });
	await page.setContent(`<meta name="viewport" content="width=device-width, initial-scale=1"><body style="margin:0">
		<section aria-label="Status sinkron"><button style="height:20px">Masuk lagi</button></section>
		<button style="height:30px">Kecil</button>
		<button style="height:48px;width:30px;padding:0" aria-label="Hapus"><svg width="20" height="20"></svg></button>
		<a href="#" style="display:inline-block;width:48px;height:48px" aria-label="Tutup"><svg width="20" height="20"></svg></a>
		<div style="width:150px"><span style="display:inline-block;white-space:nowrap">Rp72.000/karung-karung</span></div>
		<div style="width:340px">Terlalu lebar</div>
		<label><input type="checkbox"> Ingat</label>
		<p style="width:60px;overflow-wrap:anywhere">Rp289.500</p>
		<nav style="overflow-x:auto;width:300px"><div style="width:600px">Semua Baru Selesai Dibatalkan</div></nav>
		<nav style="overflow-x:auto;width:300px" data-scrolls-sideways><div style="width:600px">Bergeser</div></nav>
	</body>`);
	const found = await page.evaluate(audit, { excluded: SYNC_STATUS_BAR, minTap: MIN_TAP });
	expect(found).toEqual([
		'the page is 340 px wide in 320 px',
		expect.stringMatching(/^<span> "Rp72\.000\/karung-karung" sticks out of <div> .* by \d+ px$/),
		'<div> "Terlalu lebar" sticks out of the screen: 0…340 px',
		expect.stringMatching(/^<nav> "Semua Baru Selesai Dibatalkan" hides 300 px/),
		'"Rp289.500" in <p> "Rp289.500" breaks across lines',
		expect.stringMatching(/^<button> "Kecil" is \d+×30 px$/),
		'<button> "Hapus" is 30×48 px',
		expect.stringMatching(/^<label> "Ingat" is \d+×\d+ px$/)
	]);
});
