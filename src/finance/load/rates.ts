import { sql } from 'kysely';
import type { RateRecord } from '../../../connectors/rates/types.js';
import type { EntityManager } from '../../db/orm.js';
import type { RunCounts } from '../../sync/import-runs.js';
import { financeDb } from '../db.js';

/**
 * Writes exchange rates keyed by (source, currency, quote, period, date): a rate already held is
 * updated only if it changed, so a re-import of the same file writes nothing.
 */
export async function loadRates(em: EntityManager, runId: number, records: readonly RateRecord[], counts: RunCounts): Promise<void> {
  const rows = JSON.stringify(records.map((r) => [r.source, r.currency, r.quote, r.period, r.date, r.rate]));
  // One jsonb-array statement (the builder cannot spell `jsonb_array_elements` rows nor `xmax`).
  const { rows: result } = await sql<{ loaded: number; updated: number }>`
    with upserted as (
      insert into fin_exchange_rate (source, currency, quote, period, date, rate, import_run_id)
      select r->>0, r->>1, r->>2, r->>3, (r->>4)::date, (r->>5)::numeric, ${runId} from jsonb_array_elements(${rows}::jsonb) as r
      on conflict (source, currency, quote, period, date) do update set rate = excluded.rate, import_run_id = excluded.import_run_id
        where fin_exchange_rate.rate <> excluded.rate
      returning (xmax = 0) as inserted)
    select count(*) filter (where inserted)::int as loaded, count(*) filter (where not inserted)::int as updated from upserted`.execute(
    financeDb(em),
  );
  counts.seen += records.length;
  const loaded = result[0]?.loaded ?? 0;
  const updated = result[0]?.updated ?? 0;
  counts.loaded += loaded;
  counts.updated += updated;
  counts.unchanged += records.length - loaded - updated;
}
