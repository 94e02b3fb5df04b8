import { sql, type Selectable } from 'kysely';
import type { Rejected } from '../../connectors/source.js';
import type { EntityManager } from '../db/orm.js';
import { syncDb, type SyncDB } from './db.js';

type QuarantineRow = Selectable<SyncDB['import_quarantine']>;

/**
 * Keeps the rejected records of a batch, with their reasons, in the import run's quarantine (one
 * statement: the rows travel as one JSON parameter).
 */
export async function quarantine(em: EntityManager, runId: number, rejected: readonly Rejected[]): Promise<void> {
  if (rejected.length === 0) return;
  const json = JSON.stringify(
    rejected.map((r) => ({
      line: r.line,
      record_id: r.recordId,
      field: r.field,
      code: r.code,
      reason: r.reason,
      excerpt: r.excerpt,
      input: r.file,
    })),
  );
  await syncDb(em)
    .insertInto('import_quarantine')
    .columns(['import_run_id', 'input', 'line', 'record_id', 'field', 'code', 'reason', 'excerpt'])
    .expression((eb) =>
      eb
        .selectFrom(sql<QuarantineRow>`json_populate_recordset(null::import_quarantine, ${json}::json)`.as('x'))
        .select([
          sql<number>`${runId}::int`.as('import_run_id'),
          'x.input',
          'x.line',
          'x.record_id',
          'x.field',
          'x.code',
          'x.reason',
          'x.excerpt',
        ]),
    )
    .execute();
}
