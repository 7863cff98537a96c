import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { dashboardTables, type TableId } from '$lib/server/monitoring/dashboard';
import { tableCsv } from '$lib/server/monitoring/export';
import { t } from '../../text';
import { monitoringScope } from '../scope.server';
import type { RequestHandler } from './$types';

/** `/portal/pantauan/<table>.csv?<the page's filters>`: one table of the page, as the viewer sees it. */
export const GET: RequestHandler = async (event) => {
	const scope = await monitoringScope(event);
	const id = event.params.table as TableId;
	if (!scope.tables.includes(id)) error(404, t('pantauan.err_no_table'));
	const [table] = await dashboardTables(getDb(), scope.filters, scope.today, [id]);
	return new Response(tableCsv(table), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="pantauan-${id}-${scope.filters.from}-${scope.filters.to}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
