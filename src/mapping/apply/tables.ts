import { sql } from 'kysely';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import type { Charts } from './activity.js';
import type { ChartSegment } from './resolve.js';
import { RuleIndex, type Rule } from './rule-index.js';

/** The national charts of accounts, as finance loaded them. */
export async function loadCharts(em: EntityManager): Promise<Charts> {
  const segments = await select(
    em,
    sql<{ country: string; segment: string; kind: string; classification: string | null }>`select country, segment, kind, classification
      from fin_coa_segment order by country, seq`,
  );
  const codes = await select(em, sql<{ country: string; segment: string; code: string }>`select country, segment, code from fin_coa_code`);
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
  const rules = await select(
    em,
    sql<Rule>`select id, country, source_scheme as "sourceScheme", source_code as "sourceCode", target_scheme as "targetScheme",
      target_code as "targetCode", share::text as share, valid_from as "validFrom", valid_to as "validTo"
      from map_rule where status = 'active' order by id`,
  );
  return new RuleIndex(rules);
}
