import { PROVINCE_CODES } from '$lib/domain/nik';
import { isKurProduct, isLenderStatus, lenderApplications } from '$lib/server/financing';
import { requireLender } from '../session.server';
import type { PageServerLoad } from './$types';

/** Applications shown per page. */
const PAGE_SIZE = 50;

/**
 * The lender's list: every application sent to the lender organisation of the account, filtered by status,
 * KUR product and region.
 */
export const load: PageServerLoad = async (event) => {
	const { lender } = await requireLender(event);
	const query = event.url.searchParams;
	const status = query.get('status') ?? '';
	const product = query.get('produk') ?? '';
	const region = query.get('wilayah') ?? '';
	const filters = {
		status: isLenderStatus(status) ? status : null,
		product: isKurProduct(product) ? product : null,
		region: PROVINCE_CODES[region] ? region : null
	};
	const { applications, provinces } = lender
		? await lenderApplications(lender.id, filters)
		: { applications: [], provinces: [] };
	const pages = Math.max(1, Math.ceil(applications.length / PAGE_SIZE));
	const page = Math.min(pages, Math.max(1, Number.parseInt(query.get('halaman') ?? '1', 10) || 1));
	return {
		lender,
		filters: {
			status: filters.status ?? '',
			product: filters.product ?? '',
			region: filters.region ?? ''
		},
		provinces: [...new Set([...provinces, ...(filters.region ? [filters.region] : [])])]
			.map((code) => ({ code, name: PROVINCE_CODES[code] }))
			.sort((a, b) => a.name.localeCompare(b.name, 'id')),
		applications: applications
			.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
			.map((item) => ({ ...item, provinceName: item.province ? PROVINCE_CODES[item.province] : null })),
		total: applications.length,
		page,
		pages
	};
};
