import { redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { portalDocument, type StoredDocument } from '$lib/server/procurement/document-access';

/**
 * The document of the address for the signed-in portal user, or null (the page answers 404, the same for a
 * document that does not exist and one of another organisation). Without a session: to the login, and back.
 */
export async function portalDocumentOf(event: RequestEvent<{ id: string }>): Promise<StoredDocument | null> {
	const user = event.locals.user;
	if (!user) redirect(303, `/portal/masuk?ke=${encodeURIComponent(event.url.pathname)}`);
	return portalDocument(getDb(), user, event.params.id);
}
