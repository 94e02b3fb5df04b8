import { readCsvRecords, writeCsv } from '../../../connectors/formats/csv.js';

/**
 * Derives tributary's COFOG table (`mappings/classifications/cofog.csv`) from the UN COFOG 1999
 * code list as published by the `datasets/cofog` data package: dotted codes (division `01`, group
 * `01.1`, class `01.1.1`) with English, French and Spanish labels. Pure: CSV text in, rows out.
 *
 * Each code also gets its BOOST / GFSM spelling as an alias (`7` followed by the digits: `701`,
 * `7011`, `70111`), which is how BOOST and many ministries write COFOG.
 */
export interface ClassificationRow {
  readonly code: string;
  readonly parent: string | null;
  readonly level: number;
  readonly name: string;
  readonly nameEn: string;
  readonly nameFr: string;
  readonly nameEs: string;
  readonly alias: string;
}

export class CofogSourceError extends Error {
  readonly code = 'INVALID_COFOG';
}

const CODE = /^\d{2}(\.\d){0,2}$/;
const COLUMNS = ['Code', 'Description_EN', 'Description_FR', 'Description_ES'] as const;

/** `01` → `701`, `01.1` → `7011`, `01.1.1` → `70111`, `10.1` → `7101`. */
export function cofogAlias(code: string): string {
  if (!CODE.test(code)) throw new CofogSourceError(`"${code}" is not a COFOG code (01, 01.1 or 01.1.1)`);
  return `7${code.replaceAll('.', '')}`;
}

/** The source pads some labels with two spaces before "(CS)" / "(IS)"; whitespace is collapsed. */
function clean(label: string | undefined): string {
  return (label ?? '').replace(/\s+/g, ' ').trim();
}

export function deriveCofog(csv: string, file = 'cofog.csv'): ClassificationRow[] {
  const records = readCsvRecords(csv, { file });
  const header = Object.keys(records[0] ?? {});
  const missing = COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) throw new CofogSourceError(`${file}: column ${missing.join(', ')} not found; expected ${COLUMNS.join(', ')}`);
  const rows: ClassificationRow[] = [];
  const seen = new Map<string, ClassificationRow>();
  const aliases = new Set<string>();
  records.forEach((record, index) => {
    const where = `${file} row ${index + 2}`;
    const code = clean(record.Code);
    if (!CODE.test(code)) throw new CofogSourceError(`${where}: "${code}" is not a COFOG code`);
    if (seen.has(code)) throw new CofogSourceError(`${where}: code ${code} appears twice`);
    const parts = code.split('.');
    const parent = parts.length > 1 ? parts.slice(0, -1).join('.') : null;
    if (parent !== null && !seen.has(parent)) throw new CofogSourceError(`${where}: code ${code} comes before its parent ${parent}`);
    const nameEn = clean(record.Description_EN);
    if (!nameEn) throw new CofogSourceError(`${where}: code ${code} has no English label`);
    const alias = cofogAlias(code);
    if (aliases.has(alias)) throw new CofogSourceError(`${where}: alias ${alias} of ${code} is not unique`);
    aliases.add(alias);
    const row: ClassificationRow = {
      code,
      parent,
      level: parts.length,
      name: nameEn,
      nameEn,
      nameFr: clean(record.Description_FR),
      nameEs: clean(record.Description_ES),
      alias,
    };
    seen.set(code, row);
    rows.push(row);
  });
  if (rows.length === 0) throw new CofogSourceError(`${file}: no codes`);
  return rows;
}

export const CLASSIFICATION_COLUMNS = ['code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias'] as const;

/** The rows as `mappings/classifications/<id>.csv` holds them (LF line ends, a header row). */
export function classificationCsv(rows: readonly ClassificationRow[]): string {
  return writeCsv(
    rows.map((r) => [r.code, r.parent ?? '', r.level, r.name, r.nameEn, r.nameFr, r.nameEs, r.alias]),
    CLASSIFICATION_COLUMNS,
  );
}
