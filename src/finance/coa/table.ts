import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { rulesTargetingCoaCodes } from '../../mapping/coa-usage.js';
import { financeDb } from '../db.js';
import type { Coa } from './coa.js';
import { CoaProblems } from './problems.js';
import type { CoaCode } from './types.js';

/**
 * Writes a validated chart of accounts as a new version of its country's chart, in the caller's
 * transaction. A chart identical to the current version writes nothing. A version that drops
 * codes budget lines or active mapping rules still use is refused, naming them, unless each is
 * retired explicitly: a retired code stays (lines and rules keep its name) but no new budget
 * line may use it. Unused codes that are dropped are removed.
 */
export interface ChartWriteOptions {
  /** `load` (`tributary coa load`) or `reference` (a shipped example, at start). */
  readonly origin: 'load' | 'reference';
  /** Where the chart came from, for the version's record. */
  readonly input: string;
  readonly by: string;
  /** `segment:code` of each dropped code to retire although it is used. */
  readonly retire?: readonly string[];
}

export interface ChartWritten {
  readonly country: string;
  readonly version: number;
  /** false: the chart was the current version already (or a reference chart under a loaded one). */
  readonly written: boolean;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly retired: readonly string[];
}

type StoredCode = CoaCode & { readonly segment: string; readonly retired: boolean };

/** The chart's content: a load with the same fingerprint as the current version is that version. */
export function chartFingerprint(coa: Coa): string {
  const segments = [...coa.segments.values()].map((s) => [s.config, [...s.codes.values()]]);
  const { segments: _configs, ...country } = coa.config;
  return createHash('sha256')
    .update(JSON.stringify([country, segments]))
    .digest('hex');
}

export async function writeChart(em: EntityManager, coa: Coa, options: ChartWriteOptions): Promise<ChartWritten> {
  const db = financeDb(em);
  const country = coa.config.country;
  const fingerprint = chartFingerprint(coa);
  const current = await db.selectFrom('fin_country').select(['origin', 'version']).where('country', '=', country).executeTakeFirst();
  const latest = await db
    .selectFrom('fin_coa_version')
    .select(['version', 'fingerprint'])
    .where('country', '=', country)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unchanged = { country, version: current?.version ?? 0, written: false, added: 0, changed: 0, removed: 0, retired: [] };
  if (options.origin === 'reference' && current?.origin === 'load') return unchanged;
  if (current && latest?.fingerprint === fingerprint && current.origin === options.origin) return unchanged;
  const stored = await storedCodes(em, country);
  const { added, changed, dropped } = compare(coa, stored);
  const retired = await settleDropped(em, country, dropped, options);
  const version = (latest?.version ?? current?.version ?? 0) + 1;
  const kept = [...stored.values()].filter((code) => code.retired && !coa.segment(code.segment)?.codes.has(code.code));
  const retiredRows = [...kept, ...dropped.filter((code) => retired.includes(`${code.segment}:${code.code}`))].map((code) => ({
    ...code,
    retired: true,
  }));
  await replaceRows(em, coa, retiredRows, { origin: options.origin, version });
  await db
    .insertInto('fin_coa_version')
    .values({
      country,
      version,
      fingerprint,
      origin: options.origin,
      input: options.input,
      loaded_by: options.by,
      added,
      changed,
      retired_codes: sql<string[]>`${JSON.stringify(retired)}::jsonb`,
    })
    .execute();
  return { country, version, written: true, added, changed, removed: dropped.length - retired.length, retired };
}

