import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial';
import * as catalog from './002-catalog';
import * as orders from './003-orders';
import * as financing from './004-financing';
import * as facilitators from './005-facilitators';
import * as rejections from './006-rejections';
import * as lenders from './007-lenders';
import * as namedPhotos from './008-named-photos';
import * as deviceCredentials from './009-device-credentials';
import * as expenses from './010-expenses';
import * as barcodesAndReceipts from './011-barcode-receipts';
import * as procurement from './012-procurement';
import * as catalogSearch from './013-catalog-search';
import * as monitoring from './014-monitoring';

/**
 * Every migration, by name, in the order they run. They are imported here rather than read from a folder
 * because the server is bundled by Vite: a new migration is a new module plus a line below. Never rename or
 * edit a migration that has shipped; add the next one.
 */
const migrations: Record<string, Migration> = {
	'001-initial': initial,
	'002-catalog': catalog,
	'003-orders': orders,
	'004-financing': financing,
	'005-facilitators': facilitators,
	'006-rejections': rejections,
	'007-lenders': lenders,
	'008-named-photos': namedPhotos,
	'009-device-credentials': deviceCredentials,
	'010-expenses': expenses,
	'011-barcode-receipts': barcodesAndReceipts,
	'012-procurement': procurement,
	'013-catalog-search': catalogSearch,
	'014-monitoring': monitoring
};

export const migrationProvider: MigrationProvider = {
	async getMigrations() {
		return migrations;
	}
};
