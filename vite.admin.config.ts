import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the admin command line (src/lib/server/admin-cli.ts) for Node: the server's TypeScript, with the
 * `$lib` alias SvelteKit gives it, bundled into one ES module; packages (kysely, pg, better-sqlite3, zod)
 * stay in node_modules. scripts/admin.js runs this build when the bundle is missing or older than the code.
 * The output lives outside build/, which every `vite build` of the app empties.
 */
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	// @sveltejs/kit is a development dependency (the app's build bundles it too); the rest are dependencies.
	ssr: { noExternal: ['@sveltejs/kit', 'esm-env'] },
	logLevel: 'warn',
	build: {
		ssr: 'src/lib/server/admin-cli.ts',
		outDir: process.env.ADMIN_BUILD_DIR ?? 'node_modules/.cache/lapak-admin',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		sourcemap: true,
		rollupOptions: { output: { entryFileNames: 'admin-cli.js' } }
	}
});
