import { describe, expect, it } from 'vitest';
import id from '$lib/i18n/id.json';
import { loadMessages, messagesReady, t, withMessages } from './i18n.svelte';

describe('the phone’s words', () => {
	it('start with the first screens’ words only, then have all of them once loaded', async () => {
		expect(t('auth.login_title')).toBe(id.auth.login_title);
		expect(t('app.opening')).toBe(id.app.opening);
		expect(messagesReady()).toBe(false);
		// Not on the first screens: not there yet.
		expect(t('nav.home')).toBe('nav.home');

		expect(await withMessages(async () => 'schema')).toBe('schema');
		expect(messagesReady()).toBe(true);
		expect(t('nav.home')).toBe(id.nav.home);
		expect(t('auth.login_title')).toBe(id.auth.login_title);
		expect(t('err.phone_invalid')).toBe(id.err.phone_invalid);
		await loadMessages();
		expect(t('sync.pending', { count: 2 })).toBe(id.sync.pending_other.replace('{{count}}', '2'));
	});
});
