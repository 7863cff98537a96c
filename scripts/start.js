// `npm start`: builds the app if needed, then runs the production server (adapter-node) with friendly defaults.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADAPTER_BODY_SIZE_LIMIT } from './body-limit.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

if (!existsSync('build/index.js')) {
	console.log('Membangun aplikasi dulu (npx vite build)…');
	const result = spawnSync('npx', ['vite', 'build'], {
		stdio: 'inherit',
		shell: process.platform === 'win32'
	});
	if (result.status !== 0 || !existsSync('build/index.js')) {
		console.error(
			`Build gagal (exit ${result.status ?? result.signal ?? result.error}). Periksa pesan di atas.`
		);
		process.exit(1);
	}
}

process.env.PORT ??= '3000';
// adapter-node takes itself to be behind https unless told otherwise; on a plain-http machine the shop's
// forms would then fail SvelteKit's same-origin check. Behind a TLS proxy, set ORIGIN (or PROTOCOL_HEADER).
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER)
	process.env.ORIGIN = `http://localhost:${process.env.PORT}`;
process.env.DATA_DIR ??= './data';
// adapter-node's own limit (512 KB by default) must sit above the API's 5 MB: see body-limit.js.
process.env.BODY_SIZE_LIMIT ??= ADAPTER_BODY_SIZE_LIMIT;

function describeDatabase() {
	const url = process.env.DATABASE_URL;
	if (url && /^postgres(ql)?:\/\//.test(url)) {
		try {
			const parsed = new URL(url);
			parsed.password = '';
			return `PostgreSQL: ${parsed.toString()}`;
		} catch {
			return 'PostgreSQL';
		}
	}
	return `SQLite: ${path.join(process.env.DATA_DIR ?? './data', 'lapak.db')}`;
}

/** Where photos and documents go, when not under DATA_DIR beside the SQLite file. */
function describeBlobs() {
	return process.env.S3_BUCKET?.trim() ? `; foto: s3://${process.env.S3_BUCKET.trim()}` : '';
}

console.log(
	`Lapak berjalan di http://localhost:${process.env.PORT}/app (${describeDatabase()}${describeBlobs()})`
);

// Security headers on every answer, the prerendered and static ones included (see security-headers.js).
await import('./security-headers.js');
// Not a literal import: the type checker would otherwise follow it into the generated build.
const server = new URL('../build/index.js', import.meta.url).href;
await import(server);
