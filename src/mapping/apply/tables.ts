import type { EntityManager } from '../../db/orm.js';
import { coaCodes, coaSegments } from '../../finance/coa-lookup.js';
import { mappingDb } from '../db.js';
import type { Charts } from './activity.js';
import type { ChartSegment } from './resolve.js';
import { RuleIndex } from './rule-index.js';

/** The national charts of accounts, as finance loaded them. */
export async function loadCharts(em: EntityManager): Promise<Charts> {
  const segments = await coaSegments(em);
  const codes = await coaCodes(em);
  const charts = new Map<string, Map<string, ChartSegment & { codes: Set<string> }>>();
  for (const s of segments) {
    const chart = charts.get(s.country) ?? new Map();
    chart.set(s.segment, { id: s.segment, kind: s.kind, classification: s.classification, codes: new Set<string>() });
    charts.set(s.country, chart);
  }
  for (const c of codes) charts.get(c.country)?.get(c.segment)?.codes.add(c.code);
  return charts;
}

export async function loadActiveRules(em: EntityManager): Promise<RuleIndex> {
  const rules = await mappingDb(em)
    .selectFrom('map_rule')
    .select([
      'id',
      'country',
      'source_scheme as sourceScheme',
      'source_code as sourceCode',
      'target_scheme as targetScheme',
      'target_code as targetCode',
      'share',
      'valid_from as validFrom',
      'valid_to as validTo',
    ])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return new RuleIndex(rules);
}
