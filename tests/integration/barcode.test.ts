import { beforeAll, describe, expect, it } from 'vitest';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

describe.each(backends)('product barcodes on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;
	let phone: Device;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url, 'Sari', 'Warung Bu Sari');
		phone = new Device(sari.api);
	});

	async function put(args: Record<string, unknown>) {
		const answer = await phone.push([phone.mutation('product.put', sari.spaceId, args)]);
		expect(answer.status).toBe(200);
		return answer.body.results[0];
	}

	it('stores a scanned barcode, changes it, and empties it', async () => {
		const kopi = productArgs({ name: 'Kopi Kapal Api', barcode: ' 8992761111113 ' });
		expect(await put(kopi)).toMatchObject({ status: 'applied' });
		expect((await phone.pullAll()).products.get(kopi.id)?.barcode).toBe('8992761111113');

		expect(await put({ id: kopi.id, barcode: 'https://contoh.id/p/kopi' })).toMatchObject({
			status: 'applied'
		});
		expect((await phone.pullAll()).products.get(kopi.id)?.barcode).toBe('https://contoh.id/p/kopi');

		expect(await put({ id: kopi.id, barcode: '' })).toMatchObject({ status: 'applied' });
		const emptied = (await phone.pullAll()).products.get(kopi.id);
		expect(emptied?.barcode ?? null).toBeNull();
		expect(emptied?.name).toBe('Kopi Kapal Api');
	});

	it('refuses an EAN-13 whose check digit is wrong, in plain Indonesian, and stores nothing', async () => {
		const teh = productArgs({ name: 'Teh', barcode: '8992761111112' });
		const result = await put(teh);
		expect(result).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(result.message).toContain('Angka barcode tidak cocok');
		expect((await phone.pullAll()).products.has(teh.id)).toBe(false);
	});
});
