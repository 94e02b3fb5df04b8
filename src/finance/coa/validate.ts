import { cofogCode } from './cofog-spelling.js';
import { Coa, type Segment } from './coa.js';
import { CoaProblems, type CoaProblem } from './problems.js';
import {
  CLASSIFICATIONS,
  SEGMENT_KINDS,
  type ClassificationId,
  type CoaCode,
  type CountryCoaConfig,
  type SegmentConfig,
  type SegmentKind,
} from './types.js';

/**
 * A chart of accounts as read from a folder or a workbook, every value still text and every
 * record still knowing where it was: `validateChart` judges all of it at once and either returns
 * the chart or throws one `CoaLoadError` naming every problem (file, row, field).
 */
export interface RawRecord {
  readonly file: string;
  readonly row?: number;
  readonly fields: Readonly<Record<string, string | undefined>>;
  /** Where a field has its own row (the workbook's Country sheet: one field per row). */
  readonly fieldRows?: Readonly<Record<string, number>>;
}

export interface RawChart {
  /** country, name, currency, fiscal_year_start_month, fiscal_year_label, source */
  readonly country: RawRecord;
  /** id, kind, name, levels (names joined by `|`), classification, open */
  readonly segments: readonly RawRecord[];
  /** segment, code, parent, level, name, name_en, name_fr, name_es, alias, cofog */
  readonly codes: readonly RawRecord[];
  /** What the reader could not read at all (a missing file or sheet, an unknown column). */
  readonly problems?: readonly CoaProblem[];
}

/** The shared classifications a segment may use, as shipped under mappings/classifications/. */
export type Classifications = ReadonlyMap<ClassificationId, { codes: ReadonlyMap<string, CoaCode>; aliases: ReadonlyMap<string, string> }>;

/** More codes than any national chart has: a file beyond it is refused before it is judged. */
export const MAX_CHART_CODES = 200_000;

const text = (record: RawRecord, field: string): string => (record.fields[field] ?? '').trim();
const rowOf = (record: RawRecord, field: string): number | undefined => record.fieldRows?.[field] ?? record.row;

export function validateChart(raw: RawChart, classifications: Classifications): Coa {
  const problems = new CoaProblems();
  const complain = (record: RawRecord, field: string, message: string) => problems.add(record.file, rowOf(record, field), field, message);
  for (const problem of raw.problems ?? []) problems.add(problem.file, problem.row, problem.field, problem.message);
  if (raw.codes.length > MAX_CHART_CODES) {
    problems.add(raw.codes[0]?.file ?? raw.country.file, undefined, undefined, `${raw.codes.length} codes is more than ${MAX_CHART_CODES}`);
    problems.throwIfAny();
  }
  const config = countryConfig(raw.country, complain);
  const segments = new Map<string, { config: SegmentConfig; record: RawRecord }>();
  for (const record of raw.segments) {
    const segment = segmentConfig(record, complain);
    if (!segment) continue;
    if (segments.has(segment.id)) complain(record, 'id', `segment ${segment.id} appears twice`);
    else segments.set(segment.id, { config: segment, record });
  }
  if (raw.segments.length === 0) complain(raw.country, 'segments', 'the chart has no segments');
  const cofog = classifications.get('cofog')?.codes ?? new Map<string, CoaCode>();
  const bySegment = new Map<string, { record: RawRecord; code: CoaCode }[]>();
  for (const record of raw.codes) {
    const segmentId = text(record, 'segment');
    const segment = segments.get(segmentId);
    if (!segment) {
      const known = [...segments.keys()].join(', ');
      complain(record, 'segment', segmentId ? `"${segmentId}" is not a segment of the chart (${known})` : 'no segment given');
      continue;
    }
    if (segment.config.classification || segment.config.open) {
      complain(
        record,
        'segment',
        `segment ${segmentId} ${segment.config.open ? 'is open' : `uses ${segment.config.classification}`}: list no codes for it`,
      );
      continue;
    }
    const code = codeOf(record, segment.config, cofog, complain);
    if (!code) continue;
    const list = bySegment.get(segmentId) ?? [];
    bySegment.set(segmentId, list);
    list.push({ record, code });
  }
  const built = new Map<string, Segment>();
  for (const [id, { config: segment, record }] of segments) {
    if (segment.classification) {
      const shared = classifications.get(segment.classification);
      built.set(id, { config: segment, codes: shared?.codes ?? new Map(), aliases: shared?.aliases ?? new Map() });
      continue;
    }
    if (segment.open) {
      built.set(id, { config: segment, codes: new Map(), aliases: new Map() });
      continue;
    }
    const listed = bySegment.get(id) ?? [];
    if (listed.length === 0) complain(record, 'id', `segment ${id} has no codes (list them, or give a classification or open)`);
    built.set(id, { config: segment, ...checkTree(id, segment.levels.length, listed, complain) });
  }
  problems.throwIfAny();
  return new Coa({ ...(config as CountryCoaConfig), segments: [...segments.values()].map((s) => s.config) }, built);
}

