// Push apply rate over HTTP with 1, 4 and 16 devices, beside the same writes in a loop inside this process:
// per mutation, bump the space version, upsert a product row stamped with it, and advance the client's
// lastMutationId — what applying a `product.put` must write at the least. The loop runs twice: with a
// transaction per mutation, and with the commits grouped as push groups them (src/lib/server/sync/push.ts:
// one transaction per chunk of 100, a savepoint per mutation, lastMutationId advanced once per chunk). The
// budget is judged against the first, as DESIGN.md §5 sets it; the share of the second is printed beside it.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Device, inParallel, productArgs, registerSeller } from './lib/api.js';
import { openDirect, openSqlite, settle } from './lib/db.js';
import { load } from './lib/report.js';
import { withServer } from './lib/server.js';

const DEVICE_COUNTS = [1, 4, 16];
/** Mutations per push: a phone coming back online with a morning's changes; ≤ 500 by the contract. */
const BATCH = Number(process.env.BENCH_PUSH_BATCH ?? 100);
/** How long each rate is measured. */
const SECONDS = Number(process.env.BENCH_PUSH_SECONDS ?? 3);
/** Mutations per transaction in the grouped loop: push.ts's CHUNK. */
const SERVER_CHUNK = 100;

/** Each device pushes batches of new products into its own seller's space until the time is up. */
async function httpRate(devices) {
	let applied = 0;
	const started = performance.now();
	const deadline = started + SECONDS * 1000;
	await Promise.all(
		devices.map(async ({ device, spaceId }) => {
			while (performance.now() < deadline) {
				const batch = Array.from({ length: BATCH }, (_, i) =>
					device.mutation('product.put', spaceId, productArgs(i))
				);
				await device.push(batch);
				applied += batch.length;
			}
		})
	);
	return (applied / (performance.now() - started)) * 1000;
}

const UPSERT_PRODUCT = `INSERT INTO products (id, space_id, name, price, unit, stock, min_stock, category, sku,
	description, weight_grams, photos, active, deleted, version, created_at, updated_at, changed_by)
	VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, '[]', 1, 0, ?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET name = excluded.name, price = excluded.price, unit = excluded.unit,
	version = excluded.version, updated_at = excluded.updated_at, changed_by = excluded.changed_by`;
const BUMP_SPACE = 'UPDATE spaces SET version = version + 1 WHERE id = ? RETURNING version';
const ADVANCE_CLIENT =
	'UPDATE clients SET last_mutation_id = ?, updated_at = ? WHERE id = ? AND last_mutation_id = ?';

/** A client row of its own for each in-process writer, so its lastMutationId advances like a device's. */
async function loopClients(database, sellers) {
	const direct = await openDirect(database);
	try {
		const clients = [];
		for (const seller of sellers) {
			const client = { id: randomUUID(), spaceId: seller.spaceId, userId: seller.userId, last: 0 };
			await direct.query(
				'INSERT INTO clients (id, user_id, last_mutation_id, updated_at) VALUES (?, ?, 0, ?)',
				[client.id, client.userId, new Date().toISOString()]
			);
			clients.push(client);
		}
		return clients;
	} finally {
		await direct.close();
	}
}

function mutationValues(client, version) {
	const now = new Date().toISOString();
	const { id, name, price, unit, stock } = productArgs(client.last);
	const changedBy = JSON.stringify({ id: client.userId, name: 'Sari', role: 'owner' });
	return [id, client.spaceId, name, price, unit, stock, version, now, now, changedBy];
}

/**
 * better-sqlite3 on the server's file, synchronous FULL and WAL as the server has it; `chunk` mutations a
 * transaction (1: a transaction each; more: a savepoint each, as better-sqlite3 nests transactions).
 */
function sqliteLoopRate(database, client, chunk, seconds = SECONDS) {
	const sqlite = openSqlite(database);
	try {
		const bump = sqlite.prepare(BUMP_SPACE);
		const upsert = sqlite.prepare(UPSERT_PRODUCT);
		const advance = sqlite.prepare(ADVANCE_CLIENT);
		const applyOne = sqlite.transaction(() => {
			const { version } = bump.get(client.spaceId);
			upsert.run(mutationValues(client, version));
		});
		const applyChunk = sqlite.transaction(() => {
			const moved = advance.run(client.last + chunk, new Date().toISOString(), client.id, client.last);
			if (moved.changes !== 1) throw new Error('the loop lost its client row');
			for (let i = 0; i < chunk; i++) applyOne();
			client.last += chunk;
		});
		let applied = 0;
		const started = performance.now();
		const deadline = started + seconds * 1000;
		while (performance.now() < deadline) {
			applyChunk();
			applied += chunk;
		}
		return (applied / (performance.now() - started)) * 1000;
	} finally {
		sqlite.close();
	}
}

