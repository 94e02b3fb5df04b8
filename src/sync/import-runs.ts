import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { TributaryError } from '../errors.js';
import { syncDb } from './db.js';
import type { RunOutcome } from './run-states.js';

/** Records import runs' counts and outcomes (run-claim.ts starts them). Every connector's import goes through runImport. */
export interface RunCounts {
  seen: number;
  loaded: number;
  updated: number;
  unchanged: number;
  stale: number;
  quarantined: number;
  removed: number;
}

export function emptyCounts(): RunCounts {
  return { seen: 0, loaded: 0, updated: 0, unchanged: 0, stale: 0, quarantined: 0, removed: 0 };
}

/**
 * Writes a run's success inside the import's own transaction, so the data and the `succeeded`
 * commit together. Refuses (and so rolls the import back) when the run is no longer `running`:
 * something marked it interrupted meanwhile.
 */
export async function finishRun(em: EntityManager, id: number, counts: RunCounts, file: FileFacts, startedAt: number): Promise<void> {
  const row = await syncDb(em)
    .updateTable('import_run')
    .set({
      status: 'succeeded',
      finished_at: sql<string>`clock_timestamp()`,
      duration_ms: Math.round(performance.now() - startedAt),
      seen: counts.seen,
      loaded: counts.loaded,
      updated: counts.updated,
      unchanged: counts.unchanged,
      stale: counts.stale,
      quarantined: counts.quarantined,
      removed: counts.removed,
      input_sha256: file.sha256,
      input_bytes: file.bytes,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new TributaryError('INTERRUPTED', `import run ${id} was marked interrupted before it could finish`);
}

/** Written after the import's own transaction rolled back, so only this row remains of the attempt. */
export async function endRun(
  em: EntityManager,
  id: number,
  outcome: Exclude<RunOutcome, 'succeeded'>,
  error: TributaryError,
  startedAt: number,
  file: FileFacts | null,
): Promise<void> {
  await syncDb(em)
    .updateTable('import_run')
    .set({
      status: outcome,
      finished_at: sql<string>`clock_timestamp()`,
      duration_ms: Math.round(performance.now() - startedAt),
      error_code: error.code,
      error_message: error.message,
      error_line: error.where.line ?? null,
      error_column: error.where.column ?? null,
      input_sha256: file?.sha256 ?? null,
      input_bytes: file?.bytes ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** True when an input with this SHA-256 was already imported successfully from `source`. */
export async function alreadyImported(em: EntityManager, source: string, sha256: string): Promise<boolean> {
  const row = await syncDb(em)
    .selectFrom('import_run')
    .select('id')
    .where('source', '=', source)
    .where('status', '=', 'succeeded')
    .where('input_sha256', '=', sha256)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface FileFacts {
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * SHA-256 and size of a file, or of a folder (its files' relative paths and contents, in name
 * order, e.g. a DMFAS export); `signal` stops reading (a rejected import need not hash the rest).
 */
export async function fileFacts(path: string, signal?: AbortSignal): Promise<FileFacts> {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .sort()
    : [path];
  for (const file of files) {
    if (file !== path) hash.update(`${relative(path, file)}\n`);
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024, signal }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  }
  return { sha256: hash.digest('hex'), bytes };
}
