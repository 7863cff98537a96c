import type { MutationName } from '$lib/domain/mutations';
import type { Handlers } from '../write';
import { advanceHandlers } from './advance';
import { expenseHandlers } from './expense';
import { financingHandlers } from './financing';
import { orderHandlers } from './order';
import { procurementHandlers } from './procurement';
import { productHandlers } from './product';
import { sellerHandlers } from './seller';
import { supplierHandlers } from './supplier';

/**
 * Every mutation a device can send, by name, grouped by entity: a new entity is one module here, its
 * schemas in `mutationArgs` (src/lib/domain/mutations.ts), and its local apply on the phone.
 */
export const handlers: Handlers<MutationName> = {
	...productHandlers,
	...orderHandlers,
	...financingHandlers,
	...sellerHandlers,
	...expenseHandlers,
	...supplierHandlers,
	...procurementHandlers,
	...advanceHandlers
};
