import { authoritativeReports } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { coaCodesUnder } from '../../finance/coa-lookup.js';
import { projectionActivityIds } from './activities.js';
import { checkProjection } from './setup.js';

/** Which activities a budget officer asks for: placed under codes of a segment (any level), by alignment. */
export interface PlacedRequest {
  readonly country: string;
  readonly segment?: string | null;
  readonly codes?: readonly string[] | null;
  readonly treasury?: readonly string[] | null;
  readonly budget?: readonly string[] | null;
}

/**
 * The activities (IATI identifiers, in a stable order) placed in a country's chart under any of
 * `codes` (a vote takes its cost centres) with the alignment asked: a page, and how many in all.
 */
export async function placedActivities(
  em: EntityManager,
  request: PlacedRequest,
  page: { offset: number; limit: number },
): Promise<{ total: number; identifiers: string[] }> {
  const { filter, administrative } = await checkProjection(em, {
    country: request.country,
    segment: request.segment,
    treasury: request.treasury,
    budget: request.budget,
  });
  const codes = [...new Set(request.codes ?? [])];
  if (codes.length > 0) {
    const known = new Set((await coaCodesUnder(em, filter.country, filter.segment, codes).execute()).map((r) => r.code));
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length > 0)
      throw new TributaryError('BAD_USER_INPUT', `codes: ${unknown.join(', ')} not in segment ${filter.segment} of ${filter.country}`, {
        field: 'codes',
      });
  }
  const ids = await projectionActivityIds(
    em,
    { ...filter, under: codes.length > 0 ? { segment: filter.segment, codes } : null },
    administrative,
  );
  const slice = ids.slice(page.offset, page.offset + page.limit);
  const reports = slice.length > 0 ? await authoritativeReports(em, slice) : [];
  return { total: ids.length, identifiers: reports.map((r) => r.iatiIdentifier) };
}
