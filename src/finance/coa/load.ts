import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../../../connectors/formats/csv.js';
import { mappingsDir } from '../../paths.js';
import { validateCalendar } from '../fiscal-calendar.js';
import { CLASSIFICATIONS, SEGMENT_KINDS, type CoaCode, type CountryCoaConfig, type SegmentConfig } from './types.js';

/**
 * Reads a country's chart of accounts from `mappings/coa/<country>/` and the shared
 * classifications from `mappings/classifications/`, validating as it goes: a mistake in the
 * configuration names the file, the row and the field.
 */
export const COA_DIR = path.join(mappingsDir, 'coa');
export const CLASSIFICATION_DIR = path.join(mappingsDir, 'classifications');

export class CoaConfigError extends Error {
  readonly code = 'INVALID_COA';
}

export interface Segment {
  readonly config: SegmentConfig;
  readonly codes: ReadonlyMap<string, CoaCode>;
  /** Other spellings of a code → the code (e.g. BOOST's `7011` for COFOG `01.1`). */
  readonly aliases: ReadonlyMap<string, string>;
}

export class Coa {
  constructor(
    readonly config: CountryCoaConfig,
    readonly segments: ReadonlyMap<string, Segment>,
  ) {}

  segment(id: string): Segment | undefined {
    return this.segments.get(id);
  }

  /** The code as the CoA spells it (resolving aliases), or null when the segment does not know it. */
  canonical(segmentId: string, code: string): string | null {
    const segment = this.segments.get(segmentId);
    if (!segment) return null;
    if (segment.codes.has(code)) return code;
    return segment.aliases.get(code) ?? (segment.config.open ? code : null);
  }

  /** The code and its ancestors, nearest first. */
  ancestry(segmentId: string, code: string): CoaCode[] {
    const codes = this.segments.get(segmentId)?.codes;
    const chain: CoaCode[] = [];
    for (let current = codes?.get(code); current; current = current.parent ? codes?.get(current.parent) : undefined) {
      chain.push(current);
      if (chain.length > 20) throw new CoaConfigError(`${segmentId} code ${code}: its parents form a loop`);
    }
    return chain;
  }
}

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  if (!existsSync(file)) throw new CoaConfigError(`${file}: no such file`);
  return readCsvRecords(readFileSync(file, 'utf8'), { file, trim: true }) as Row[];
}

/** `code,parent,level,name[,name_en,name_fr,name_es,alias]`; checks levels and parents. */
export function readCodes(file: string, levels: number): { codes: Map<string, CoaCode>; aliases: Map<string, string> } {
  const codes = new Map<string, CoaCode>();
  const aliases = new Map<string, string>();
  readCsv(file).forEach((row, index) => {
    const where = `${file} row ${index + 2}`;
    const code = row.code ?? '';
    const level = Number(row.level);
    if (!code) throw new CoaConfigError(`${where}: empty code`);
    if (codes.has(code)) throw new CoaConfigError(`${where}: code ${code} appears twice`);
    if (!Number.isInteger(level) || level < 1 || level > levels)
      throw new CoaConfigError(`${where}: level "${row.level}" is not 1–${levels}`);
    const name = row.name || row.name_en || '';
    if (!name) throw new CoaConfigError(`${where}: code ${code} has no name`);
    codes.set(code, {
      code,
      parent: row.parent || null,
      level,
      name,
      nameEn: row.name_en || null,
      nameFr: row.name_fr || null,
      nameEs: row.name_es || null,
    });
    if (row.alias) aliases.set(row.alias, code);
  });
  for (const entry of codes.values()) {
    if (entry.level === 1 && entry.parent) throw new CoaConfigError(`${file}: top-level code ${entry.code} has a parent`);
    if (entry.level > 1) {
      const parent = entry.parent ? codes.get(entry.parent) : undefined;
      if (!parent) throw new CoaConfigError(`${file}: code ${entry.code} names parent "${entry.parent ?? ''}", which is not in the file`);
      if (parent.level !== entry.level - 1)
        throw new CoaConfigError(`${file}: code ${entry.code} is level ${entry.level} but its parent is level ${parent.level}`);
    }
  }
  return { codes, aliases };
}

function readConfig(file: string): CountryCoaConfig {
  let config: CountryCoaConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as CountryCoaConfig;
  } catch (error) {
    throw new CoaConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!/^[A-Z]{2}$/.test(config.country ?? '')) throw new CoaConfigError(`${file}: country must be an ISO 3166 alpha-2 code`);
  if (!/^[A-Z]{3}$/.test(config.currency ?? '')) throw new CoaConfigError(`${file}: currency must be an ISO 4217 code`);
  try {
    validateCalendar(config.fiscalYear ?? { startMonth: 0 });
  } catch (error) {
    throw new CoaConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ids = new Set<string>();
  for (const segment of config.segments ?? []) {
    const where = `${file} segment ${segment.id}`;
    if (!/^[a-z][a-z0-9-]*$/.test(segment.id ?? ''))
      throw new CoaConfigError(`${file}: segment id "${segment.id}" must be lower-case letters, digits and -`);
    if (ids.has(segment.id)) throw new CoaConfigError(`${where}: appears twice`);
    ids.add(segment.id);
    if (!SEGMENT_KINDS.includes(segment.kind)) throw new CoaConfigError(`${where}: kind must be one of ${SEGMENT_KINDS.join(', ')}`);
    if (!segment.levels?.length) throw new CoaConfigError(`${where}: needs at least one level`);
    const sources = [segment.codes, segment.classification, segment.open ? 'open' : undefined].filter(Boolean);
    if (sources.length !== 1) throw new CoaConfigError(`${where}: give exactly one of codes, classification or open`);
    if (segment.classification && !CLASSIFICATIONS.includes(segment.classification)) {
      throw new CoaConfigError(`${where}: classification must be one of ${CLASSIFICATIONS.join(', ')}`);
    }
  }
  return config;
}

const cache = new Map<string, Coa>();

/** The chart of accounts of `country` (ISO alpha-2, any case), read once per process. */
export function countryCoa(country: string, dir: string = COA_DIR): Coa {
  const key = `${dir}|${country.toLowerCase()}`;
  const known = cache.get(key);
  if (known) return known;
  const folder = path.join(dir, country.toLowerCase());
  const config = readConfig(path.join(folder, 'coa.json'));
  const segments = new Map<string, Segment>();
  for (const segment of config.segments) {
    const file = segment.codes
      ? path.join(folder, segment.codes)
      : segment.classification
        ? path.join(CLASSIFICATION_DIR, `${segment.classification}.csv`)
        : null;
    const read = file ? readCodes(file, segment.levels.length) : { codes: new Map(), aliases: new Map() };
    segments.set(segment.id, { config: segment, ...read });
  }
  const coa = new Coa(config, segments);
  cache.set(key, coa);
  return coa;
}

/** Countries with a chart of accounts under `mappings/coa/`. */
export function configuredCountries(dir: string = COA_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'coa.json')))
    .map((entry) => entry.name.toUpperCase())
    .sort();
}
