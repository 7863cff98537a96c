// The test double of the server's sync API that the engine's tests (engine.test.ts,
// engine-financing.test.ts) drive the phone's engine against; not part of the app.
import { mergeFields, type FinancingApplication, type FinancingFields } from '$lib/domain/financing';
import type { Product } from '$lib/domain/product';
import type { PushRequest } from '$lib/domain/mutations';

export const SPACE = '0192f0c4-0000-7000-8000-00000000aaaa';
export const uuid = (n: number) => `0192f0c4-0000-7000-8000-${String(n).padStart(12, '0')}`;

/**
 * A small stand-in for the server's sync API: enough of DESIGN.md §3 to drive the phone's engine
 * (the real server is exercised over HTTP by the integration tests).
 */
export class FakeServer {
	products = new Map<string, Product & { deleted?: boolean }>();
	version = 0;
	lastMutationId = new Map<string, number>();
	refuse = new Set<number>();
	status: 'up' | 'down' | 401 = 'up';
	pushes = 0;
	photos = new Map<string, number>();
	photoStatus = 201;
	/** Every address a photo or document was PUT to. */
	uploads: string[] = [];
	financing = new Map<string, FinancingApplication>();
	/** What `/api/me` answers. */
	account = {
		user: { id: 'user-on-phone', name: 'Sari', phone: '+6281200000000', role: 'seller' },
		spaces: [{ id: SPACE, name: 'Warung Bu Sari', slug: 'warung-bu-sari', role: 'owner' }]
	};

	fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		if (this.status === 'down') throw new TypeError('Failed to fetch');
		if (this.status === 401) return Response.json({ error: { code: 'unauthorized' } }, { status: 401 });
		if (init?.method === 'PUT') {
			this.uploads.push(String(input));
			const hash = String(input).split('?')[0].split('/').at(-1)!;
			if (this.photoStatus < 300) this.photos.set(hash, (init.body as Blob).size);
			return new Response(null, { status: this.photoStatus });
		}
		if (String(input).endsWith('/api/me')) return Response.json(this.account);
		const body = JSON.parse(String(init?.body));
		if (String(input).endsWith('/push')) return this.push(body);
		return this.pull(body);
	};

	private push(body: PushRequest): Response {
		this.pushes++;
		const last = this.lastMutationId.get(body.clientId) ?? 0;
		const fresh = body.mutations.filter((m) => m.id > last);
		if (fresh.length && fresh[0].id !== last + 1)
			return Response.json({ lastMutationId: last }, { status: 409 });
		const results = body.mutations.map((m) => {
			if (m.id <= last) return { id: m.id, status: 'duplicate' };
			if (this.refuse.has(m.id))
				return { id: m.id, status: 'rejected', code: 'invalid', message: 'Harga salah' };
			const args = m.args as Record<string, unknown>;
			const version = ++this.version;
			if (m.name === 'product.put') {
				const old = this.products.get(String(args.id));
				this.products.set(String(args.id), {
					stock: 0,
					category: null,
					description: null,
					photo: null,
					active: true,
					createdAt: m.at,
					...old,
					...(args as object),
					spaceId: m.space,
					version,
					updatedAt: m.at
				} as Product);
			} else if (m.name === 'financing.patch') {
				const { id, fields } = args as { id: string; fields: FinancingFields };
				const old = this.financing.get(id);
				const by = { id: 'user-on-server', name: 'Sari' };
				const fieldChanges = { ...old?.fieldChanges };
				for (const field of Object.keys(fields)) Object.assign(fieldChanges, { [field]: { by, at: m.at } });
				this.financing.set(id, {
					id,
					spaceId: m.space,
					status: old?.status ?? 'draft',
					fields: mergeFields(old?.fields ?? {}, fields),
					fieldChanges,
					ratePercent: 6,
					salesRecord: null,
					submittedAt: null,
					decisions: [],
					createdAt: old?.createdAt ?? m.at,
					version,
					updatedAt: m.at
				});
			} else if (m.name === 'financing.submit') {
				const application = this.financing.get(String(args.id))!;
				this.financing.set(application.id, { ...application, status: 'submitted', version });
			} else if (m.name === 'stock.adjust') {
				const product = this.products.get(String(args.productId))!;
				this.products.set(product.id, { ...product, stock: product.stock + Number(args.delta), version });
			}
			return { id: m.id, status: 'applied' };
		});
		this.lastMutationId.set(body.clientId, body.mutations.at(-1)?.id ?? last);
		return Response.json({ lastMutationId: this.lastMutationId.get(body.clientId), results });
	}

	private pull(body: { clientId: string; cursors: Record<string, number> }): Response {
		const cursor = body.cursors[SPACE] ?? 0;
		const rows = [
			...[...this.products.values()].map((value) => ({ entity: 'product', value })),
			...[...this.financing.values()].map((value) => ({ entity: 'financing', value }))
		]
			.filter((row) => row.value.version > cursor)
			.sort((a, b) => a.value.version - b.value.version);
		const page = rows.slice(0, 2);
		const changes = page.map(({ entity, value }) => ({ entity, id: value.id, op: 'put', value }));
		return Response.json({
			lastMutationId: this.lastMutationId.get(body.clientId) ?? 0,
			spaces: {
				[SPACE]: { cursor: page.at(-1)?.value.version ?? cursor, changes, more: rows.length > 2 }
			}
		});
	}
}
