// Push apply rate over HTTP with 1, 4 and 16 devices, beside the same writes in a loop inside this process:
// per mutation one transaction that bumps the space version, upserts a product row stamped with it, and
// advances the client's lastMutationId — what applying a `product.put` must write at the least.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Device, inParallel, productArgs, registerSeller } from './lib/api.js';
import { openDirect, openSqlite } from './lib/db.js';
import { load } from './lib/report.js';
import { withServer } from './lib/server.js';

const DEVICE_COUNTS = [1, 4, 16];
/** Mutations per push: a phone coming back online with a morning's changes; ≤ 500 by the contract. */
const BATCH = Number(process.env.BENCH_PUSH_BATCH ?? 100);
/** How long each rate is measured. */
const SECONDS = Number(process.env.BENCH_PUSH_SECONDS ?? 3);

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

/** better-sqlite3 on the server's file, synchronous FULL and WAL as the server has it. */
function sqliteLoopRate(database, client, seconds = SECONDS) {
	const sqlite = openSqlite(database);
	try {
		const bump = sqlite.prepare(BUMP_SPACE);
		const upsert = sqlite.prepare(UPSERT_PRODUCT);
		const advance = sqlite.prepare(ADVANCE_CLIENT);
		const applyOne = sqlite.transaction(() => {
			const { version } = bump.get(client.spaceId);
			upsert.run(mutationValues(client, version));
			const moved = advance.run(client.last + 1, new Date().toISOString(), client.id, client.last);
			if (moved.changes !== 1) throw new Error('the loop lost its client row');
			client.last++;
		});
		let applied = 0;
		const started = performance.now();
		const deadline = started + seconds * 1000;
		while (performance.now() < deadline) {
			applyOne();
			applied++;
		}
		return (applied / (performance.now() - started)) * 1000;
	} finally {
		sqlite.close();
	}
}

/** `pg` with one connection per writer, all writing at once, each to its own space. */
async function postgresLoopRate(database, clients, seconds = SECONDS) {
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
					const { rows } = await connection.query(bump, [client.spaceId]);
					await connection.query(upsert, mutationValues(client, rows[0].version));
					const moved = await connection.query(advance, [
						client.last + 1,
						new Date().toISOString(),
						client.id,
						client.last
					]);
					if (moved.rowCount !== 1) throw new Error('the loop lost its client row');
					await connection.query('COMMIT');
					client.last++;
					applied++;
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
		const loopWriters = backend === 'sqlite' ? [1] : [1, max];
		const clients = await loopClients(database, sellers);
		if (backend === 'sqlite') sqliteLoopRate(database, clients[0], 0.5);
		else await postgresLoopRate(database, clients, 0.5);

		const http = Object.fromEntries(DEVICE_COUNTS.map((count) => [count, []]));
		const loop = Object.fromEntries(loopWriters.map((count) => [count, []]));
		const loads = [];
		for (let run = 0; run < runs; run++) {
			loads.push(load());
			for (const count of DEVICE_COUNTS) http[count].push(await httpRate(devices.slice(0, count)));
			for (const count of loopWriters) {
				loop[count].push(
					backend === 'sqlite'
						? sqliteLoopRate(database, clients[0])
						: await postgresLoopRate(database, clients.slice(0, count))
				);
			}
			console.error(
				`  ${part} run ${run + 1}: http ${DEVICE_COUNTS.map((c) => `${c}→${Math.round(http[c].at(-1))}`).join(' ')}` +
					` loop ${loopWriters.map((c) => `${c}→${Math.round(loop[c].at(-1))}`).join(' ')}/s`
			);
		}
		for (const count of DEVICE_COUNTS) {
			report.figure(
				part,
				`HTTP, ${count} device${count > 1 ? 's' : ''} (${BATCH}/push)`,
				http[count],
				'/s',
				loads
			);
		}
		for (const count of loopWriters) {
			const what =
				backend === 'sqlite'
					? 'in-process loop, better-sqlite3 (FULL, WAL)'
					: `in-process loop, pg, ${count} connection${count > 1 ? 's' : ''}`;
			report.figure(part, what, loop[count], '/s', loads);
		}
		const [devicesBudgeted, loopBudgeted, share] = backend === 'sqlite' ? [4, 1, 0.55] : [max, max, 0.6];
		report.budget(
			part,
			`HTTP ${devicesBudgeted} devices ÷ loop${backend === 'postgres' ? ` (${loopBudgeted} conn.)` : ''}`,
			ratios(http[devicesBudgeted], loop[loopBudgeted]),
			'%',
			loads,
			{ budget: `≥ ${Math.round(share * 100)} %`, ok: (value) => value >= share }
		);
	});
}