type Complain = (record: RawRecord, field: string, message: string) => void;

function countryConfig(record: RawRecord, complain: Complain): Omit<CountryCoaConfig, 'segments'> {
  const country = text(record, 'country').toUpperCase();
  const currency = text(record, 'currency').toUpperCase();
  const month = text(record, 'fiscal_year_start_month');
  const label = text(record, 'fiscal_year_label');
  if (!/^[A-Z]{2}$/.test(country)) complain(record, 'country', `"${country}" is not an ISO 3166 alpha-2 country code`);
  if (!text(record, 'name')) complain(record, 'name', "the country's name is missing");
  if (!/^[A-Z]{3}$/.test(currency)) complain(record, 'currency', `"${currency}" is not an ISO 4217 currency code`);
  if (!/^(?:[1-9]|1[0-2])$/.test(month)) complain(record, 'fiscal_year_start_month', `"${month}" is not a month (1–12)`);
  if (label && !label.includes('{start}') && !label.includes('{end')) {
    complain(record, 'fiscal_year_label', `"${label}" names no year: use {start}, {end} or {end:2}`);
  }
  return {
    country,
    name: text(record, 'name'),
    currency,
    fiscalYear: { startMonth: Number(month), ...(label ? { label } : {}) },
    ...(text(record, 'source') ? { source: text(record, 'source') } : {}),
  };
}

function segmentConfig(record: RawRecord, complain: Complain): SegmentConfig | null {
  const id = text(record, 'id');
  const kind = text(record, 'kind');
  const classification = text(record, 'classification');
  const open = /^(?:true|yes|1|x)$/i.test(text(record, 'open'));
  const levels = text(record, 'levels')
    .split('|')
    .map((level) => level.trim())
    .filter(Boolean);
  let ok = true;
  const bad = (field: string, message: string) => {
    complain(record, field, message);
    ok = false;
  };
  if (!/^[a-z][a-z0-9-]*$/.test(id)) bad('id', `segment id "${id}" must be lower-case letters, digits and -`);
  if (!(SEGMENT_KINDS as readonly string[]).includes(kind)) bad('kind', `"${kind}" is not a kind (${SEGMENT_KINDS.join(', ')})`);
  if (!text(record, 'name')) bad('name', `segment ${id} has no name`);
  if (levels.length === 0) bad('levels', `segment ${id} names no levels (e.g. "vote|cost centre")`);
  if (classification && !(CLASSIFICATIONS as readonly string[]).includes(classification))
    bad('classification', `"${classification}" is not a shared classification (${CLASSIFICATIONS.join(', ')})`);
  if (classification && open) bad('open', `segment ${id} cannot be open and use ${classification}`);
  if (!ok) return null;
  return {
    id,
    kind: kind as SegmentKind,
    name: text(record, 'name'),
    levels,
    ...(classification ? { classification: classification as ClassificationId } : {}),
    ...(open ? { open } : {}),
  };
}

