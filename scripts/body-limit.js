// adapter-node's own request body limit (its BODY_SIZE_LIMIT env, 512 KB by default), answered with a bare 413
// before the app runs. It must sit above the API's MAX_BODY_BYTES (5 MB, src/lib/domain/mutations.ts) and the
// photo limit (2 MB, src/lib/server/api.ts) so the API's own JSON 413 answers first and bodies up to those limits
// get through. Used by start.js and the test server.
export const ADAPTER_BODY_SIZE_LIMIT = String(6 * 1024 * 1024);
