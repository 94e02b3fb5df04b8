import { sql } from 'kysely';
import type { RateRecord } from '../../../connectors/rates/types.js';
import type { EntityManager } from '../../db/orm.js';
import type { RunCounts } from '../../sync/import-runs.js';
import { financeDb } from '../db.js';

/**
 * Writes exchange rates keyed by (source, currency, quote, period, date): a rate already held is
 * updated only if it changed, so a re-import of the same file writes nothing. One statement for
 * the whole file: the rows travel as one jsonb array.
 */
export async function loadRates(em: EntityManager, runId: number, records: readonly RateRecord[], counts: RunCounts): Promise<void> {
  const rows = JSON.stringify(records.map((r) => [r.source, r.currency, r.quote, r.period, r.date, r.rate]));
  const result = await financeDb(em)
    .with('upserted', (db) =>
      db
        .insertInto('fin_exchange_rate')
        .columns(['source', 'currency', 'quote', 'period', 'date', 'rate', 'import_run_id'])
        .expression(
          sql`select r->>0, r->>1, r->>2, r->>3, (r->>4)::date, (r->>5)::numeric, ${runId} from jsonb_array_elements(${rows}::jsonb) as r`,
        )
        .onConflict((oc) =>
          oc
            .columns(['source', 'currency', 'quote', 'period', 'date'])
            .doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate'), import_run_id: eb.ref('excluded.import_run_id') }))
            .whereRef('fin_exchange_rate.rate', '<>', 'excluded.rate'),
        )
        // xmax is 0 on a row this statement inserted, not on one it updated.
        .returning(sql<boolean>`xmax = 0`.as('inserted')),
    )
    .selectFrom('upserted')
    .select([
      sql<number>`count(*) filter (where inserted)::int`.as('loaded'),
      sql<number>`count(*) filter (where not inserted)::int`.as('updated'),
    ])
    .executeTakeFirst();
  const loaded = result?.loaded ?? 0;
  const updated = result?.updated ?? 0;
  counts.seen += records.length;
  counts.loaded += loaded;
  counts.updated += updated;
  counts.unchanged += records.length - loaded - updated;
}
