import type { Orm } from '../../src/db/orm.js';

/** What an import left in its log tables, read back for assertions. */
export interface ImportRunRow {
  readonly id: number;
  readonly input: string;
  readonly status: string;
  readonly seen: number;
  readonly loaded: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly stale: number;
  readonly quarantined: number;
  readonly error_code: string | null;
  readonly error_message: string | null;
  readonly error_line: number | null;
}

export interface QuarantineRow {
  readonly input: string;
  readonly line: number;
  readonly record_id: string | null;
  readonly field: string;
  readonly code: string;
  readonly reason: string;
}

export async function importRunRow(orm: Orm, id: number): Promise<ImportRunRow | undefined> {
  const [row] = await orm.em.fork().execute<ImportRunRow[]>(
    `select id, input, status, seen, loaded, updated, unchanged, stale, quarantined, error_code, error_message, error_line
         from import_run where id = ?`,
    [id],
  );
  return row;
}

export async function importRunCount(orm: Orm): Promise<number> {
  const [row] = await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from import_run`);
  return row?.n ?? 0;
}

export async function quarantineRows(orm: Orm, runId: number): Promise<QuarantineRow[]> {
  return orm.em
    .fork()
    .execute<QuarantineRow[]>(
      `select input, line, record_id, field, code, reason from import_quarantine where import_run_id = ? order by line, id`,
      [runId],
    );
}
