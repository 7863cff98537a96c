import { isCleanText } from '$lib/domain/text';
import { indonesian } from '$lib/i18n/messages';

/** Form posts to the portal and the shop pages are a few fields: a body above this is not one of them. */
export const FORM_BODY_LIMIT = 1024 * 1024;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** A plain page in Indonesian for a form post that cannot be read: no stack trace, a way back. */
function refusalPage(status: number, messageKey: string): Response {
	const message = indonesian(messageKey);
	const html = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${message}</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1rem; max-width: 40rem; line-height: 1.5">
<h1 style="font-size: 1.25rem">${message}</h1>
<p><a href="javascript:history.back()">${indonesian('err.form_back')}</a></p>
</body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * Why the body of a POST to a page (a form action: portal log-in and admin forms, the shop's checkout)
 * cannot be read as a form, as the page to answer with: 413 over the limit, 415 when it is not form data
 * at all (`text/plain`, JSON), 400 when it says it is but does not parse (a broken multipart body). Null
 * when it is a readable form. SvelteKit would answer these with a 500 and a stack trace in the log.
 */
export async function formBodyRefusal(request: Request): Promise<Response | null> {
	if (Number(request.headers.get('content-length') ?? 0) > FORM_BODY_LIMIT) {
		return refusalPage(413, 'err.form_too_large');
	}
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(type)) return refusalPage(415, 'err.form_not_form');
	try {
		const body = await request.clone().arrayBuffer();
		if (body.byteLength > FORM_BODY_LIMIT) return refusalPage(413, 'err.form_too_large');
		const form = await new Request(request.url, {
			method: 'POST',
			headers: { 'content-type': request.headers.get('content-type')! },
			body
		}).formData();
		for (const [name, value] of form) {
			if (!isCleanText(name) || (typeof value === 'string' && !isCleanText(value))) {
				return refusalPage(400, 'err.text_invalid_chars');
			}
		}
	} catch {
		return refusalPage(400, 'err.form_unreadable');
	}
	return null;
}