async function storedCodes(em: EntityManager, country: string): Promise<Map<string, StoredCode>> {
  const rows = await financeDb(em)
    .selectFrom('fin_coa_code')
    .select(['segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias', 'cofog', 'retired'])
    .where('country', '=', country)
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.segment}:${r.code}`,
      { ...r, nameEn: r.name_en, nameFr: r.name_fr, nameEs: r.name_es, retired: Boolean(r.retired) } satisfies StoredCode,
    ]),
  );
}

const SAME: readonly (keyof CoaCode)[] = ['parent', 'level', 'name', 'nameEn', 'nameFr', 'nameEs', 'alias', 'cofog'];

function compare(coa: Coa, stored: ReadonlyMap<string, StoredCode>) {
  let added = 0;
  let changed = 0;
  const present = new Set<string>();
  for (const segment of coa.segments.values()) {
    for (const code of segment.codes.values()) {
      const key = `${segment.config.id}:${code.code}`;
      present.add(key);
      const before = stored.get(key);
      if (!before || before.retired) added += 1;
      else if (SAME.some((field) => (before[field] ?? null) !== (code[field] ?? null))) changed += 1;
    }
  }
  const dropped = [...stored.entries()].filter(([key, code]) => !code.retired && !present.has(key)).map(([, code]) => code);
  return { added, changed, dropped };
}

/** The dropped codes to keep as retired; throws when a used one is not retired, or `retire` names a code not dropped. */
async function settleDropped(em: EntityManager, country: string, dropped: readonly StoredCode[], options: ChartWriteOptions) {
  const problems = new CoaProblems();
  const droppedKeys = new Set(dropped.map((code) => `${code.segment}:${code.code}`));
  for (const asked of options.retire ?? []) {
    if (!droppedKeys.has(asked)) problems.add(options.input, undefined, 'retire', `${asked} is not a code this version drops`);
  }
  const lines = await budgetLinesUsing(em, country, dropped);
  const rules = await rulesTargetingCoaCodes(em, country, dropped);
  const uses = new Map<string, string[]>();
  for (const use of lines) uses.set(`${use.segment}:${use.code}`, [`${use.lines} budget line${use.lines === 1 ? '' : 's'}`]);
  for (const use of rules) {
    const key = `${use.segment}:${use.code}`;
    uses.set(key, [...(uses.get(key) ?? []), `${use.rules} mapping rule${use.rules === 1 ? '' : 's'}`]);
  }
  const retire = new Set(options.origin === 'reference' ? uses.keys() : (options.retire ?? []));
  for (const [key, by] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
    if (retire.has(key)) continue;
    const [segment, ...code] = key.split(':');
    problems.add(
      options.input,
      undefined,
      segment,
      `drops code ${code.join(':')} of segment ${segment}, still used by ${by.join(' and ')}: keep it, or retire it (--retire ${key})`,
    );
  }
  problems.throwIfAny(`the chart of accounts of ${country}`);
  return [...retire].filter((key) => droppedKeys.has(key)).sort();
}

/** How many of the country's budget lines name each of these codes. */
async function budgetLinesUsing(em: EntityManager, country: string, codes: readonly StoredCode[]) {
  if (codes.length === 0) return [];
  const keys = codes.map((code) => `${code.segment}:${code.code}`);
  // jsonb_each_text has no builder form: raw, typed at its result.
  const { rows } = await sql<{ segment: string; code: string; lines: number }>`
    select e.key as segment, e.value as code, count(*)::int as lines
    from fin_budget_line l cross join lateral jsonb_each_text(l.codes) as e
    where l.country = ${country} and e.key || ':' || e.value = any(${sql.val(keys)}::text[])
    group by e.key, e.value`.execute(financeDb(em));
  return rows;
}

async function replaceRows(em: EntityManager, coa: Coa, retired: readonly StoredCode[], state: { origin: string; version: number }) {
  const db = financeDb(em);
  const country = coa.config.country;
  for (const table of ['fin_coa_ancestor', 'fin_coa_code', 'fin_coa_segment', 'fin_country'] as const) {
    await db.deleteFrom(table).where('country', '=', country).execute();
  }
  const calendar = coa.config.fiscalYear;
  await db
    .insertInto('fin_country')
    .values({
      country,
      name: coa.config.name,
      currency: coa.config.currency,
      fiscal_year_start_month: calendar.startMonth,
      fiscal_year_label: calendar.label ?? null,
      source: coa.config.source ?? null,
      origin: state.origin,
      version: state.version,
    })
    .execute();
  const { segments, codes, ancestors } = chartRows(coa, retired);
  // Each table's rows as one jsonb array: one statement per table whatever the chart's size.
  await db
    .insertInto('fin_coa_segment')
    .columns(['country', 'segment', 'seq', 'kind', 'name', 'levels', 'classification', 'open'])
    .expression(
      sql`select r->>0, r->>1, (r->>2)::int, r->>3, r->>4, r->5, r->>6, (r->>7)::boolean from jsonb_array_elements(${JSON.stringify(segments)}::jsonb) as r`,
    )
    .execute();
  await db
    .insertInto('fin_coa_code')
    .columns(['country', 'segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias', 'cofog', 'retired'])
    .expression(
      sql`select r->>0, r->>1, r->>2, r->>3, (r->>4)::int, r->>5, r->>6, r->>7, r->>8, r->>9, r->>10, (r->>11)::boolean from jsonb_array_elements(${JSON.stringify(codes)}::jsonb) as r`,
    )
    .execute();
  await db
    .insertInto('fin_coa_ancestor')
    .columns(['country', 'segment', 'code', 'ancestor', 'ancestor_level'])
    .expression(sql`select r->>0, r->>1, r->>2, r->>3, (r->>4)::int from jsonb_array_elements(${JSON.stringify(ancestors)}::jsonb) as r`)
    .execute();
}

function chartRows(coa: Coa, retired: readonly StoredCode[]) {
  const country = coa.config.country;
  const segments = [...coa.segments.values()].map((s, i) => [
    country,
    s.config.id,
    i + 1,
    s.config.kind,
    s.config.name,
    s.config.levels,
    s.config.classification ?? null,
    s.config.open ?? false,
  ]);
  const bySegment = new Map<string, Map<string, CoaCode & { retired?: boolean }>>();
  for (const segment of coa.segments.values()) bySegment.set(segment.config.id, new Map(segment.codes));
  for (const code of retired) {
    const codes = bySegment.get(code.segment) ?? new Map<string, CoaCode>();
    bySegment.set(code.segment, codes);
    codes.set(code.code, code);
  }
  const codes: unknown[][] = [];
  const ancestors: unknown[][] = [];
  for (const [segment, map] of bySegment) {
    for (const code of map.values()) {
      codes.push([
        country,
        segment,
        code.code,
        code.parent,
        code.level,
        code.name,
        code.nameEn ?? null,
        code.nameFr ?? null,
        code.nameEs ?? null,
        code.alias ?? null,
        code.cofog ?? null,
        code.retired ?? false,
      ]);
      const seen = new Set<string>();
      for (let at: CoaCode | undefined = code; at && !seen.has(at.code); at = at.parent ? map.get(at.parent) : undefined) {
        seen.add(at.code);
        ancestors.push([country, segment, code.code, at.code, at.level]);
      }
    }
  }
  return { segments, codes, ancestors };
}
