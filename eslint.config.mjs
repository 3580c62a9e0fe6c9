// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'client/schema.d.ts',
      'data/**',
      'jest.config.js',
      'test/support/content-disposition.cjs',
      'eslint.config.mjs',
      '.dependency-cruiser.cjs',
      'test/fixtures/boundaries/dependency-cruiser.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain is plain TypeScript: no framework, ORM, validation or HTTP imports.
    files: ['src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'class-validator',
                'class-transformer',
                'express',
                'pg',
                'minio',
                'pdfmake',
                'telegraf',
                'nestjs-telegraf',
                'winston',
              ],
              message: 'The domain layer must stay free of frameworks and infrastructure.',
            },
            {
              group: ['**/infrastructure/**', '**/api/**', '**/application/**'],
              message: 'The domain depends on nothing outside itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // The application layer talks to vendors only through ports.
    files: ['src/**/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'minio',
                'pdfmake',
                'pdfmake/*',
                'telegraf',
                'nestjs-telegraf',
                'argon2',
                'pg',
                'express',
              ],
              message: 'Use a port; adapters live in infrastructure/.',
            },
            {
              group: ['**/infrastructure/**', '**/api/**'],
              message: 'Application code depends on ports, not adapters or controllers.',
            },
          ],
        },
      ],
    },
  },
  {
    // process.env is read only in src/config.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig (src/config).' },
      ],
    },
  },
  {
    files: [
      'scripts/**/*.{ts,js}',
      'bench/**/*.{ts,js}',
      'test/**/*.ts',
      'web/e2e/**/*.ts',
      'web/screenshots/**/*.js',
      'src/main.ts',
      'src/keys-rotate.ts',
      'src/cli.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['bench/**/*.js', 'scripts/**/*.js', 'web/screenshots/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    // plain Node scripts: their globals (fetch, URL, Buffer, …) are Node's
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-undef': 'off' },
  },
  {
    // ES-module Node scripts (build and CI helpers): Node's globals, output on stdout
    files: ['scripts/**/*.mjs'],
    rules: { 'no-undef': 'off', 'no-console': 'off' },
  },
);
