/**
 * A rune-backed box for component tests written in plain .ts (where runes are not compiled): pass its
 * `value` through getter/setter props and a component's `$bindable` prop behaves as with `bind:value`.
 */
export function reactiveBox<T>(initial: T): { value: T } {
	const box = $state({ value: initial });
	return box;
}
