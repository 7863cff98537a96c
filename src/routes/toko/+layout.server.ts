// Shop pages are drawn on the server and work as plain HTML forms and links: a buyer on a slow phone
// downloads no JavaScript at all (DESIGN.md §5: ≤ 30 KB; this is 0), and the pages work with it turned off.
export const csr = false;
export const ssr = true;
export const prerender = false;
