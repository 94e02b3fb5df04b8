import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { EntityManager } from '../db/orm.js';
import { TributaryError } from '../errors.js';
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
  const rows = await em.execute<{ id: number }[]>(
    `update import_run set status = 'succeeded', finished_at = clock_timestamp(), duration_ms = ?, seen = ?, loaded = ?, updated = ?,
       unchanged = ?, stale = ?, quarantined = ?, removed = ?, input_sha256 = ?, input_bytes = ? where id = ? and status = 'running' returning id`,
    [
      Math.round(performance.now() - startedAt),
      counts.seen,
      counts.loaded,
      counts.updated,
      counts.unchanged,
      counts.stale,
      counts.quarantined,
      counts.removed,
      file.sha256,
      file.bytes,
      id,
    ],
  );
  if (rows.length !== 1) throw new TributaryError('INTERRUPTED', `import run ${id} was marked interrupted before it could finish`);
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
  await em.execute(
    `update import_run set status = ?, finished_at = clock_timestamp(), duration_ms = ?, error_code = ?, error_message = ?, error_line = ?,
       error_column = ?, input_sha256 = ?, input_bytes = ? where id = ?`,
    [
      outcome,
      Math.round(performance.now() - startedAt),
      error.code,
      error.message,
      error.where.line ?? null,
      error.where.column ?? null,
      file?.sha256 ?? null,
      file?.bytes ?? null,
      id,
    ],
  );
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
