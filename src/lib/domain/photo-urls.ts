/**
 * The longest sides the server makes of every photo beside the original (`GET /api/photos/{hash}?w=320`),
 * WebP, never enlarged: for the places a photo is shown small. The original is for a product's own page.
 */
export const PHOTO_WIDTHS = [320, 640] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];

/** The address of a photo on the server, or of its variant of that longest side. */
export function photoUrl(hash: string, width?: PhotoWidth): string {
	return width ? `/api/photos/${hash}?w=${width}` : `/api/photos/${hash}`;
}

/**
 * `srcset` of a photo shown small: its variants, for the browser to pick by the `sizes` it is drawn at and
 * the screen's density (a 72 px box on a 2× phone takes the 320 px one).
 */
export function photoSrcset(hash: string): string {
	return PHOTO_WIDTHS.map((width) => `${photoUrl(hash, width)} ${width}w`).join(', ');
}
