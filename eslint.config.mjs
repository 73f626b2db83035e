import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * ESLint with typescript-eslint's type-aware rules (the project's tsconfig gives the types).
 * Tests may use `any` for answers they take apart, and what follows from it.
 */
export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scratch/', '.data/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused names are the compiler's to report (noUnusedLocals, noUnusedParameters), with its rules for `_` prefixes.
      '@typescript-eslint/no-unused-vars': 'off',
      // An async function without await is how Apollo and Fastify hooks are declared.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // The enums are string unions with names: comparing one to its literal value is meant.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // A literal whose getters close over a request's data kept that data alive past young GCs
    // (see src/shared/page.ts): getters belong on a class's prototype.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ObjectExpression > Property[kind='get']",
          message: 'A getter in an object literal keeps what it closes over alive; use a class (see src/shared/page.ts).',
        },
      ],
    },
  },
  {
    // Migrations are never edited after they land: style rules do not apply to them.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Node's own globals in plain JavaScript (configs, the test's PostgreSQL process).
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { module: 'readonly', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
);
