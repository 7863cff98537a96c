// Drawn on the server when prerendered, then hydrated: the form is painted before any script runs.
export const ssr = true;
