import tseslint from 'typescript-eslint';

const EXECUTE = "CallExpression[callee.type='MemberExpression'][callee.property.name='execute']";

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'scratch/**', 'src/db/migrations/Migration*.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' }],
    },
  },
  { files: ['src/config.ts', 'tests/**', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  {
    // Queries go through the domain's typed builder; a raw statement is typed at its result.
    files: ['src/**/*.ts', 'connectors/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `AwaitExpression:not(ExpressionStatement > AwaitExpression) > ${EXECUTE}[callee.object.type='TaggedTemplateExpression'][callee.object.tag.name='sql']:not([callee.object.typeArguments])`,
          message: 'A raw statement whose result is read is typed at its result: sql<Row>`…`.',
        },
        {
          selector: `${EXECUTE}[arguments.0.type=/^(Literal|TemplateLiteral)$/]`,
          message: "No SQL strings through em.execute: use the domain's typed builder (aidDb, financeDb, …) or a typed sql<Row>`…`.",
        },
      ],
    },
  },
);
