import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Integration tests start the built server (`npm run build` first) as a child process and talk HTTP to it.
// One file at a time: each starts its own servers, and the machine has two cores.
export default defineConfig({
	resolve: {
		// The phone's own modules (tests/helpers/phone.ts) import `$lib/…`, as SvelteKit resolves it.
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	test: {
		include: ['tests/integration/**/*.test.ts'],
		environment: 'node',
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 60_000
	}
});
