import { sql } from 'kysely';
import { BUDGET_STAGES, type BudgetRecord } from '../../../connectors/ifmis/types.js';
import type { EntityManager } from '../../db/orm.js';
import type { RunCounts } from '../../sync/import-runs.js';
import { financeDb, type FinanceDB } from '../db.js';

/** The tables a budget import writes (to ANALYZE once it commits). */
export const BUDGET_TABLES = ['fin_budget_dataset', 'fin_budget_line'] as const satisfies readonly (keyof FinanceDB)[];

/**
 * Writes a budget export: one dataset per (country, export, fiscal year); its lines are keyed by
 * their codes, so a re-import updates changed amounts, adds new lines, removes the lines the
 * export no longer has (at `finish`), and leaves identical lines untouched. Lines arrive in
 * batches, so writing can overlap reading; all of it happens inside the import's transaction.
 */
export function lineKey(record: BudgetRecord, segmentOrder: readonly string[]): string {
  return segmentOrder.map((segment) => record.codes[segment] ?? '').join('|');
}

interface Dataset {
  readonly id: number;
  readonly order: readonly string[];
  readonly keys: string[];
}

/** The connector's stages are fin_budget_line's amount columns (the compiler checks they are). */
const STAGE_COLUMNS: readonly (keyof FinanceDB['fin_budget_line'])[] = BUDGET_STAGES;
const stages = sql.raw(STAGE_COLUMNS.join(', '));
const stageValues = sql.raw(STAGE_COLUMNS.map((_stage, i) => `(r->>${i + 4})::numeric`).join(', '));
const stageAssignments = sql.raw(STAGE_COLUMNS.map((stage) => `${stage} = excluded.${stage}`).join(', '));
const changed = sql.raw(STAGE_COLUMNS.map((stage) => `fin_budget_line.${stage} is distinct from excluded.${stage}`).join(' or '));

export class BudgetWriter {
  private readonly datasets = new Map<string, Promise<Dataset>>();

  constructor(
    private readonly em: EntityManager,
    private readonly runId: number,
    /** The column map's name: which IFMIS export this is. */
    private readonly exportName: string,
    private readonly input: string,
    private readonly counts: RunCounts,
    /** The chart's segments in order: a line's key is its codes in this order. */
    private readonly segmentOrder: readonly string[],
  ) {}

  async write(records: readonly BudgetRecord[]): Promise<void> {
    const groups = new Map<string, BudgetRecord[]>();
    for (const record of records) {
      const key = `${record.country}|${record.fiscalYear}`;
      const group = groups.get(key) ?? [];
      if (group.length === 0) groups.set(key, group);
      group.push(record);
    }
    for (const [key, group] of groups) await this.writeGroup(await this.dataset(key, group[0] as BudgetRecord), group);
  }

  /** Removes, from every dataset written, the lines this export no longer has. */
  async finish(): Promise<void> {
    const db = financeDb(this.em);
    for (const pending of this.datasets.values()) {
      const dataset = await pending;
      // An anti-join, so PostgreSQL can hash the keys: `<> all(array)` would compare every pair.
      const keys = sql`(select 1 from jsonb_array_elements_text(${JSON.stringify(dataset.keys)}::jsonb) as k(key) where k.key = fin_budget_line.line_key)`;
      const gone = await db
        .with('gone', (db) =>
          db
            .deleteFrom('fin_budget_line')
            .where('dataset_id', '=', dataset.id)
            .where((eb) => eb.not(eb.exists(keys)))
            .returning(sql<number>`1`.as('one')),
        )
        .selectFrom('gone')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst();
      this.counts.removed += gone?.n ?? 0;
    }
  }

  private dataset(key: string, first: BudgetRecord): Promise<Dataset> {
    let pending = this.datasets.get(key);
    if (!pending) {
      pending = this.openDataset(first);
      this.datasets.set(key, pending);
    }
    return pending;
  }

  private async openDataset(first: BudgetRecord): Promise<Dataset> {
    const { id } = await financeDb(this.em)
      .insertInto('fin_budget_dataset')
      .values({
        country: first.country,
        name: this.exportName,
        fiscal_year: first.fiscalYear,
        currency: first.currency,
        input: this.input,
        import_run_id: this.runId,
      })
      .onConflict((oc) =>
        oc.columns(['country', 'name', 'fiscal_year']).doUpdateSet((eb) => ({
          currency: eb.ref('excluded.currency'),
          input: eb.ref('excluded.input'),
          import_run_id: eb.ref('excluded.import_run_id'),
          loaded_at: sql<string>`now()`,
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, order: this.segmentOrder, keys: [] };
  }

  private async writeGroup(dataset: Dataset, group: readonly BudgetRecord[]): Promise<void> {
    const lines = group.map((r) => {
      const key = lineKey(r, dataset.order);
      dataset.keys.push(key);
      return [key, r.codes, r.currency, r.row, ...BUDGET_STAGES.map((stage) => r.amounts[stage] ?? null)];
    });
    const first = group[0] as BudgetRecord;
    // The jsonb-array bulk upsert counting inserts by `xmax` (the budget import's speed): raw, typed at its result.
    const { rows } = await sql<{ loaded: number; updated: number }>`
      with upserted as (
        insert into fin_budget_line (dataset_id, country, fiscal_year, line_key, codes, currency, source_row, ${stages})
        select ${dataset.id}, ${first.country}, ${first.fiscalYear}, r->>0, r->1, r->>2, (r->>3)::int, ${stageValues}
        from jsonb_array_elements(${JSON.stringify(lines)}::jsonb) as r
        on conflict (dataset_id, line_key) do update set currency = excluded.currency, source_row = excluded.source_row, ${stageAssignments}
          where ${changed} or fin_budget_line.currency <> excluded.currency
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as loaded, count(*) filter (where not inserted)::int as updated from upserted`.execute(
      financeDb(this.em),
    );
    const loaded = rows[0]?.loaded ?? 0;
    const updated = rows[0]?.updated ?? 0;
    this.counts.seen += group.length;
    this.counts.loaded += loaded;
    this.counts.updated += updated;
    this.counts.unchanged += group.length - loaded - updated;
  }
}
