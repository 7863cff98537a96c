// Makes tests/fixtures/warung-4000x3000-gps.jpg: a 4000×3000 camera-sized JPEG carrying an EXIF GPS
// position (Jakarta), for the photo compression tests. Run once: `node scripts/make-photo-fixture.js`.
import { chromium } from 'playwright';
import { existsSync, writeFileSync } from 'node:fs';

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const page = await browser.newPage();
const dataUrl = await page.evaluate(() => {
	const canvas = document.createElement('canvas');
	canvas.width = 4000;
	canvas.height = 3000;
	const ctx = canvas.getContext('2d');
	const gradient = ctx.createLinearGradient(0, 0, 4000, 3000);
	gradient.addColorStop(0, '#0f766e');
	gradient.addColorStop(1, '#fbbf24');
	ctx.fillStyle = gradient;
	ctx.fillRect(0, 0, 4000, 3000);
	// Some detail, as a real photo has, so the encoder has work to do.
	let seed = 7;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	for (let i = 0; i < 4000; i++) {
		ctx.fillStyle = `hsl(${Math.floor(random() * 360)} 70% 50% / 0.6)`;
		ctx.fillRect(random() * 4000, random() * 3000, 20 + random() * 200, 20 + random() * 200);
	}
	ctx.fillStyle = '#fff';
	ctx.font = 'bold 400px sans-serif';
	ctx.fillText('WARUNG', 600, 1700);
	return canvas.toDataURL('image/jpeg', 0.85);
});
await browser.close();
const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64');

/** An EXIF APP1 segment whose only entry is a GPS position: 6°10'30" S, 106°49'40" E. */
function exifWithGps() {
	const tiff = Buffer.alloc(256);
	let o = 0;
	const u16 = (value) => {
		tiff.writeUInt16BE(value, o);
		o += 2;
	};
	const u32 = (value) => {
		tiff.writeUInt32BE(value, o);
		o += 4;
	};
	tiff.write('MM', 0, 'latin1');
	o = 2;
	u16(42);
	u32(8);
	// IFD0: one entry, GPSInfo (0x8825) → offset of the GPS IFD.
	const gpsIfd = 8 + 2 + 12 + 4;
	u16(1);
	u16(0x8825);
	u16(4);
	u32(1);
	u32(gpsIfd);
	u32(0);
	// GPS IFD: four entries, then the two rational triples.
	const data = gpsIfd + 2 + 4 * 12 + 4;
	u16(4);
	const entry = (tag, type, count, value) => {
		u16(tag);
		u16(type);
		u32(count);
		if (typeof value === 'string') {
			tiff.write(value.padEnd(4, '\0'), o, 'latin1');
			o += 4;
		} else u32(value);
	};
	entry(1, 2, 2, 'S');
	entry(2, 5, 3, data);
	entry(3, 2, 2, 'E');
	entry(4, 5, 3, data + 24);
	u32(0);
	for (const part of [6, 10, 30, 106, 49, 40]) {
		u32(part);
		u32(1);
	}
	const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(0, o)]);
	const header = Buffer.alloc(4);
	header.writeUInt16BE(0xffe1, 0);
	header.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([header, body]);
}

// Right after the SOI marker (FFD8).
const withGps = Buffer.concat([jpeg.subarray(0, 2), exifWithGps(), jpeg.subarray(2)]);
writeFileSync('tests/fixtures/warung-4000x3000-gps.jpg', withGps);
console.log(`wrote tests/fixtures/warung-4000x3000-gps.jpg (${withGps.length} bytes)`);
