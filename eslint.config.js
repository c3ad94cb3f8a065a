import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The core is platform-neutral: no chat SDK, no storage engine, no HTTP client.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*', '@slack/*', 'keyv', '@keyv/*', 'rss-parser', 'node-cron', '@resvg/*'], message: 'core/ imports no SDK or engine' },
          { group: ['**/adapters/**', '**/store/**', '**/feeds/**', '**/app/**', '**/delivery/**', '**/quotes/**', '**/charts/**'], message: 'core/ must not import the edges' },
        ],
      }],
    },
  },
);
