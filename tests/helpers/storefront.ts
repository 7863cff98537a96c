/** A buyer on the public shop pages, talking HTML forms to the test server as a browser with JS off would. */

export interface PageAnswer {
	status: number;
	html: string;
	headers: Headers;
	/** The `Location` of a redirect (not followed). */
	location: string | null;
}

export class Buyer {
	/**
	 * `address` is sent as X-Forwarded-For: the storefront test server runs with ADDRESS_HEADER=x-forwarded-for,
	 * so each buyer counts as its own address for the checkout rate limit.
	 */
	constructor(
		readonly base: string,
		readonly address: string
	) {}

	async get(path: string): Promise<PageAnswer> {
		const response = await fetch(this.base + path, {
			headers: { accept: 'text/html', 'x-forwarded-for': this.address },
			redirect: 'manual'
		});
		return {
			status: response.status,
			html: await response.text(),
			headers: response.headers,
			location: response.headers.get('location')
		};
	}

	/**
	 * Sends the shop page's form to an action (`pesan` places the order, `periksa` shows the total). A browser
	 * sends its own Origin, which SvelteKit's CSRF check compares with the server's: adapter-node without
	 * ORIGIN takes itself to be served over https (behind a TLS proxy), so that is the origin a browser has.
	 */
	async submit(slug: string, fields: Record<string, string>, action = 'pesan'): Promise<PageAnswer> {
		const response = await fetch(`${this.base}/toko/${slug}?/${action}`, {
			method: 'POST',
			headers: {
				accept: 'text/html',
				origin: `https://${new URL(this.base).host}`,
				'x-forwarded-for': this.address
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		return {
			status: response.status,
			html: await response.text(),
			headers: response.headers,
			location: response.headers.get('location')
		};
	}
}

function decode(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/** The text of an element, tags removed and spaces collapsed. */
export function textOf(html: string): string {
	return decode(
		html
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
			.replace(/<[^>]+>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}

/** The error shown next to a field (`name`, `phone`, `qty-<productId>` …), or null. */
export function fieldError(html: string, field: string): string | null {
	const match = new RegExp(`id="${field}-error"[^>]*>([\\s\\S]*?)</p>`).exec(html);
	return match ? textOf(match[1]) : null;
}

/** The text of the box above the form that says why the order was not sent, or null. */
export function problem(html: string): string | null {
	const match = /<div class="problem[^"]*" id="form-error">([\s\S]*?)<\/div>/.exec(html);
	return match ? textOf(match[1]) : null;
}

/** The value a text input or textarea holds in the page. */
export function fieldValue(html: string, id: string): string | null {
	const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
	if (input) return decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? '');
	const textarea = new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
	return textarea ? decode(textarea[1]) : null;
}

/** The content of a `<meta property|name="…">`. */
export function meta(html: string, name: string): string | null {
	const tag = new RegExp(`<meta[^>]*(?:property|name)="${name}"[^>]*>`).exec(html)?.[0];
	return tag ? decode(/content="([^"]*)"/.exec(tag)?.[1] ?? '') : null;
}

/** The hidden order id the page's form carries. */
export function formOrderId(html: string): string {
	const id = /<input type="hidden" name="order" value="([^"]+)"/.exec(html)?.[1];
	if (!id) throw new Error('no order field in the page');
	return id;
}

/** The fields a buyer fills in, plus a quantity per product id. */
export function checkoutFields(
	quantities: Record<string, number>,
	buyer: Partial<Record<'order' | 'name' | 'phone' | 'delivery' | 'address' | 'note', string>> = {}
): Record<string, string> {
	const fields: Record<string, string> = {
		name: 'Budi',
		phone: '0813 1111 2222',
		delivery: 'pickup',
		address: '',
		note: '',
		...buyer
	};
	for (const [productId, qty] of Object.entries(quantities)) fields[`qty-${productId}`] = String(qty);
	return fields;
}
