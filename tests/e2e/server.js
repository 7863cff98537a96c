// Starts the built app for the end-to-end tests on a fresh SQLite database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'lapak-e2e-'));
await import('../../scripts/start.js');
