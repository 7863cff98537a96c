import {
	parseRegionTree,
	parseVillages,
	REGIONS_URL,
	villagesUrl,
	type Region,
	type RegionTree
} from '$lib/domain/regions';

// The phone's side of the regions list. The province/regency/district file is precached by the service
// worker, so it loads with no signal from the first install; a regency's villages are fetched when needed
// and kept by the service worker (its CacheFirst route), so they too open offline once fetched.

let treeLoad: Promise<RegionTree> | null = null;

/** Every province, regency and district, fetched and parsed once per page (the file is precached). */
export function loadRegionTree(): Promise<RegionTree> {
	treeLoad ??= fetchJson(REGIONS_URL)
		.then((file) => {
			if (file === null) throw new Error('regions: the regions list could not be loaded');
			return parseRegionTree(file);
		})
		.catch((error: unknown) => {
			// Let the next call try again (a service worker that was still installing, say).
			treeLoad = null;
			throw error;
		});
	return treeLoad;
}

/** The village lists parsed in this page, by regency: picking back and forth costs no second parse. */
const villageLists = new Map<string, Region[]>();

/**
 * A regency's villages, from the network or the service worker's cache; `null` when there is neither a
 * connection nor a stored copy (the form then lets the person type the village's name).
 */
export async function loadVillages(regencyCode: string): Promise<Region[] | null> {
	const known = villageLists.get(regencyCode);
	if (known) return known;
	const file = await fetchJson(villagesUrl(regencyCode));
	if (file === null) return null;
	const villages = parseVillages(file, regencyCode);
	villageLists.set(regencyCode, villages);
	return villages;
}

/** Whether a regency's villages are stored on this phone (opened before, or prepared for a trip). */
export async function hasVillagesOffline(regencyCode: string): Promise<boolean> {
	if (typeof caches === 'undefined') return false;
	try {
		return (await caches.match(villagesUrl(regencyCode))) !== undefined;
	} catch {
		return false;
	}
}

export interface PrepareProgress {
	/** Regencies whose villages are now on the phone (stored before or just now). */
	done: number;
	/** Regencies that could not be fetched (no signal, server down). */
	failed: number;
	total: number;
}

/**
 * Stores the villages of every regency of a province on the phone, so a facilitator in town can prepare a
 * trip to places with no signal. Regencies already stored are skipped; `onProgress` is told after each one.
 * Resolves with the final count; those that failed can be tried again by calling it again.
 */
export async function prepareVillagesOffline(
	provinceCode: string,
	onProgress?: (progress: PrepareProgress) => void
): Promise<PrepareProgress> {
	const tree = await loadRegionTree();
	const regencies = tree.regencies.filter((regency) => regency.parentCode === provinceCode);
	const progress: PrepareProgress = { done: 0, failed: 0, total: regencies.length };
	onProgress?.({ ...progress });
	// Two at a time: quick on a good connection without starving the rest of the app on a weak one.
	let next = 0;
	const worker = async () => {
		while (next < regencies.length) {
			const regency = regencies[next++];
			const stored =
				(await hasVillagesOffline(regency.code)) ||
				(await fetchJson(villagesUrl(regency.code)).then((file) => file !== null));
			if (stored) progress.done++;
			else progress.failed++;
			onProgress?.({ ...progress });
		}
	};
	await Promise.all([worker(), worker()]);
	return progress;
}

/** The JSON at `url`, or null when the phone has no connection and no stored copy, or the answer is no 200. */
async function fetchJson(url: string): Promise<unknown> {
	try {
		const response = await fetch(url);
		if (response.ok) return await response.json();
	} catch {
		// Offline and not cached: the service worker's CacheFirst lets the network error through.
	}
	return null;
}
