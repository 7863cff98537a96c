// The peer a seller's app could be built on instead: PouchDB 9 in the browser replicating from pouchdb-server.
// Installed on first use into the bench's own folder (.bench/peer, gitignored), never as a dependency of Lapak.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDir } from './paths.js';
import { freePort, waitForAnswer } from './server.js';

const peerDir = path.join(benchDir, 'peer');
const VERSIONS = { 'pouchdb-server': '4.2.0', pouchdb: '9.0.0' };
const serverBin = path.join(peerDir, 'node_modules/pouchdb-server/bin/pouchdb-server');
/** PouchDB's browser build (its default IndexedDB adapter), as a page would load it. */
const browserBuild = path.join(peerDir, 'node_modules/pouchdb/dist/pouchdb.min.js');

function installedVersion(name) {
	const file = path.join(peerDir, 'node_modules', name, 'package.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
}

/** Installs pouchdb-server and PouchDB 9 into .bench/peer unless they are there already. */
export function ensurePeer() {
	if (Object.entries(VERSIONS).every(([name, version]) => installedVersion(name) === version)) return;
	console.error(`  installing ${Object.keys(VERSIONS).join(' and ')} into ${peerDir} (first run only)`);
	mkdirSync(peerDir, { recursive: true });
	writeFileSync(
		path.join(peerDir, 'package.json'),
		`${JSON.stringify({ private: true, description: 'npm run bench peer', dependencies: VERSIONS }, null, '\t')}\n`
	);
	// No install scripts: the in-memory server needs no native LevelDB, and nothing gets compiled.
	const result = spawnSync(
		'npm',
		['install', '--prefix', peerDir, '--no-audit', '--no-fund', '--ignore-scripts'],
		{ stdio: ['ignore', 'inherit', 'inherit'] }
	);
	if (result.status !== 0 || !existsSync(serverBin) || !existsSync(browserBuild)) {
		throw new Error(`npm install of the PouchDB peer failed (exit ${result.status ?? result.error})`);
	}
}

export function pouchBrowserSource() {
	return readFileSync(browserBuild, 'utf8');
}

/** pouchdb-server in memory on a free port of 127.0.0.1 (it allows cross-origin requests by default). */
export async function startPouchServer() {
	const port = await freePort();
	// It writes its config.json and log.txt into the working directory.
	const dir = await mkdtemp(path.join(tmpdir(), 'lapak-bench-pouch-'));
	const child = spawn(
		process.execPath,
		[serverBin, '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--no-stdout-logs'],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	let exitCode = null;
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exitCode = code ?? signal;
			resolve();
		})
	);
	const url = `http://127.0.0.1:${port}`;
	await waitForAnswer(`${url}/`, 200, { exited: () => exitCode, output: () => output });
	return {
		url,
		/** Creates database `name` and stores `docs` in it. */
		async load(name, docs) {
			const created = await fetch(`${url}/${name}`, { method: 'PUT' });
			if (!created.ok) throw new Error(`pouchdb-server: PUT /${name}: ${created.status}`);
			for (let start = 0; start < docs.length; start += 1000) {
				const answer = await fetch(`${url}/${name}/_bulk_docs`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ docs: docs.slice(start, start + 1000) })
				});
				const results = await answer.json();
				if (!answer.ok || results.some((result) => !result.ok)) {
					throw new Error(`pouchdb-server: _bulk_docs: ${answer.status}`);
				}
			}
			const info = await (await fetch(`${url}/${name}`)).json();
			if (info.doc_count !== docs.length) throw new Error(`pouchdb-server holds ${info.doc_count} docs`);
		},
		async stop() {
			if (exitCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
				await exited;
				clearTimeout(timer);
			}
			await rm(dir, { recursive: true, force: true });
		}
	};
}
