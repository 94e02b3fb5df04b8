import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../../../connectors/formats/csv.js';
import { mappingsDir } from '../../paths.js';
import { Coa, CoaConfigError } from './coa.js';
import { readChartFolder } from './folder.js';
import { CLASSIFICATIONS, type ClassificationId, type CoaCode } from './types.js';
import { validateChart, type Classifications } from './validate.js';

/**
 * Reads a country's chart of accounts from `mappings/coa/<country>/` and the shared
 * classifications from `mappings/classifications/`, validating as it goes: a mistake in the
 * configuration names the file, the row and the field.
 */
export const COA_DIR = path.join(mappingsDir, 'coa');
export const CLASSIFICATION_DIR = path.join(mappingsDir, 'classifications');

export { Coa, CoaConfigError, type Segment } from './coa.js';

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
      alias: row.alias || null,
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

const cache = new Map<string, Coa>();

/** The chart of accounts of `country` (ISO alpha-2, any case), read once per process. */
export function countryCoa(country: string, dir: string = COA_DIR): Coa {
  const key = `${dir}|${country.toLowerCase()}`;
  const known = cache.get(key);
  if (known) return known;
  const folder = path.join(dir, country.toLowerCase());
  if (!existsSync(path.join(folder, 'coa.json')))
    throw new CoaConfigError(`no chart of accounts for ${country.toUpperCase()}: ${folder} has no coa.json`);
  const coa = validateChart(readChartFolder(folder), sharedClassifications());
  cache.set(key, coa);
  return coa;
}

let classifications: Classifications | undefined;

/** The shared classifications under mappings/classifications/, read once per process. */
export function sharedClassifications(): Classifications {
  classifications ??= new Map(CLASSIFICATIONS.map((id) => [id, readCodes(path.join(CLASSIFICATION_DIR, `${id}.csv`), LEVELS[id])]));
  return classifications;
}

const LEVELS: Readonly<Record<ClassificationId, number>> = { cofog: 3, 'gfs2014-economic': 4 };

/** Countries with a chart of accounts under `mappings/coa/`. */
export function configuredCountries(dir: string = COA_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'coa.json')))
    .map((entry) => entry.name.toUpperCase())
    .sort();
}
