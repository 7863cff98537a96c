// Big spaces, fast: one order goes through the real push (so its row is exactly what the server writes),
// then copies of that row are inserted directly, each with its own id, number, time and space version, and
// the space's version counter is set to the last one, as pull expects.
import { Device, orderArgs, uuidv7 } from './api.js';
import { insertRows, openDirect, settle } from './db.js';

/**
 * Fills the space of `seller` with `count` orders (three items each, no stock moved), numbered KP-1 … and
 * an hour apart. Answers the space's version afterwards.
 */
export async function seedOrders(database, seller, count) {
	const device = new Device(seller.api);
	const first = orderArgs(1);
	await device.push([device.mutation('order.create', seller.spaceId, first)]);
	const direct = await openDirect(database);
	try {
		const [template] = await direct.query('SELECT * FROM orders WHERE id = ?', [first.id]);
		const [space] = await direct.query('SELECT version FROM spaces WHERE id = ?', [seller.spaceId]);
		const base = Number(space.version);
		const newest = Date.now();
		const rows = [];
		for (let n = 2; n <= count; n++) {
			const at = new Date(newest - (count - n) * 3_600_000);
			rows.push({
				...template,
				id: uuidv7(at.getTime()),
				number: `KP-${n}`,
				version: base + n - 1,
				created_at: at.toISOString(),
				updated_at: at.toISOString()
			});
		}
		for (let start = 0; start < rows.length; start += 20_000) {
			await insertRows(direct, 'orders', rows.slice(start, start + 20_000));
		}
		const version = base + count - 1;
		await direct.query('UPDATE spaces SET version = ? WHERE id = ?', [version, seller.spaceId]);
		// Autovacuum would analyze the table within a minute; until then PostgreSQL plans a page of pull on
		// 100k fresh rows as a bitmap scan and a sort of half the space (45 ms instead of 0.3 ms).
		if (direct.backend === 'postgres') await direct.query('ANALYZE orders');
		return version;
	} finally {
		await direct.close();
		await settle();
	}
}
