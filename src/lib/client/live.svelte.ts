import type { LapakDb } from './sync/db';
import { loadRuntime } from './session.svelte';

export interface LiveOptions {
	/**
	 * While the phone takes in a pull of many pages, keep the value as it is and read it once at the end,
	 * not after every page: for figures over whole tables (the home screen's), never for what waits to be
	 * sent (the status bar must always be true).
	 */
	waitForBulkPull?: boolean;
}

/** The longest a live query waits for a pull of many pages before it reads anyway. */
const BULK_PULL_WAIT_MS = 10 * 60 * 1000;

/**
 * A value read from IndexedDB that stays current: it re-runs when the tables it read change, in this
 * tab or another. `source` runs inside an effect, so the reactive values it reads (a search word, the
 * current space) re-create the query; it returns the query. Dexie arrives with the runtime chunk after
 * the first paint, so until then the value is `initial`. Call during component set-up.
 */
export function live<T>(
	source: () => (db: LapakDb) => Promise<T>,
	initial: T,
	options: LiveOptions = {}
): { readonly current: T } {
	let current = $state.raw(initial);
	$effect(() => {
		const query = source();
		let stopped = false;
		let unsubscribe = () => {
			stopped = true;
		};
		void loadRuntime().then(({ db, liveQuery, sync, Dexie }) => {
			if (stopped) return;
			const read = options.waitForBulkPull
				? async () => {
						// Dexie.waitFor keeps the live query's observation through a wait that is not Dexie's own.
						const pulling = sync.bulkPullDone();
						if (pulling) await Dexie.waitFor(pulling, BULK_PULL_WAIT_MS);
						return query(db);
					}
				: () => query(db);
			const subscription = liveQuery(read).subscribe({
				next: (value) => (current = value),
				error: (error) => console.error(error)
			});
			unsubscribe = () => subscription.unsubscribe();
		});
		return () => unsubscribe();
	});
	return {
		get current() {
			return current;
		}
	};
}
