import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/domain/ids';
import type { MutationResult } from '../../src/lib/domain/mutations';
import type { Product } from '../../src/lib/domain/product';
import {
	ACTIVATION_CODE_ALPHABET,
	ACTIVATION_TTL_MS,
	formatActivationCode,
	type Seller
} from '../../src/lib/domain/seller';
import { indonesian } from '../../src/lib/i18n/messages';
import { createAccount } from '../helpers/admin';
import { ApiClient, Device, newPhone, productArgs, registerSeller } from '../helpers/client';
import { withDatabase } from '../helpers/database';
import { openEvents } from '../helpers/events';
import { PortalBrowser } from '../helpers/portal';
import { textOf } from '../helpers/storefront';
import { documentPhoto, NIK, uploadDocument } from '../helpers/financing';
import { backends, useTestServer } from '../helpers/server';

const CODE = new RegExp(`^[${ACTIVATION_CODE_ALPHABET}]{8}$`);

/** `08…` as typed, `+628…` as stored. */
function stored(phone: string): string {
	return `+62${phone.slice(1)}`;
}

/** A profile as a facilitator fills it in the field. */
function sellerArgs(overrides: Record<string, unknown> = {}) {
	return {
		ownerName: 'Sari Wulandari',
		phone: newPhone(),
		businessName: 'Warung Sari',
		category: 'Warung kelontong',
		address: {
			provinceCode: '32',
			regencyCode: '32.01',
			districtCode: '32.01.01',
			villageCode: null,
			villageName: 'Cibinong',
			street: 'Jl. Raya Cibinong 5'
		},
		location: { lat: -6.48, lng: 106.85, accuracy: 12 },
		nik: NIK,
		...overrides
	};
}

/** The latest seller profiles and products in a device's full pull. */
async function pulled(device: Device) {
	const sellers = new Map<string, Seller>();
	const { pages, products } = await device.pullAll();
	for (const page of pages) {
		for (const space of Object.values(page.spaces)) {
			for (const change of space.changes) {
				if (change.entity === 'seller' && change.op === 'put') sellers.set(change.id, change.value as Seller);
			}
		}
	}
	return { sellers, products, spaces: Object.keys(pages[0].spaces) };
}

