import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TESTS, POSTGRESQL_TESTS, SPLIT_ONLY, SPLIT_TESTS, UNIT_TESTS } from '../vitest.config.js';

/**
 * The test projects (vitest.config.ts): every test file runs in exactly one of `unit`, `e2e`,
 * `postgresql` and the split-only files of `split` (which runs some e2e files a second time, served split),
 * and a unit test reaches no database, served hub, spawned CLI or browser — through these helpers,
 * directly or through a test folder's own support file.
 */
const E2E_HELPERS = /support\/(db|hub|cli|browser)\.js|graph-support\.js|src\/db\/orm\.js|node:child_process/;

const files = (patterns: readonly string[]) => new Set(patterns.flatMap((pattern) => globSync(pattern)));
const all = [...files([ALL_TESTS])].sort();
const unit = files(UNIT_TESTS);
const splitOnly = files([SPLIT_ONLY]);
const postgresql = files(POSTGRESQL_TESTS);
const e2e = new Set(all.filter((file) => !unit.has(file) && !splitOnly.has(file) && !postgresql.has(file)));

/** The file's own imports and those of the non-test files under tests/ it imports (one level). */
function reaches(file: string): string[] {
  const specifiers = (source: string) => [...readFileSync(source, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
  const direct = specifiers(file);
  const helpers = direct
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.join(path.dirname(file), specifier).replace(/\.js$/, '.ts'))
    .filter((helper) => helper.startsWith('tests') && !helper.endsWith('.test.ts'));
  return [...direct, ...helpers.flatMap((helper) => specifiers(helper).map((s) => `${helper}: ${s}`))];
}

describe('the unit and e2e test projects', () => {
  it('every unit pattern names at least one file, and each file is in exactly one project', () => {
    expect(UNIT_TESTS.filter((pattern) => globSync(pattern).length === 0)).toEqual([]);
    expect(all.length).toBeGreaterThan(50);
    expect(
      all.filter(
        (file) => Number(unit.has(file)) + Number(e2e.has(file)) + Number(splitOnly.has(file)) + Number(postgresql.has(file)) !== 1,
      ),
    ).toEqual([]);
    expect(POSTGRESQL_TESTS.filter((pattern) => globSync(pattern).length === 0)).toEqual([]);
    expect([...unit].filter((file) => !all.includes(file))).toEqual([]);
  });

  it('no unit test opens a database or starts a process', () => {
    const offenders = [...unit].flatMap((file) =>
      reaches(file)
        .filter((s) => E2E_HELPERS.test(s))
        .map((s) => `${file} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the split project needs PostgreSQL: CI leaves it out of the PGlite pass and selects it by name in the PostgreSQL pass', () => {
    expect(SPLIT_TESTS.filter((pattern) => globSync(pattern).length === 0)).toEqual([]);
    expect(splitOnly.size).toBeGreaterThan(0);
    expect([...files(SPLIT_TESTS)].filter((file) => unit.has(file))).toEqual([]);
    const ci = readFileSync('.ci/run', 'utf8');
    const pglite = /^env -u DATABASE_URL npm test(.*)$/m.exec(ci)?.[1] ?? '';
    const postgresql = /^DATABASE_URL=.* npm test(.*)$/m.exec(ci)?.[1] ?? '';
    expect(pglite).toContain('--project unit --project e2e');
    expect(pglite).not.toContain('split');
    expect(postgresql).toContain('--project split');
  });
});
