import { expect, it } from 'vitest';
import { formatDate, formatDateTime } from './dates';

it('writes dates the Indonesian way, in Western Indonesian Time', () => {
	expect(formatDate('2026-11-28T03:00:00Z')).toBe('28 Nov 2026');
	// 20:00 UTC is already the next day in Jakarta (UTC+7).
	expect(formatDate('2026-11-27T20:00:00Z')).toBe('28 Nov 2026');
	expect(formatDateTime('2026-11-28T03:05:00Z')).toBe('28 Nov 2026, 10.05');
});
