import { getDb } from '$lib/server/db';
import { dashboardTables } from '$lib/server/monitoring/dashboard';
import { shownTable } from '$lib/server/monitoring/export';
import { provinces } from '$lib/server/monitoring/regions';
import { monitoringScope } from './scope.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const scope = await monitoringScope(event);
	return {
		filters: scope.filters,
		national: scope.national,
		scopeName: scope.scopeName,
		organisations: scope.organisations,
		provinces: provinces(),
		tables: (await dashboardTables(getDb(), scope.filters, scope.today, scope.tables)).map(shownTable),
		query: event.url.search
	};
};
