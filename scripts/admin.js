// `npm run admin -- create-user --role lender --name "Bank Desa" --phone 0812… --pin 123456`
// The admin command is the server's own TypeScript (src/lib/server/admin-cli.ts), so it is bundled by Vite
// first (vite.admin.config.ts) whenever the bundle is missing or older than the code it is made from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules/.cache/lapak-admin');
const bundle = path.join(outDir, 'admin-cli.js');
const sources = ['src/lib/server', 'src/lib/domain', 'src/lib/i18n', 'vite.admin.config.ts'];

/** The newest modification time of a file or of any file under a folder. */
function newest(file) {
	const stats = statSync(file);
	if (!stats.isDirectory()) return stats.mtimeMs;
	return readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), 0);
}

function isStale() {
	if (!existsSync(bundle)) return true;
	const built = statSync(bundle).mtimeMs;
	return sources.some((source) => newest(path.join(root, source)) > built);
}

if (isStale()) {
	// Built into a folder of its own, then moved into place: a second `npm run admin` started at the same
	// time never runs half a bundle.
	const temporary = `${outDir}-${process.pid}`;
	const result = spawnSync(
		process.execPath,
		[path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.admin.config.ts'],
		{ cwd: root, env: { ...process.env, ADMIN_BUILD_DIR: temporary }, encoding: 'utf8' }
	);
	if (result.status !== 0 || !existsSync(path.join(temporary, 'admin-cli.js'))) {
		process.stderr.write(result.stdout ?? '');
		process.stderr.write(result.stderr ?? '');
		console.error(
			'Perintah admin tidak bisa dibangun (lihat pesan di atas).\nThe admin command could not be built.'
		);
		rmSync(temporary, { recursive: true, force: true });
		process.exit(1);
	}
	rmSync(outDir, { recursive: true, force: true });
	renameSync(temporary, outDir);
}

const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
