// Starts the built app for the end-to-end tests on a fresh SQLite database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'lapak-e2e-'));
// Served over plain http: the shop's HTML forms pass SvelteKit's same-origin check only with ORIGIN set.
process.env.ORIGIN ??= `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3000}`;
// The end-to-end tests register many sellers from one address within the hour (the limit has its own test).
process.env.REGISTRATIONS_PER_HOUR ??= '100000';
await import('../../scripts/start.js');
