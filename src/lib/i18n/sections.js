/**
 * How the phone gets the words of id.json / en.json (read by vite.config.ts's `phoneMessages` plugin and by
 * src/lib/i18n/first-screen.test.ts). Every section not named here reaches the phone after the first screens,
 * so a section someone adds to id.json is there without a change to this file.
 */

/**
 * Sections drawn only on the server (the shop pages, the portal and its buying organisations' pages):
 * never sent to the phone. A test fails when the phone's code names a word of one of them.
 * @type {readonly string[]}
 */
export const SERVER_SECTIONS = ['shop', 'portal', 'pengadaan', 'cari', 'pantauan'];

/**
 * Sections the first screens (Masuk, Daftar, and the "opening" line) draw before anything else has loaded:
 * they come with the first load (first-screen.ts); `id.json?phone` leaves them out so nothing is sent twice.
 * @type {readonly string[]}
 */
export const FIRST_SCREEN_SECTIONS = ['app', 'auth'];
