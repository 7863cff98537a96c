import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Debian's Chromium where it is installed (this project's machines and CI); elsewhere Playwright's own
// browser, after `npx playwright install chromium`.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		...devices['Pixel 5'],
		viewport: { width: 360, height: 640 },
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'id-ID',
		timezoneId: 'Asia/Jakarta',
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: existsSync(chromiumPath) ? chromiumPath : undefined,
			args: [
				...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'node tests/e2e/server.js',
		url: `http://127.0.0.1:${PORT}/app`,
		env: { PORT: String(PORT), HOST: '127.0.0.1' },
		reuseExistingServer: false,
		timeout: 120_000
	}
});