/** `pg` with one connection per writer, all writing at once, each to its own space; `chunk` as above. */
async function postgresLoopRate(database, clients, chunk, seconds = SECONDS) {
	const connections = await Promise.all(
		clients.map(async () => {
			const connection = new pg.Client({ connectionString: database.env.DATABASE_URL });
			await connection.connect();
			return connection;
		})
	);
	const numbered = (sql) => {
		let n = 0;
		return sql.replace(/\?/g, () => `$${++n}`);
	};
	const [bump, upsert, advance] = [BUMP_SPACE, UPSERT_PRODUCT, ADVANCE_CLIENT].map(numbered);
	try {
		let applied = 0;
		const started = performance.now();
		const deadline = started + seconds * 1000;
		await Promise.all(
			clients.map(async (client, i) => {
				const connection = connections[i];
				while (performance.now() < deadline) {
					await connection.query('BEGIN');
					const moved = await connection.query(advance, [
						client.last + chunk,
						new Date().toISOString(),
						client.id,
						client.last
					]);
					if (moved.rowCount !== 1) throw new Error('the loop lost its client row');
					for (let j = 0; j < chunk; j++) {
						if (chunk > 1) await connection.query('SAVEPOINT apply_mutation');
						const { rows } = await connection.query(bump, [client.spaceId]);
						await connection.query(upsert, mutationValues(client, rows[0].version));
						if (chunk > 1) await connection.query('RELEASE SAVEPOINT apply_mutation');
					}
					await connection.query('COMMIT');
					client.last += chunk;
					applied += chunk;
				}
			})
		);
		return (applied / (performance.now() - started)) * 1000;
	} finally {
		await Promise.all(connections.map((connection) => connection.end()));
	}
}

/** Ratios of paired runs (same round, so the same moment of a noisy machine). */
const ratios = (a, b) => a.map((value, i) => value / b[i]);

const grouping = (chunk) => (chunk === 1 ? '1 mutation/transaction' : `${chunk}/transaction as push`);

/**
 * @param {import('./lib/report.js').Report} report
 * @param {'sqlite' | 'postgres'} backend
 * @param {number} runs
 */
export async function benchPush(report, backend, runs) {
	const part = `push ${backend}`;
	await withServer(backend, async (server, database) => {
		const max = Math.max(...DEVICE_COUNTS);
		const sellers = await inParallel(max, 4, (i) =>
			registerSeller(server.url, `Penjual ${i + 1}`, `Warung ${i + 1}`)
		);
		const devices = sellers.map((seller) => ({ device: new Device(seller.api), spaceId: seller.spaceId }));
		// Warm up: every device claims its client id and the server's code paths are compiled.
		await Promise.all(
			devices.map(({ device, spaceId }) =>
				device.push(
					Array.from({ length: BATCH }, (_, i) => device.mutation('product.put', spaceId, productArgs(i)))
				)
			)
		);
		// The budget: SQLite with 4 devices against one writer (SQLite has one); PostgreSQL with 16 devices
		// against 16 connections.
		const [budgetDevices, budgetWriters, share] = backend === 'sqlite' ? [4, 1, 0.55] : [max, max, 0.6];
		const loops = (
			backend === 'sqlite'
				? [{ writers: 1, chunk: 1 }]
				: [
						{ writers: 1, chunk: 1 },
						{ writers: max, chunk: 1 }
					]
		)
			.concat([{ writers: budgetWriters, chunk: SERVER_CHUNK }])
			.map((loop) => ({ ...loop, rates: [] }));
		const clients = await loopClients(database, sellers);
		const loopRate = async (loop, seconds) => {
			if (backend === 'postgres') {
				return postgresLoopRate(database, clients.slice(0, loop.writers), loop.chunk, seconds);
			}
			const rate = sqliteLoopRate(database, clients[0], loop.chunk, seconds);
			await settle();
			return rate;
		};
		for (const loop of loops) await loopRate(loop, 0.5);

		const http = Object.fromEntries(DEVICE_COUNTS.map((count) => [count, []]));
		const loads = [];
		for (let run = 0; run < runs; run++) {
			loads.push(load());
			for (const count of DEVICE_COUNTS) http[count].push(await httpRate(devices.slice(0, count)));
			for (const loop of loops) loop.rates.push(await loopRate(loop));
			console.error(
				`  ${part} run ${run + 1}: http ${DEVICE_COUNTS.map((c) => `${c}→${Math.round(http[c].at(-1))}`).join(' ')}` +
					` loop ${loops.map((l) => `${l.writers}×${l.chunk}→${Math.round(l.rates.at(-1))}`).join(' ')}/s`
			);
		}
		for (const count of DEVICE_COUNTS) {
			const what = `HTTP, ${count} device${count > 1 ? 's' : ''} (${BATCH}/push)`;
			report.figure(part, what, http[count], '/s', loads);
		}
		const writerName = (loop) => (backend === 'sqlite' ? 'better-sqlite3' : `pg ×${loop.writers}`);
		for (const loop of loops) {
			report.figure(part, `loop, ${writerName(loop)}, ${grouping(loop.chunk)}`, loop.rates, '/s', loads);
		}
		for (const loop of loops.filter((l) => l.writers === budgetWriters)) {
			const what = `HTTP ${budgetDevices} devices ÷ loop ${grouping(loop.chunk)}`;
			const shares = ratios(http[budgetDevices], loop.rates);
			// DESIGN.md §5's budget is against the loop of one transaction per mutation (the issue that set it
			// expected batching to pass 100 %); the share of the loop that groups its commits as push does is
			// printed beside it, for what is left to gain, and is not a budget.
			if (loop.chunk === 1) {
				report.budget(part, what, shares, '%', loads, {
					budget: `≥ ${Math.round(share * 100)} %`,
					ok: (value) => value >= share
				});
			} else {
				report.figure(part, `${what} (not a budget)`, shares, '%', loads);
			}
		}
	});
}
