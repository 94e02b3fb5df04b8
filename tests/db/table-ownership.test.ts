import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/**
 * A domain's tables are named only by its own code: every other domain (and every connector, which
 * only parses) asks the owner through a function it exports. The typed builders make the compiler
 * refuse a foreign table in a query; this test also catches one spelled inside raw SQL.
 */
const TABLE_NAME = /tableName:\s*'([a-z_]+)'/g;
const MIGRATIONS = path.join('src', 'db', 'migrations');

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(projectRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
}

/** The folder that owns a file's tables: `src/aid`, `src/sync`, … (connectors own none). */
function ownerOf(file: string): string | undefined {
  const [top, domain] = file.split(path.sep);
  return top === 'src' && domain ? path.join('src', domain) : undefined;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = [...sourceFiles('src'), ...sourceFiles('connectors')].filter((file) => !file.startsWith(MIGRATIONS));
const owners = new Map<string, string>();
for (const file of files.filter((f) => f.endsWith('.entity.ts'))) {
  for (const match of readFileSync(path.join(projectRoot, file), 'utf8').matchAll(TABLE_NAME)) {
    const owner = ownerOf(file);
    if (owner && match[1]) owners.set(match[1], owner);
  }
}

describe('table ownership', () => {
  it('finds the tables of every domain in their entities', () => {
    const byOwner = new Set(owners.values());
    expect([...byOwner].sort()).toEqual(
      ['src/aid', 'src/db', 'src/finance', 'src/mapping', 'src/registry', 'src/sync'].map((f) => f.split('/').join(path.sep)),
    );
    expect(owners.get('aid_transaction')).toBe(path.join('src', 'aid'));
  });

  it('names a table only inside the domain that owns it', () => {
    const trespasses: string[] = [];
    for (const file of files) {
      const code = withoutComments(readFileSync(path.join(projectRoot, file), 'utf8'));
      for (const [table, owner] of owners) {
        if (ownerOf(file) === owner) continue;
        if (new RegExp(`\\b${table}\\b`).test(code)) trespasses.push(`${file} names ${table} (owned by ${owner})`);
      }
    }
    expect(trespasses).toEqual([]);
  });
});
