// ESLint (flat config) with typescript-eslint. Type-aware rules run on src/, where they pay: the
// tracker must never leave a promise unhandled or throw into the page. Tests, the collector, the
// benchmark and the scripts get the recommended rules without type information.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.collector-data/', 'bench/results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-named parameters are there for a signature's sake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Issue 13: no function over 80 lines, counted as a reader counts them: comments and blank lines too.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Factories return closures, never methods that use `this`: passing `reporter._drop` along is safe.
      '@typescript-eslint/unbound-method': 'off',
      // `async` marks an interface's promise-returning member even where nothing is awaited yet.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // These two read any property of any value a page hands to track(), on purpose and always
    // inside a try: typing those reads would only hide that they are untyped.
    files: ['src/normalize/toStringValue.ts', 'src/normalize/normalizeLog.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Pages that run in a web worker.
    files: ['test/e2e/pages/*worker*.js'],
    languageOptions: { globals: { ...globals.worker, SlsWebTrack: 'readonly' } },
  },
  {
    // Tests and the benchmark poke at hostile values and page globals (`window as any`), and make sparse arrays on purpose.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-sparse-arrays': 'off' },
  },
);
