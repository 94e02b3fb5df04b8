import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { catalogDb, leftOut, sequenceNames } from '../../src/db/backup/catalog.js';
import { KEPT_ACROSS_RESTORES } from '../../src/sync/backups.js';
import type { Orm } from '../../src/db/orm.js';

/**
 * Backup files rewritten as an attacker or a damaged disk would (lines changed, the checksum made
 * to match again or not), and every table's content as one digest, for "equal" and "unchanged".
 */
export async function rewriteBackup(
  from: string,
  to: string,
  change: (lines: string[]) => string[],
  options: { readonly fixChecksum: boolean } = { fixChecksum: true },
): Promise<void> {
  const lines = gunzipSync(await readFile(from))
    .toString('utf8')
    .split('\n')
    .slice(0, -1);
  const end = lines.pop() ?? '';
  const body = change(lines);
  const trailer = JSON.parse(end.slice(2)) as { rows: Record<string, number>; sha256: string };
  if (options.fixChecksum)
    trailer.sha256 = createHash('sha256')
      .update(body.map((l) => `${l}\n`).join(''))
      .digest('hex');
  await writeFile(to, gzipSync([...body, `E ${JSON.stringify(trailer)}`, ''].join('\n')));
}

/** Each table's row count and the MD5 of its rows (as sorted JSON), and each sequence's value. */
export async function databaseDigest(orm: Orm): Promise<Record<string, string>> {
  const db = catalogDb(orm.em.fork());
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
    db,
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    if (leftOut(KEPT_ACROSS_RESTORES).includes(name)) continue;
    const { rows } = await sql<{ n: number; md5: string | null }>`
      select count(*)::int as n, md5(string_agg(j, E'\n' order by j)) as md5
      from (select to_jsonb(t)::text as j from ${sql.table(name)} t) rows`.execute(db);
    digest[name] = `${rows[0]?.n} ${rows[0]?.md5 ?? ''}`;
  }
  for (const name of await sequenceNames(db, KEPT_ACROSS_RESTORES)) {
    const { rows } = await sql<{ v: string }>`select last_value::text || ' ' || is_called::text as v from ${sql.table(name)}`.execute(db);
    digest[`sequence ${name}`] = rows[0]?.v ?? '';
  }
  return digest;
}
