import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pay } from '$lib/domain/procurement-steps';
import { at, firstInvoiced, I1, KAI, must, payment, SPACE } from '$lib/domain/procurement.fixtures';
import { procurementToColumns } from '../../sync/entities';
import { migrationProvider } from '.';

/** Rows as the tables hold them, whatever the release: the columns change under these tests. */
type AnyDatabase = Record<string, Record<string, unknown>>;

describe('migration 014-monitoring on SQLite', () => {
	let db: Kysely<AnyDatabase>;
	let migrator: Migrator;
	const now = '2026-11-02T03:04:05.000Z';
	const order = (id: string, status: string, total: number, created_at: string) => ({
		id,
		space_id: SPACE,
		number: `KP-${id.slice(1)}`,
		channel: 'walkin',
		status,
		total,
		paid: 0,
		payment_status: 'unpaid',
		buyer_name: 'Bu Ani',
		items: '[]',
		payments: '[]',
		history: '[]',
		deleted: 0,
		version: 1,
		created_at,
		updated_at: created_at
	});

	beforeEach(async () => {
		db = new Kysely<AnyDatabase>({
			dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') })
		});
		migrator = new Migrator({ db, provider: migrationProvider });
		expect((await migrator.migrateTo('012-procurement')).error).toBeUndefined();
		await db
			.insertInto('spaces')
			.values({ id: SPACE, name: 'Warung', slug: 'warung', version: 9, created_at: now })
			.execute();
		await db
			.insertInto('supplier_profiles')
			.values({
				id: SPACE,
				space_id: SPACE,
				size: 'mikro',
				province_code: '34',
				regency_code: '34.04',
				version: 1,
				created_at: now,
				updated_at: now
			})
			.execute();
		await db
			.insertInto('orders')
			.values([
				order('o1', 'new', 15_000, '2026-11-02T03:00:00.000Z'),
				// 30 Nov 23.30 WIB: still November
				order('o2', 'completed', 5_000, '2026-11-30T16:30:00.000Z'),
				order('o3', 'cancelled', 99_000, '2026-11-03T03:00:00.000Z'),
				// 1 Dec 00.30 WIB
				order('o4', 'new', 7_000, '2026-11-30T17:30:00.000Z')
			])
			.execute();
		await db
			.insertInto('organisations')
			.values({ id: KAI.id, name: KAI.name, kind: 'bumn', code: 'PTKAI', created_at: now })
			.execute();
	});
	afterEach(() => db.destroy());

	it('fills the summary tables from the rows already stored, by the rules of the writes', async () => {
		const invoiced = firstInvoiced();
		const paid = must(pay(invoiced, payment(I1, '2026-12-02'), at('keuangan', '2026-12-02')));
		await db
			.insertInto('procurements')
			.values({ ...procurementToColumns(paid), id: paid.id, space_id: SPACE, deleted: 0, created_at: now })
			.execute();

		expect((await migrator.migrateToLatest()).error).toBeUndefined();

		expect(await db.selectFrom('monitor_sellers').selectAll().execute()).toEqual([
			{
				space_id: SPACE,
				province: '34',
				regency: '34.04',
				category: null,
				size: 'mikro',
				facilitator_id: null,
				facilitator_name: null,
				registered_on: '2026-11-02',
				activated_on: '2026-11-02'
			}
		]);
		expect(
			await db
				.selectFrom('sales_monthly')
				.select(['month', 'orders', 'amount', 'last_day', 'province'])
				.orderBy('month')
				.execute()
		).toEqual([
			{ month: '2026-11', orders: 2, amount: 20_000, last_day: '2026-11-30', province: '34' },
			{ month: '2026-12', orders: 1, amount: 7_000, last_day: '2026-12-01', province: '34' }
		]);
		const invoice = paid.invoices[0];
		expect(
			await db
				.selectFrom('spend_monthly')
				.select(['month', 'organisation_id', 'orders', 'committed', 'paid'])
				.orderBy('month')
				.execute()
		).toEqual([
			{
				month: '2026-11',
				organisation_id: KAI.id,
				orders: 1,
				committed: paid.order!.subtotal - invoice.amounts.subtotal,
				paid: 0
			},
			{ month: '2026-12', organisation_id: KAI.id, orders: 0, committed: 0, paid: invoice.amounts.payable }
		]);
		expect(
			await db
				.selectFrom('payment_times')
				.select(['invoice_id', 'bast_on', 'paid_on', 'days', 'paid_month'])
				.execute()
		).toEqual([
			{ invoice_id: I1, bast_on: '2026-11-08', paid_on: '2026-12-02', days: 24, paid_month: '2026-12' }
		]);
		expect(await db.selectFrom('open_invoices').selectAll().execute()).toEqual([]);
		// The roll-ups agree with the per-seller rows, one seller in each of its months.
		expect(
			await db
				.selectFrom('sales_cells')
				.select(['month', 'province', 'category', 'orders', 'amount', 'sellers'])
				.orderBy('month')
				.execute()
		).toEqual([
			{ month: '2026-11', province: '34', category: '', orders: 2, amount: 20_000, sellers: 1 },
			{ month: '2026-12', province: '34', category: '', orders: 1, amount: 7_000, sellers: 1 }
		]);
		expect(
			await db
				.selectFrom('spend_orgs')
				.select(['month', 'organisation_id', 'paid', 'sellers'])
				.orderBy('month')
				.execute()
		).toEqual([
			{ month: '2026-11', organisation_id: KAI.id, paid: 0, sellers: 1 },
			{ month: '2026-12', organisation_id: KAI.id, paid: invoice.amounts.payable, sellers: 1 }
		]);
		expect(
			await db.selectFrom('spend_regions').select(['month', 'regency', 'sellers']).orderBy('month').execute()
		).toEqual([
			{ month: '2026-11', regency: '34.04', sellers: 1 },
			{ month: '2026-12', regency: '34.04', sellers: 1 }
		]);
	});

	it('goes down and up again', async () => {
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect((await migrator.migrateDown()).error).toBeUndefined();
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(
			await db.selectFrom('sales_monthly').select(['month', 'orders']).orderBy('month').execute()
		).toEqual([
			{ month: '2026-11', orders: 2 },
			{ month: '2026-12', orders: 1 }
		]);
	});
});
