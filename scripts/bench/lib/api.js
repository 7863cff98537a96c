// The API as a phone uses it, from Node: a cookie-keeping client, sellers, and devices with a mutation counter
// (the JavaScript twin of tests/helpers/client.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export const PIN = '246810';

export class ApiClient {
	/** @type {string | null} */
	cookie = null;

	/** @param {string} base */
	constructor(base) {
		this.base = base;
	}

	/** POSTs `body` as JSON; answers `{status, body}` with the body parsed. */
	async post(path, body) {
		const headers = { 'content-type': 'application/json' };
		if (this.cookie) headers.cookie = `session=${this.cookie}`;
		const response = await fetch(this.base + path, { method: 'POST', headers, body: JSON.stringify(body) });
		for (const line of response.headers.getSetCookie()) {
			const match = /^session=([^;]*)/.exec(line);
			if (match) this.cookie = match[1] || null;
		}
		const text = await response.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// not JSON: the text itself
		}
		return { status: response.status, body: parsed };
	}
}

/**
 * One keep-alive connection per poller, reused from request to request as a phone's browser does. The
 * latency bench's client runs on the server's own machine: node:http costs it about half the CPU per request
 * that `fetch` does (undici's web streams), CPU that would otherwise be taken from the server it measures.
 */
const keepAlive = new http.Agent({ keepAlive: true });

/**
 * A request with node:http on the keep-alive agent, gzip taken as fetch takes it (so the server does the
 * same work); answers `{status, body}` with the body parsed when it is JSON.
 * @param {string} url
 * @param {{method?: string, cookie?: string | null, body?: unknown}} options
 */
export function lightRequest(url, { method = 'GET', cookie = null, body } = {}) {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	const headers = { 'accept-encoding': 'gzip' };
	if (payload !== undefined) {
		headers['content-type'] = 'application/json';
		headers['content-length'] = Buffer.byteLength(payload);
	}
	if (cookie) headers.cookie = `session=${cookie}`;
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers, agent: keepAlive }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				let bytes = Buffer.concat(chunks);
				if (response.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
				const text = bytes.toString('utf8');
				const json = (response.headers['content-type'] ?? '').includes('json');
				resolve({ status: response.statusCode, body: json && text ? JSON.parse(text) : text });
			});
		});
		request.on('error', reject);
		request.end(payload);
	});
}

/** A phone number no other seller of the run has, written as a seller types it. */
export function newPhone() {
	return `0812${(randomBytes(4).readUInt32BE() % 100_000_000).toString().padStart(8, '0')}`;
}

/** Signs a new seller up; answers their client, space and login. */
export async function registerSeller(base, name = 'Sari', businessName = 'Warung Bu Sari') {
	const api = new ApiClient(base);
	const phone = newPhone();
	const answer = await api.post('/api/auth/register', {
		name,
		phone,
		pin: PIN,
		businessName,
		clientId: randomUUID()
	});
	if (answer.status !== 201) throw new Error(`register: ${answer.status} ${JSON.stringify(answer.body)}`);
	return { api, userId: answer.body.user.id, spaceId: answer.body.spaces[0].id, phone, pin: PIN };
}

/** Runs `make(i)` for i = 0 … n-1, at most `parallel` at a time, and answers the results in order. */
export async function inParallel(n, parallel, make) {
	const results = new Array(n);
	let next = 0;
	const worker = async () => {
		while (next < n) {
			const i = next++;
			results[i] = await make(i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(n, parallel) }, worker));
	return results;
}

/** One installed app: a clientId and its mutation counter, like the outbox of a phone. */
export class Device {
	clientId = randomUUID();
	nextId = 1;

	/** @param {ApiClient} api */
	constructor(api) {
		this.api = api;
	}

	mutation(name, space, args) {
		return { id: this.nextId++, name, space, args, at: new Date().toISOString() };
	}

	/** Pushes and checks that every mutation was applied. */
	async push(mutations) {
		const answer = await this.api.post('/api/sync/push', { clientId: this.clientId, mutations });
		if (answer.status !== 200) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
		const refused = answer.body.results.find((result) => result.status !== 'applied');
		if (refused) throw new Error(`push: mutation ${JSON.stringify(refused)}`);
		return answer.body;
	}

	/** With `light`, through lightRequest (the latency bench) rather than fetch. */
	async pull(cursors, { light = false } = {}) {
		const body = { clientId: this.clientId, cursors };
		const answer = light
			? await lightRequest(this.api.base + '/api/sync/pull', {
					method: 'POST',
					cookie: this.api.cookie,
					body
				})
			: await this.api.post('/api/sync/pull', body);
		if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`);
		return answer.body;
	}

	/** Pulls until no space has more; answers the changes in order and the cursors reached. */
	async pullAll(cursors = {}) {
		const changes = [];
		for (;;) {
			const page = await this.pull(cursors);
			let more = false;
			for (const [spaceId, space] of Object.entries(page.spaces)) {
				cursors[spaceId] = space.cursor;
				changes.push(...space.changes);
				more ||= space.more;
			}
			if (!more) return { changes, cursors };
		}
	}
}

/** UUIDv7 as src/lib/domain/ids.ts makes them (48 bits of milliseconds, then random bits). */
export function uuidv7(now = Date.now()) {
	const bytes = randomBytes(16);
	let ms = now;
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ms % 256;
		ms = Math.floor(ms / 256);
	}
	bytes[6] = (bytes[6] & 0x0f) | 0x70;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `product.put` arguments of a new product (src/lib/domain/product.ts productPutArgs). */
export function productArgs(n) {
	return { id: uuidv7(), name: `Kopi sachet ${n}`, price: 2500, unit: 'pcs', stock: 10 };
}

/**
 * `order.create` arguments (src/lib/domain/order.ts orderCreateArgs): three free-text items, so the order
 * moves no stock and a space of n orders holds n rows.
 */
export function orderArgs(n) {
	return {
		id: uuidv7(),
		number: `KP-${n}`,
		items: [
			{ name: 'Nasi bungkus', qty: 2, price: 12_000 },
			{ name: 'Es teh manis', qty: 2, price: 4_000 },
			{ name: 'Kerupuk', qty: 3, price: 1_000 }
		],
		buyer: { name: 'Bu Rina', phone: '081234567890' },
		status: 'completed',
		payment: { id: uuidv7(), amount: 35_000, method: 'cash' }
	};
}