function codeOf(record: RawRecord, segment: SegmentConfig, cofog: ReadonlyMap<string, CoaCode>, complain: Complain): CoaCode | null {
  const code = text(record, 'code');
  const name = text(record, 'name') || text(record, 'name_en');
  const level = text(record, 'level');
  const written = text(record, 'cofog');
  if (!code) complain(record, 'code', 'empty code');
  if (!name) complain(record, 'name', `code ${code} has no name`);
  if (level && !/^\d+$/.test(level)) complain(record, 'level', `"${level}" is not a level (1–${segment.levels.length})`);
  const linked = written ? cofogCode(written, cofog) : null;
  if (written && !linked) complain(record, 'cofog', `"${written}" is not a COFOG code (e.g. 07.2.1, 0721 or 721)`);
  if (!code || !name) return null;
  return {
    code,
    parent: text(record, 'parent') || null,
    level: level ? Number(level) : 0,
    name,
    nameEn: text(record, 'name_en') || null,
    nameFr: text(record, 'name_fr') || null,
    nameEs: text(record, 'name_es') || null,
    alias: text(record, 'alias') || null,
    cofog: linked,
  };
}

/**
 * Duplicates, parents that are not codes, cycles, and levels that disagree with the parents (a
 * blank level is the code's depth). Each problem names the code's own row.
 */
function checkTree(segment: string, levels: number, listed: readonly { record: RawRecord; code: CoaCode }[], complain: Complain) {
  const codes = new Map<string, CoaCode>();
  const rows = new Map<string, RawRecord>();
  for (const { record, code } of listed) {
    const first = rows.get(code.code);
    if (first) complain(record, 'code', `code ${code.code} appears twice in segment ${segment} (first at row ${first.row ?? '?'})`);
    else {
      codes.set(code.code, code);
      rows.set(code.code, record);
    }
  }
  const aliases = new Map<string, string>();
  for (const code of codes.values()) {
    const record = rows.get(code.code) as RawRecord;
    if (code.alias && (codes.has(code.alias) || aliases.has(code.alias)))
      complain(record, 'alias', `alias ${code.alias} is already a code or an alias in segment ${segment}`);
    else if (code.alias) aliases.set(code.alias, code.code);
  }
  const depths = new Map<string, number>();
  const inCycle = new Set<string>();
  for (const code of codes.values()) depthOf(code.code, codes, depths, inCycle);
  const checked = new Map<string, CoaCode>();
  for (const code of codes.values()) {
    const record = rows.get(code.code) as RawRecord;
    if (code.parent && !codes.has(code.parent)) {
      complain(record, 'parent', `parent ${code.parent} of code ${code.code} is not a code of segment ${segment}`);
    } else if (inCycle.has(code.code)) {
      complain(record, 'parent', `code ${code.code}'s parents form a cycle: ${cycleOf(code.code, codes).join(' → ')}`);
    } else {
      const depth = depths.get(code.code) ?? 0;
      if (depth === 0) continue; // below a missing parent or a cycle: named at that code's row
      if (code.level && code.level !== depth) {
        complain(record, 'level', `code ${code.code} is level ${code.level} but its parents put it at level ${depth}`);
      } else if (depth > levels) {
        complain(record, 'level', `code ${code.code} is at level ${depth}; segment ${segment} has ${levels} levels`);
      }
      checked.set(code.code, { ...code, level: depth });
    }
  }
  return { codes: checked, aliases };
}

/** A code's depth (1 at the top), or 0 when its parents never reach the top (a cycle or a missing parent). */
function depthOf(code: string, codes: ReadonlyMap<string, CoaCode>, depths: Map<string, number>, inCycle: Set<string>): number {
  const path: string[] = [];
  const onPath = new Set<string>();
  let current: string | null = code;
  let base = 0;
  while (current !== null) {
    const known = depths.get(current);
    if (known !== undefined) {
      base = known === 0 ? -Infinity : known;
      break;
    }
    const entry = codes.get(current);
    if (!entry || onPath.has(current)) {
      if (entry) for (const member of path.slice(path.indexOf(current))) inCycle.add(member);
      base = -Infinity;
      break;
    }
    path.push(current);
    onPath.add(current);
    current = entry.parent;
  }
  for (let i = path.length - 1; i >= 0; i -= 1) {
    base = base + 1;
    depths.set(path[i] as string, Number.isFinite(base) ? base : 0);
  }
  return depths.get(code) ?? 0;
}

function cycleOf(start: string, codes: ReadonlyMap<string, CoaCode>): string[] {
  const chain = [start];
  for (let next = codes.get(start)?.parent; next && chain.length <= codes.size; next = codes.get(next)?.parent) {
    chain.push(next);
    if (next === start) break;
  }
  return chain;
}