describe.each(backends)('facilitators on $name', ({ name }) => {
	const context = useTestServer(name);
	const facilitatorPhone = newPhone();
	let facilitator: Device;
	let facilitatorId: string;

	beforeAll(async () => {
		await createAccount(context.database, 'facilitator', 'Budi Pendamping', facilitatorPhone);
		const api = new ApiClient(context.server.url);
		const login = await api.post('/api/auth/login', { phone: facilitatorPhone, pin: '123456' });
		expect(login.status).toBe(200);
		facilitatorId = login.body.user.id;
		facilitator = new Device(api);
	});

	async function pushOne(device: Device, mutation: string, space: string, args: unknown) {
		const answer = await device.push([device.mutation(mutation, space, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0] as MutationResult;
	}

	/** A seller signed up offline: `seller.create` and three products in one push. */
	async function signUp(overrides: Record<string, unknown> = {}) {
		const space = uuidv7();
		const args = sellerArgs(overrides);
		const products = ['Kopi', 'Teh', 'Gula'].map((name) => productArgs({ name }));
		const answer = await facilitator.push([
			facilitator.mutation('seller.create', space, args),
			...products.map((product) => facilitator.mutation('product.put', space, product))
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.results.map((result: MutationResult) => result.status)).toEqual([
			'applied',
			'applied',
			'applied',
			'applied'
		]);
		return { space, args, products };
	}

	async function sellerOf(device: Device, space: string): Promise<Seller> {
		const seller = (await pulled(device)).sellers.get(space);
		expect(seller, `seller ${space} in the pull`).toBeDefined();
		return seller!;
	}

	function activate(body: Record<string, unknown>, api = new ApiClient(context.server.url)) {
		return api.post('/api/auth/activate', body).then((answer) => ({ api, answer }));
	}

	it("applies a facilitator's offline batch: the new seller and its three products, in one push", async () => {
		const started = Date.now();
		const { space, args, products } = await signUp();
		const { sellers, products: pulledProducts } = await pulled(facilitator);
		const seller = sellers.get(space)!;
		expect(seller).toMatchObject({
			id: space,
			spaceId: space,
			ownerName: 'Sari Wulandari',
			phone: stored(args.phone),
			businessName: 'Warung Sari',
			category: 'Warung kelontong',
			address: args.address,
			location: args.location,
			storefrontPhoto: null,
			nik: NIK,
			nib: null,
			slug: expect.stringMatching(/^warung-sari(-\d+)?$/),
			members: [{ id: facilitatorId, name: 'Budi Pendamping', role: 'facilitator' }],
			onboardedBy: { id: facilitatorId, name: 'Budi Pendamping' },
			changedBy: { id: facilitatorId, name: 'Budi Pendamping', role: 'facilitator' }
		});
		expect(seller.activation.status).toBe('pending');
		expect(seller.activation.code).toMatch(CODE);
		expect(seller.activation.activatedAt).toBeNull();
		const expires = Date.parse(seller.activation.expiresAt!);
		expect(expires - started).toBeGreaterThanOrEqual(ACTIVATION_TTL_MS - 1000);
		expect(expires - Date.now()).toBeLessThanOrEqual(ACTIVATION_TTL_MS);
		for (const product of products) {
			expect(pulledProducts.get(product.id)).toMatchObject({
				spaceId: space,
				name: product.name,
				changedBy: { id: facilitatorId, name: 'Budi Pendamping', role: 'facilitator' }
			});
		}
		// the space is the facilitator's to work on, by its business name
		const me = await facilitator.api.get('/api/me');
		expect(me.body.spaces).toContainEqual({
			id: space,
			name: 'Warung Sari',
			slug: seller.slug,
			role: 'facilitator'
		});
		// pulled again: the same code (it is derived, not made anew)
		expect((await sellerOf(facilitator, space)).activation.code).toBe(seller.activation.code);
	});

	it('gives the seller’s supplier profile the sign-up address, so institutions find the shop by region', async () => {
		const { space, args } = await signUp();
		// The facilitator turns on institutional orders with the seller, the form saying nothing of the place.
		expect(
			await pushOne(facilitator, 'supplier.put', space, { acceptsInstitutional: true, nib: '1234567890123' })
		).toMatchObject({ status: 'applied' });
		const profiles = (await facilitator.pullAll()).pages.flatMap((page) =>
			(page.spaces[space]?.changes ?? []).filter((change) => change.entity === 'supplier')
		);
		expect(profiles.at(-1)?.value).toMatchObject({ acceptsInstitutional: true, address: args.address });
	});

	it("shows the shop-front photo taken at sign-up on the seller's public shop page", async () => {
		const photo = 'ab'.repeat(32);
		const { space } = await signUp({ storefrontPhoto: photo });
		const seller = await sellerOf(facilitator, space);
		expect(seller.storefrontPhoto).toBe(photo);
		const page = await fetch(`${context.server.url}/toko/${seller.slug}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		// its 640 px variant, or the 320 px one on a small screen
		expect(html).toContain(`src="/api/photos/${photo}?w=640"`);
		expect(html).toContain(`srcset="/api/photos/${photo}?w=320 320w, /api/photos/${photo}?w=640 640w"`);
		expect(html).toContain(`alt="Tempat usaha Warung Sari"`);
		expect(html).toMatch(new RegExp(`og:image" content="[^"]*/api/photos/${photo}"`));
	});

	it('keeps no activation code in the database, only its hash', async () => {
		const { space } = await signUp();
		const code = (await sellerOf(facilitator, space)).activation.code!;
		const row = await withDatabase(context.database, (db) =>
			db.selectFrom('sellers').selectAll().where('id', '=', space).executeTakeFirstOrThrow()
		);
		const values = Object.values(row).map((value) => String(value));
		expect(values).not.toContain(code);
		expect(values.some((value) => value.includes(code) || value.includes(formatActivationCode(code)))).toBe(
			false
		);
		expect(row.activation_code_hash).toBe(createHash('sha256').update(code).digest('hex'));
	});

	it('lets a facilitator read and write only the spaces of the sellers they signed up', async () => {
		const sari = await registerSeller(context.server.url, 'Sari', 'Toko Sendiri');
		const { space } = await signUp();
		expect(await pushOne(facilitator, 'product.put', sari.spaceId, productArgs())).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		expect((await facilitator.pull({ [sari.spaceId]: 0 })).status).toBe(403);
		const { spaces } = await pulled(facilitator);
		expect(spaces).toContain(space);
		expect(spaces).not.toContain(sari.spaceId);
		// nor may another seller's owner touch the facilitator's seller
		const sariPhone = new Device(sari.api);
		expect(await pushOne(sariPhone, 'product.put', space, productArgs())).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
	});

	it('refuses seller.create from a seller, and a space id that exists already', async () => {
		const sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari');
		const phone = new Device(sari.api);
		const space = uuidv7();
		expect(await pushOne(phone, 'seller.create', space, sellerArgs())).toEqual({
			id: expect.any(Number),
			status: 'rejected',
			code: 'forbidden',
			message: indonesian('err.facilitator_only')
		});
		expect((await phone.pull({ [space]: 0 })).status).toBe(403);
		expect(await pushOne(facilitator, 'seller.create', sari.spaceId, sellerArgs())).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
	});

	it('activates with phone and code: the seller is signed in as the owner and has the products; the code works once', async () => {
		const { space, args, products } = await signUp();
		const code = (await sellerOf(facilitator, space)).activation.code!;
		// before activation the reserved number cannot log in, with any PIN, nor register again
		const stranger = new ApiClient(context.server.url);
		const early = await stranger.post('/api/auth/login', { phone: args.phone, pin: '123456' });
		expect(early.status).toBe(401);
		expect(early.body.error.code).toBe('wrong_pin');
		const register = await stranger.post('/api/auth/register', {
			name: 'Sari',
			phone: args.phone,
			pin: '123456',
			businessName: 'Warung Lain'
		});
		expect(register.status).toBe(409);
		expect(register.body.error).toEqual({
			code: 'phone_awaits_activation',
			message: indonesian('err.phone_awaits_activation')
		});
		const badPin = await activate({ phone: args.phone, code, pin: '12345' });
		expect(badPin.answer.status).toBe(400);
		expect(badPin.answer.body.error).toMatchObject({
			code: 'invalid',
			message: indonesian('err.pin_format')
		});

		const clientId = crypto.randomUUID();
		// typed as the facilitator reads it out: two halves, lower case
		const { api, answer } = await activate({
			phone: args.phone,
			code: formatActivationCode(code).toLowerCase(),
			pin: '654321',
			clientId
		});
		expect(answer.status).toBe(200);
		expect(api.cookie).toBeTruthy();
		expect(answer.body).toEqual({
			user: { id: expect.any(String), name: 'Sari Wulandari', phone: stored(args.phone), role: 'seller' },
			spaces: [{ id: space, name: 'Warung Sari', slug: expect.any(String), role: 'owner' }],
			deviceCode: expect.stringMatching(/^[A-Z0-9]{2,}$/),
			// the install's long-lived device credential (issue 12): a login that survives a lost cookie
			credential: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)
		});
		const ownerId = answer.body.user.id;

		const seller = new Device(api);
		const { sellers, products: pulledProducts } = await pulled(seller);
		expect([...pulledProducts.values()].map((product: Product) => product.name).sort()).toEqual([
			'Gula',
			'Kopi',
			'Teh'
		]);
		expect(pulledProducts.size).toBe(products.length);
		expect(sellers.get(space)).toMatchObject({
			activation: { status: 'activated', code: null, expiresAt: null, activatedAt: expect.any(String) },
			members: expect.arrayContaining([
				{ id: facilitatorId, name: 'Budi Pendamping', role: 'facilitator' },
				{ id: ownerId, name: 'Sari Wulandari', role: 'owner' }
			]),
			changedBy: { id: ownerId, name: 'Sari Wulandari', role: 'owner' }
		});
		// the facilitator's phone learns it too, without the code
		expect((await sellerOf(facilitator, space)).activation).toMatchObject({
			status: 'activated',
			code: null
		});

		const again = await activate({ phone: args.phone, code, pin: '111111' });
		expect(again.answer.status).toBe(401);
		expect(again.answer.body.error).toEqual({ code: 'wrong_code', message: indonesian('err.wrong_code') });
		// the PIN chosen at activation is the login now
		const login = await new ApiClient(context.server.url).post('/api/auth/login', {
			phone: args.phone,
			pin: '654321'
		});
		expect(login.status).toBe(200);
		// a change by the owner is the owner's; the number is the login now and stays
		const product = productArgs({ name: 'Roti' });
		expect(await pushOne(seller, 'product.put', space, product)).toMatchObject({ status: 'applied' });
		expect((await seller.pullAll()).products.get(product.id)?.changedBy).toEqual({
			id: ownerId,
			name: 'Sari Wulandari',
			role: 'owner'
		});
		expect(await pushOne(facilitator, 'seller.patch', space, { phone: newPhone() })).toEqual({
			id: expect.any(Number),
			status: 'rejected',
			code: 'invalid',
			message: indonesian('err.phone_locked')
		});
		expect(await pushOne(facilitator, 'seller.renewCode', space, {})).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
	});

	it('answers an expired code 410, and renewCode gives a new code that works while the old one fails', async () => {
		const { space, args } = await signUp();
		const old = (await sellerOf(facilitator, space)).activation.code!;
		// thirty days pass
		await withDatabase(context.database, (db) =>
			db
				.updateTable('sellers')
				.set({ activation_expires_at: new Date(Date.now() - 1000).toISOString() })
				.where('id', '=', space)
				.execute()
		);
		const expired = await activate({ phone: args.phone, code: old, pin: '222222' });
		expect(expired.answer.status).toBe(410);
		expect(expired.answer.body.error).toEqual({
			code: 'code_expired',
			message: 'Kode sudah tidak berlaku. Minta kode baru ke pendamping.'
		});
		expect(await pushOne(facilitator, 'seller.renewCode', space, {})).toMatchObject({ status: 'applied' });
		const renewed = (await sellerOf(facilitator, space)).activation;
		expect(renewed.status).toBe('pending');
		expect(renewed.code).toMatch(CODE);
		expect(renewed.code).not.toBe(old);
		expect(Date.parse(renewed.expiresAt!)).toBeGreaterThan(Date.now() + ACTIVATION_TTL_MS - 60_000);
		expect((await activate({ phone: args.phone, code: old, pin: '222222' })).answer.status).toBe(401);
		expect((await activate({ phone: args.phone, code: renewed.code, pin: '222222' })).answer.status).toBe(
			200
		);
	});

	it('renews a code that has not expired: the old one stops working at once', async () => {
		const { space, args } = await signUp();
		const old = (await sellerOf(facilitator, space)).activation.code!;
		// renewed twice in one push: each gives a new code, the last one counts
		const answer = await facilitator.push([
			facilitator.mutation('seller.renewCode', space, {}),
			facilitator.mutation('seller.renewCode', space, {})
		]);
		expect(answer.body.results.map((result: MutationResult) => result.status)).toEqual([
			'applied',
			'applied'
		]);
		const code = (await sellerOf(facilitator, space)).activation.code!;
		expect(code).not.toBe(old);
		expect((await activate({ phone: args.phone, code: old, pin: '333333' })).answer.status).toBe(401);
		expect((await activate({ phone: args.phone, code, pin: '333333' })).answer.status).toBe(200);
	});

	it('limits wrong codes: after ten, even the right code is answered 429', async () => {
		const { space, args } = await signUp();
		const code = (await sellerOf(facilitator, space)).activation.code!;
		const wrong = code.startsWith('A') ? 'BBBBBBBB' : 'AAAAAAAA';
		for (let attempt = 0; attempt < 10; attempt++) {
			const { answer } = await activate({ phone: args.phone, code: wrong, pin: '444444' });
			expect(answer.status).toBe(401);
			expect(answer.body.error.code).toBe('wrong_code');
		}
		const locked = await activate({ phone: args.phone, code, pin: '444444' });
		expect(locked.answer.status).toBe(429);
		expect(locked.answer.body.error.code).toBe('too_many_attempts');
		// an unknown number gets the same answer as a wrong code
		const unknown = await activate({ phone: newPhone(), code, pin: '444444' });
		expect(unknown.answer.status).toBe(401);
		expect(unknown.answer.body.error).toEqual({ code: 'wrong_code', message: indonesian('err.wrong_code') });
	});

	it('signs up a number that has an account as phone_taken (no second account), until seller.patch gives a free one', async () => {
		const sari = await registerSeller(context.server.url, 'Sari', 'Warung Sari Asli');
		const { space, products } = await signUp({ phone: sari.phone });
		const taken = await sellerOf(facilitator, space);
		expect(taken.activation).toEqual({
			status: 'phone_taken',
			code: null,
			expiresAt: null,
			activatedAt: null
		});
		expect((await pulled(facilitator)).products.get(products[0].id)).toBeDefined();
		const accounts = await withDatabase(context.database, (db) =>
			db.selectFrom('users').select('id').where('phone', '=', stored(sari.phone)).execute()
		);
		expect(accounts).toEqual([{ id: sari.account.user.id }]);
		const login = await new ApiClient(context.server.url).post('/api/auth/login', {
			phone: sari.phone,
			pin: sari.pin
		});
		expect(login.status).toBe(200);
		expect(login.body.spaces.map((ref: { id: string }) => ref.id)).toEqual([sari.spaceId]);
		expect((await activate({ phone: sari.phone, code: 'AAAAAAAA', pin: '555555' })).answer.status).toBe(401);

		const phone = newPhone();
		expect(
			await pushOne(facilitator, 'seller.patch', space, { phone, businessName: 'Warung Sari Baru' })
		).toMatchObject({ status: 'applied' });
		const patched = await sellerOf(facilitator, space);
		expect(patched).toMatchObject({ phone: stored(phone), businessName: 'Warung Sari Baru', nik: NIK });
		expect(patched.activation.status).toBe('pending');
		expect(patched.activation.code).toMatch(CODE);
		// the business name is the space's name
		const me = await facilitator.api.get('/api/me');
		expect(me.body.spaces.find((ref: { id: string }) => ref.id === space)?.name).toBe('Warung Sari Baru');
		const { answer } = await activate({ phone, code: patched.activation.code, pin: '555555' });
		expect(answer.status).toBe(200);
		expect(answer.body.spaces).toEqual([expect.objectContaining({ id: space, role: 'owner' })]);
	});

	it('moves a pending seller to a new number: the old number is free again, and its code is gone', async () => {
		const { space, args } = await signUp();
		const old = (await sellerOf(facilitator, space)).activation.code!;
		const phone = newPhone();
		expect(await pushOne(facilitator, 'seller.patch', space, { phone })).toMatchObject({ status: 'applied' });
		const code = (await sellerOf(facilitator, space)).activation.code!;
		expect(code).not.toBe(old);
		expect((await activate({ phone: args.phone, code: old, pin: '666666' })).answer.status).toBe(401);
		const accounts = await withDatabase(context.database, (db) =>
			db.selectFrom('users').select('id').where('phone', '=', stored(args.phone)).execute()
		);
		expect(accounts).toEqual([]);
		expect((await activate({ phone, code, pin: '666666' })).answer.status).toBe(200);
	});

	it('lets the owner remove the facilitator: their pushes are forbidden, their pull and documents lose the space', async () => {
		const { space, args } = await signUp();
		const code = (await sellerOf(facilitator, space)).activation.code!;
		// the facilitator uploads the seller's KTP, and may read it back
		const ktp = documentPhoto();
		expect((await uploadDocument(facilitator.api, space, ktp, '&kind=ktp')).status).toBe(201);
		const readKtp = () =>
			fetch(`${context.server.url}/api/documents/${ktp.hash}?space=${space}`, {
				headers: { cookie: `session=${facilitator.api.cookie}` }
			});
		expect((await readKtp()).status).toBe(200);
		const { api, answer } = await activate({ phone: args.phone, code, pin: '777777' });
		expect(answer.status).toBe(200);
		const owner = new Device(api);
		const { cursors } = await facilitator.pullAll();

		// only the owner may remove a facilitator
		expect(
			await pushOne(facilitator, 'seller.removeFacilitator', space, { userId: facilitatorId })
		).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const stream = await openEvents(facilitator.api);
		try {
			expect(
				await pushOne(owner, 'seller.removeFacilitator', space, { userId: facilitatorId })
			).toMatchObject({ status: 'applied' });
			// the facilitator's open phone is told to pull (and learns it has lost the space)
			expect(await stream.next(2000)).toEqual({ event: 'poke', data: JSON.stringify({ space }) });
			expect(await pushOne(owner, 'product.put', space, productArgs())).toMatchObject({ status: 'applied' });
			expect(await stream.next(300)).toBeNull();
		} finally {
			stream.close();
		}
		expect((await sellerOf(owner, space)).members).toEqual([
			{ id: answer.body.user.id, name: 'Sari Wulandari', role: 'owner' }
		]);
		expect(await pushOne(facilitator, 'product.put', space, productArgs())).toMatchObject({
			status: 'rejected',
			code: 'forbidden'
		});
		expect((await pulled(facilitator)).spaces).not.toContain(space);
		expect((await facilitator.pull(cursors)).status).toBe(403);
		expect((await readKtp()).status).toBe(403);
		expect(
			(await facilitator.api.get('/api/me')).body.spaces.map((ref: { id: string }) => ref.id)
		).not.toContain(space);
		// removed already
		expect(await pushOne(owner, 'seller.removeFacilitator', space, { userId: facilitatorId })).toMatchObject({
			status: 'rejected',
			code: 'not_found'
		});
	});

	it("pokes the facilitator's open stream for the space they just made, and again when the seller activates", async () => {
		const stream = await openEvents(facilitator.api);
		try {
			const space = uuidv7();
			const args = sellerArgs();
			expect(await pushOne(facilitator, 'seller.create', space, args)).toMatchObject({ status: 'applied' });
			expect(await stream.next(2000)).toEqual({ event: 'poke', data: JSON.stringify({ space }) });
			// the stream now follows the new space without reconnecting
			expect(await pushOne(facilitator, 'product.put', space, productArgs())).toMatchObject({
				status: 'applied'
			});
			expect(await stream.next(2000)).toEqual({ event: 'poke', data: JSON.stringify({ space }) });
			const code = (await sellerOf(facilitator, space)).activation.code!;
			expect((await activate({ phone: args.phone, code, pin: '888888' })).answer.status).toBe(200);
			expect(await stream.next(2000)).toEqual({ event: 'poke', data: JSON.stringify({ space }) });
		} finally {
			stream.close();
		}
	});

	it('gives the admin the programme figures of facilitators: sellers signed up, activated, and no unused account counted as a seller', async () => {
		await signUp();
		const counts = await withDatabase(context.database, async (db) => ({
			sellers: await db.selectFrom('sellers').select(['activation_status']).execute(),
			users: await db.selectFrom('users').select('pin_hash').where('role', '=', 'seller').execute()
		}));
		const usable = counts.users.filter((user) => user.pin_hash !== 'unset').length;
		// at least the one just signed up waits for its code
		expect(usable).toBeLessThan(counts.users.length);
		const activated = counts.sellers.filter((row) => row.activation_status === 'activated').length;
		expect(activated).toBeGreaterThan(0);
		const adminPhone = newPhone();
		await createAccount(context.database, 'admin', 'Admin Program', adminPhone);
		const admin = new PortalBrowser(context.server.url);
		expect((await admin.login(adminPhone, '123456')).location).toBe('/portal/admin');
		const text = textOf((await admin.get('/portal/admin')).html);
		expect(text).toContain(`Didaftarkan pendamping ${counts.sellers.length}`);
		expect(text).toContain(`Sudah aktif sendiri ${activated}`);
		// the account reserved for the seller just signed up is not a seller yet
		expect(text).toContain(`Penjual ${usable}`);
	});
});
