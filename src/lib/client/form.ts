/** Field name → i18n key of its first problem. */
export type FieldErrors = Record<string, string>;

/** Turns zod issues (whose messages are i18n keys) into one message key per top-level field. */
export function fieldErrors(
	issues: readonly { path: readonly PropertyKey[]; message: string }[]
): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const field = String(issue.path[0] ?? '');
		errors[field] ??= issue.message;
	}
	return errors;
}
