// A receipt page is plain HTML drawn on the server: the buyer opens it from WhatsApp and downloads no
// JavaScript at all.
export const csr = false;
export const ssr = true;
export const prerender = false;
