/**
 * The QR code of a document's check link, made on the phone (offline too) from the link pull brought:
 * the same library and level as the server's PDF (server/procurement/qr.ts), loaded only on this page.
 */
export async function qrSvgOf(url: string): Promise<string> {
	const { default: QRCode } = await import('qrcode');
	const svg = await QRCode.toString(url, { errorCorrectionLevel: 'M', type: 'svg', margin: 2 });
	return svg.trim().replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}
