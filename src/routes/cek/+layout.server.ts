// The check page behind a document's QR code is plain HTML drawn on the server: whoever scans the paper
// downloads no JavaScript at all.
export const csr = false;
export const ssr = true;
export const prerender = false;
