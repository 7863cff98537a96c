/** The shape of every error answer of the API: `{error: {code, message, issues?}}`. */
export interface ApiError {
	code: string;
	message: string;
	issues?: { path: (string | number)[]; message: string }[];
}
