import { badInput } from '../../graphql/errors.js';
import type { FiscalCalendarConfig } from '../coa/types.js';
import type { FinanceContext } from '../context.js';

/** The fiscal calendar of a country the hub holds, or a BAD_USER_INPUT naming the country. */
export async function calendarOf(ctx: FinanceContext, country: string): Promise<FiscalCalendarConfig> {
  const row = await ctx.loaders.country.load(country.toUpperCase());
  if (!row) throw badInput(`no chart of accounts or fiscal calendar for country "${country}" (see mappings/coa/)`, 'country');
  return { startMonth: row.fiscalYearStartMonth, ...(row.fiscalYearLabel ? { label: row.fiscalYearLabel } : {}) };
}
