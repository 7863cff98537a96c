import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'src/lib/domain';

/** Each domain file's imports of other domain files (`./order`), by file name. */
function domainImports(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of readdirSync(DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
		const source = readFileSync(join(DIR, file), 'utf8');
		graph.set(
			file,
			[...source.matchAll(/from '\.\/([\w-]+)'/g)].map((match) => `${match[1]}.ts`)
		);
	}
	return graph;
}

/** Every import circle, as `a.ts -> b.ts -> a.ts`. */
function circles(graph: Map<string, string[]>): string[] {
	const found: string[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (file: string, path: string[]) => {
		state.set(file, 'open');
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open')
				found.push([...path.slice(path.indexOf(next)), file, next].join(' -> '));
			else if (!state.has(next)) visit(next, [...path, file]);
		}
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
	return found;
}

describe('src/lib/domain', () => {
	it('has no import circle', () => {
		const graph = domainImports();
		expect(graph.size).toBeGreaterThan(10);
		expect(circles(graph)).toEqual([]);
	});

	it('finds a circle when there is one', () => {
		const graph = new Map([
			['a.ts', ['b.ts']],
			['b.ts', ['a.ts']]
		]);
		expect(circles(graph)).toEqual(['a.ts -> b.ts -> a.ts']);
	});
});
