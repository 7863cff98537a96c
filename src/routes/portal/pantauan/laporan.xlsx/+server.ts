import { getDb } from '$lib/server/db';
import { dashboardTables } from '$lib/server/monitoring/dashboard';
import { reportWorkbook } from '$lib/server/monitoring/export';
import { monitoringScope } from '../scope.server';
import type { RequestHandler } from './$types';

/** `/portal/pantauan/laporan.xlsx?<filters>`: every table the viewer sees, one sheet each. */
export const GET: RequestHandler = async (event) => {
	const scope = await monitoringScope(event);
	const tables = await dashboardTables(getDb(), scope.filters, scope.today, scope.tables);
	const body = await reportWorkbook(tables, scope.filters, scope.scopeName);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="laporan-pantauan-${scope.filters.from}-${scope.filters.to}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
