import { expect, it } from 'vitest';
import { uuidv7 } from './ids';

it('makes RFC 9562 version 7 ids that sort by time and do not repeat', () => {
	const ids = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
	for (const id of ids)
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	expect(new Set(ids).size).toBe(ids.length);
	expect([...ids].sort()).toEqual(ids);
});
