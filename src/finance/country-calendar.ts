import type { EntityManager } from '../db/orm.js';
import { financeDb } from './db.js';

/** A country's fiscal year, as finance holds it: the month it starts (1–12) and how its years are named. */
export interface FiscalCalendar {
  readonly country: string;
  readonly startMonth: number;
  readonly label: string | null;
  /** The national currency (ISO 4217). */
  readonly currency: string;
}

/** The fiscal calendar of `country` (ISO code, upper case), or null when finance has no chart of accounts for it. */
export async function countryCalendar(em: EntityManager, country: string): Promise<FiscalCalendar | null> {
  const row = await financeDb(em)
    .selectFrom('fin_country')
    .select(['country', 'fiscal_year_start_month as startMonth', 'fiscal_year_label as label', 'currency'])
    .where('country', '=', country)
    .executeTakeFirst();
  return row ?? null;
}
