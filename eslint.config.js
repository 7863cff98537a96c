import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// Lapak is served from the root with no `paths.base`, so plain '/app/…' links are already resolved.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		// The domain is shared by the phone and the server: it imports neither, nor Svelte or Dexie.
		files: ['src/lib/domain/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'$lib/client',
								'$lib/client/*',
								'$lib/server',
								'$lib/server/*',
								'../client/*',
								'../server/*'
							],
							message: 'src/lib/domain is shared by the phone and the server: it imports neither.'
						},
						{
							group: ['dexie', 'svelte', 'svelte/*', 'kysely', '$app/*'],
							message: 'src/lib/domain is pure TypeScript.'
						}
					]
				}
			]
		}
	},
	{
		// Server code never reaches the phone (SvelteKit refuses it at build time); say so at lint time too.
		files: ['src/lib/client/**/*.ts', 'src/lib/components/**/*.svelte', 'src/routes/app/**/*.{ts,svelte}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/server', '$lib/server/*', '../server/*', '../../server/*'],
							message: 'The phone does not import server code.'
						}
					]
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{ ignores: ['build/', '.svelte-kit/', 'data/', 'test-results/', 'playwright-report/', 'node_modules/'] }
);
