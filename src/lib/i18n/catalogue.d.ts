// `…/id.json?phone`, `…/id.json?first-screen` (and en.json): parts of the phone's words, made at build
// time by vite.config.ts's `phoneMessages` plugin from the sections named in ./sections.js.
declare module '*.json?phone' {
	const messages: { [section: string]: import('./lookup').MessageTree };
	export default messages;
	/** en.json's part only: marks its chunk as kept by the worker once fetched, not precached. */
	export const RUNTIME_CACHED: string | undefined;
}

declare module '*.json?first-screen' {
	const messages: { [section: string]: import('./lookup').MessageTree };
	export default messages;
}
