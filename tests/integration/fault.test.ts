import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PushedMutation } from '../../src/lib/domain/mutations';
import { Device, productArgs, registerSeller, type Seller } from '../helpers/client';
import { backends, useTestServer } from '../helpers/server';

/**
 * Sends a push and hangs up as soon as the answer starts to arrive, so the phone never reads it: what a phone
 * sees when the signal drops while the server answers. By then the server has committed.
 */
function pushAndLoseAnswer(url: string, cookie: string, body: unknown): Promise<void> {
	const payload = Buffer.from(JSON.stringify(body));
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}/api/sync/push`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'content-length': payload.length,
				cookie: `session=${cookie}`
			}
		});
		req.on('error', reject);
		req.on('response', () => {
			req.destroy();
			resolve();
		});
		req.end(payload);
	});
}

async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	timeoutMs = 10_000,
	intervalMs = 50
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

describe.each(backends)('lost answers and crashes on $name', ({ name }) => {
	const context = useTestServer(name);
	let sari: Seller;

	beforeAll(async () => {
		sari = await registerSeller(context.server.url);
	});

	it('applies a push whose answer was lost exactly once when the phone sends it again', async () => {
		const device = new Device(sari.api);
		const product = productArgs({ name: 'Air mineral', stock: 10 });
		await device.push([device.mutation('product.put', sari.spaceId, product)]);
		const batch = [
			device.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: 7, reason: 'restock' })
		];

		await pushAndLoseAnswer(context.server.url, sari.api.cookie!, {
			clientId: device.clientId,
			mutations: batch
		});
		expect((await device.pullAll()).lastMutationId).toBe(2);

		const retry = await device.push(batch);
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual({ lastMutationId: 2, results: [{ id: 2, status: 'duplicate' }] });
		expect((await device.pullAll()).products.get(product.id)?.stock).toBe(17);
	});

	it('keeps data and lastMutationId through a crash, then takes the retried batch as duplicate and the next id', async () => {
		const device = new Device(sari.api);
		const product = productArgs({ name: 'Mie instan', stock: 5 });
		const batch = [
			device.mutation('product.put', sari.spaceId, product),
			device.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: 3, reason: 'restock' })
		];
		expect((await device.push(batch)).body.results.map((r: { status: string }) => r.status)).toEqual([
			'applied',
			'applied'
		]);

		await context.server.kill('SIGKILL');
		await context.server.restart();

		const afterCrash = await device.pullAll();
		expect(afterCrash.lastMutationId).toBe(2);
		expect(afterCrash.products.get(product.id)).toMatchObject({ name: 'Mie instan', stock: 8 });
		// the session survived the crash too
		expect((await sari.api.get('/api/me')).status).toBe(200);

		const retry = await device.push(batch);
		expect(retry.body).toEqual({
			lastMutationId: 2,
			results: [
				{ id: 1, status: 'duplicate' },
				{ id: 2, status: 'duplicate' }
			]
		});
		const next = await device.push([
			device.mutation('stock.adjust', sari.spaceId, { productId: product.id, delta: -1, reason: 'sale' })
		]);
		expect(next.body).toEqual({ lastMutationId: 3, results: [{ id: 3, status: 'applied' }] });
		expect((await device.pullAll()).products.get(product.id)?.stock).toBe(7);
	});

	it('never applies a mutation without advancing lastMutationId, even when killed in the middle of a batch', async () => {
		const device = new Device(sari.api);
		let batch: PushedMutation[] = [];
		const ids = new Set<string>();
		let partial = { lastMutationId: 0, applied: 0 };
		const countApplied = async () => {
			const { products, lastMutationId } = await device.pullAll();
			return { lastMutationId, applied: [...products.keys()].filter((id) => ids.has(id)).length };
		};
		// A kill that lands after the whole batch proves nothing: try again with a new batch (rarely needed).
		for (let attempt = 0; attempt < 5; attempt++) {
			const before = await device.pullAll();
			const base = before.lastMutationId;
			batch = Array.from({ length: 500 }, (_, i) =>
				device.mutation('product.put', sari.spaceId, productArgs({ name: `Crash ${i}` }))
			);
			batch.forEach((mutation) => ids.add((mutation.args as { id: string }).id));
			// the answer never comes: the server dies while it works
			const lost = device.push(batch).then(
				() => 'answered',
				() => 'lost'
			);
			// kill it as soon as some of the batch is in (polling only the changes since the batch began)
			await waitFor(
				'part of the batch',
				async () =>
					(await device.pull({ ...before.cursors })).body.lastMutationId > base ? true : undefined,
				10_000,
				0
			);
			await context.server.kill('SIGKILL');
			expect(await lost).toBe('lost');
			await context.server.restart();
			partial = await countApplied();
			// every applied mutation advanced lastMutationId in the same transaction, and nothing else did
			expect(partial.applied).toBe(partial.lastMutationId);
			if (partial.lastMutationId < batch.at(-1)!.id) break;
		}
		expect(partial.lastMutationId).toBeLessThan(batch.at(-1)!.id);

		const retry = await device.push(batch);
		expect(retry.status).toBe(200);
		const statuses = retry.body.results.map((r: { status: string }) => r.status);
		const firstId = batch[0].id;
		expect(statuses.filter((s: string) => s === 'duplicate')).toHaveLength(
			partial.lastMutationId - firstId + 1
		);
		expect(statuses.filter((s: string) => s === 'applied')).toHaveLength(
			batch.at(-1)!.id - partial.lastMutationId
		);
		const last = batch.at(-1)!.id;
		expect(await countApplied()).toEqual({ lastMutationId: last, applied: last });
	});
});
