import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mappingsDir } from '../../src/paths.js';
import { readCsvRecords } from '../formats/csv.js';

/**
 * The IATI codelists as shipped in `mappings/iati-codelists/` (derived from the official XML by
 * `tributary derive iati-codelists`). Used to validate activities without touching the database.
 */
export const CODELIST_DIR = path.join(mappingsDir, 'iati-codelists');

export type Membership = 'active' | 'withdrawn' | 'unknown';

/** Per codelist, each code and whether it is withdrawn. */
export class Codelists {
  constructor(private readonly lists: ReadonlyMap<string, ReadonlyMap<string, boolean>>) {}

  static fromCsv(itemsCsv: string): Codelists {
    const rows = readCsvRecords(itemsCsv);
    const lists = new Map<string, Map<string, boolean>>();
    for (const row of rows) {
      const list = row.codelist ?? '';
      let codes = lists.get(list);
      if (!codes) lists.set(list, (codes = new Map()));
      codes.set(row.code ?? '', row.status === 'withdrawn');
    }
    return new Codelists(lists);
  }

  membership(list: string, code: string): Membership {
    const withdrawn = this.lists.get(list)?.get(code);
    if (withdrawn === undefined) return 'unknown';
    return withdrawn ? 'withdrawn' : 'active';
  }

  caseInsensitiveMatch(list: string, code: string): boolean {
    const lower = code.toLowerCase();
    for (const candidate of this.lists.get(list)?.keys() ?? []) if (candidate.toLowerCase() === lower) return true;
    return false;
  }
}

let shipped: Codelists | undefined;

/** The codelists shipped with the project, read once per process. */
export function shippedCodelists(): Codelists {
  shipped ??= Codelists.fromCsv(readFileSync(path.join(CODELIST_DIR, 'items.csv'), 'utf8'));
  return shipped;
}
