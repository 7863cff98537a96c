import i18next from 'i18next';
import { dokumen } from '$lib/i18n/id.json';

// The documents' words come with this page, not with the app's first screen (i18n.svelte.ts names the
// sections that do); English, when chosen, loads whole and has them already.
i18next.addResourceBundle('id', 'translation', { dokumen }, true, false);
