import type { AmountKind } from '../../aid/projection-facts.js';
import type { EntityManager } from '../../db/orm.js';
import { administrativeSegment, coaAncestry, coaCodesUnderKeys } from '../../finance/coa-lookup.js';
import { budgetLinesByIds } from '../../finance/code-budget.js';
import { AidSums, type BudgetSplit } from './beside-budget.js';
import type { AidProjectionRow } from './row.js';
import { projectionRows } from './rows.js';
import { projectionActivityIds } from './activities.js';
import { checkProjection, checkSegment, labelOf } from './setup.js';

/** A code of a national chart, as finance's CoaCode entity is keyed. */
export interface CodeKey {
  readonly country: string;
  readonly segment: string;
  readonly code: string;
}

/** The aid placed at a code or below it in one fiscal year: its sums by on-budget status and its rows (activities). */
export interface CodeAid {
  readonly fiscalYear: string;
  readonly currency: string;
  readonly aid: Record<AmountKind, BudgetSplit>;
  readonly unconverted: number;
  readonly rows: AidProjectionRow[];
}

export interface AidOptions {
  readonly fiscalYears: readonly string[] | null;
  readonly currency: string | null;
}

/** A code's key as finance's lookups take it (`country|segment|code`). */
export const keyOf = (key: CodeKey) => `${key.country.toUpperCase()}|${key.segment.replace(/^coa:/, '')}|${key.code}`;

/** The codes asked, by country. */
export function byCountry(keys: readonly CodeKey[]): Map<string, CodeKey[]> {
  const groups = new Map<string, CodeKey[]>();
  for (const key of keys) {
    const country = key.country.toUpperCase();
    groups.set(country, [...(groups.get(country) ?? []), key]);
  }
  return groups;
}

/** Each code of the segment with every code it lies under (itself included), and each code's level. */
async function hierarchyOf(em: EntityManager, country: string, segment: string) {
  const above = new Map<string, Set<string>>();
  const levelOf = new Map<string, number>();
  for (const row of await coaAncestry(em, country, segment).execute()) {
    const set = above.get(row.code) ?? new Set([row.code]);
    set.add(row.ancestor);
    above.set(row.code, set);
    levelOf.set(row.ancestor, row.level);
  }
  return { above, levelOf };
}

/**
 * The aid-on-budget view's rows placed at or below each code, by fiscal year, for every code asked
 * at once: per country, the activities placed under any asked code (one statement), the codes
 * under each (one), then the view over those activities only, split by each segment asked. The
 * statements grow with the activities concerned, never with the codes. Years asked are all
 * answered, empty or not.
 */
export async function aidUnderCodes(em: EntityManager, keys: readonly CodeKey[], options: AidOptions): Promise<CodeAid[][]> {
  const answers = new Map<string, Map<string, { sums: AidSums; rows: AidProjectionRow[] }>>();
  const currencies = new Map<string, string>();
  for (const [country, group] of byCountry(keys)) {
    const projection = await checkProjection(em, { country, ...options });
    const segments = [...new Set(group.map((key) => key.segment.replace(/^coa:/, '')))];
    for (const segment of segments) checkSegment(projection, segment);
    const asked = [...new Set(group.map(keyOf))];
    const years = projection.filter.fiscalYears.map((year) => labelOf(projection.calendar, year));
    for (const key of asked) {
      answers.set(key, new Map(years.map((year) => [year, { sums: new AidSums(), rows: [] }])));
      currencies.set(key, projection.filter.currency);
    }
    const [activityIds, under] = await Promise.all([
      projectionActivityIds(em, { ...projection.filter, under: null, underKeys: asked }, projection.administrative),
      coaCodesUnderKeys(em, asked).execute(),
    ]);
    // Each placed code, and the asked codes it counts toward (itself, its ancestors).
    const toward = new Map<string, string[]>();
    for (const row of under) {
      const placed = `${row.segment}|${row.code}`;
      toward.set(placed, [...(toward.get(placed) ?? []), row.key]);
    }
    for await (const row of projectionRows(em, projection, { activityIds, segments })) {
      if (row.code === null) continue;
      for (const key of toward.get(`${row.segment}|${row.code}`) ?? []) {
        const byYear = answers.get(key)!;
        const year = byYear.get(row.fiscalYearLabel) ?? { sums: new AidSums(), rows: [] };
        year.sums.add(row);
        year.rows.push(row);
        byYear.set(row.fiscalYearLabel, year);
      }
    }
  }
  return keys.map((key) => {
    const byYear = answers.get(keyOf(key)) ?? new Map();
    const currency = currencies.get(keyOf(key)) ?? '';
    return [...byYear.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fiscalYear, { sums, rows }]) => ({ fiscalYear, currency, aid: sums.splits(), unconverted: sums.unconverted, rows }));
  });
}

/**
 * The aid beside each budget line (by id): what is placed in the line's code of `segment` (default
 * the administrative one), rolled up to `level` (1: the vote; null: the line's own code), in the
 * line's fiscal year. The lines come from finance's exported lookup.
 */
export async function aidBesideLines(
  em: EntityManager,
  ids: readonly number[],
  options: { segment: string | null; level: number | null; currency: string | null },
): Promise<(CodeAid | null)[]> {
  const lines = new Map((await budgetLinesByIds(em, ids)).map((line) => [line.id, line]));
  const codeOf = new Map<number, CodeKey>();
  const hierarchies = new Map<string, Awaited<ReturnType<typeof hierarchyOf>>>();
  const administrative = new Map<string, string | null>();
  for (const line of lines.values()) {
    if (!options.segment && !administrative.has(line.country))
      administrative.set(line.country, await administrativeSegment(em, line.country));
    const segment = options.segment?.replace(/^coa:/, '') ?? administrative.get(line.country) ?? null;
    const code = segment ? line.codes[segment] : undefined;
    if (!segment || code === undefined) continue;
    const chart = `${line.country}|${segment}`;
    let hierarchy = hierarchies.get(chart);
    if (!hierarchy) {
      hierarchy = await hierarchyOf(em, line.country, segment);
      hierarchies.set(chart, hierarchy);
    }
    const above = [...(hierarchy.above.get(code) ?? [code])];
    const atLevel = options.level === null ? code : (above.find((c) => hierarchy.levelOf.get(c) === options.level) ?? code);
    codeOf.set(line.id, { country: line.country, segment, code: atLevel });
  }
  const keys = [...codeOf.values()];
  const years = [...new Set([...lines.values()].map((line) => line.fiscalYear))];
  const aid = await aidUnderCodes(em, keys, { fiscalYears: years, currency: options.currency });
  const byKey = new Map(keys.map((key, i) => [keyOf(key), aid[i] ?? []]));
  return ids.map((id) => {
    const line = lines.get(id);
    const key = codeOf.get(id);
    if (!line || !key) return null;
    return byKey.get(keyOf(key))?.find((year) => year.fiscalYear === line.fiscalYear) ?? null;
  });
}
