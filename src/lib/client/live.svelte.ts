import type { LapakDb } from './sync/db';
import { loadRuntime } from './session.svelte';

/**
 * A value read from IndexedDB that stays current: it re-runs when the tables it read change, in this
 * tab or another. `source` runs inside an effect, so the reactive values it reads (a search word, the
 * current space) re-create the query; it returns the query. Dexie arrives with the runtime chunk after
 * the first paint, so until then the value is `initial`. Call during component set-up.
 */
export function live<T>(source: () => (db: LapakDb) => Promise<T>, initial: T): { readonly current: T } {
	let current = $state.raw(initial);
	$effect(() => {
		const query = source();
		let stopped = false;
		let unsubscribe = () => {
			stopped = true;
		};
		void loadRuntime().then(({ db, liveQuery }) => {
			if (stopped) return;
			const subscription = liveQuery(() => query(db)).subscribe({
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
