import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the bench belongs to (its build/ is what is measured). */
export const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The bench's own folder (gitignored): the PouchDB peer is installed here. */
export const benchDir = path.join(root, '.bench');
