import { readCsvRecords, writeCsv } from '../../../connectors/formats/csv.js';

/**
 * A default for IATI budget identifiers (country-budget-items vocabulary 1): each identifier's
 * COFOG code, derived from Mark Brough's crs_cc.csv (which CRS purpose codes each "Common Code",
 * the functional classification that became the BudgetIdentifier codelist, covers) and our DAC →
 * COFOG table: the most specific COFOG code common to every purpose code it covers (the class,
 * else the group, else the division), or none where they part at the division.
 *
 * The trial codes of crs_cc.csv were renumbered in places before the codelist was published (its
 * "teacher training" is 5.3.11, the codelist's 5.3.12), so a row keeps its trial code only when
 * the codelist gives that code the row's function name; otherwise it goes to the identifier with
 * that function name (in the trial code's sector where several have it), or is left out.
 */
export interface BudgetIdentifierCofogRow {
  readonly code: string;
  readonly name: string;
  readonly cofog: string | null;
  /** The DAC purpose codes the identifier covers that have a COFOG class. */
  readonly dacCodes: readonly string[];
  readonly basis: string;
}

export class BudgetIdentifierSourceError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the budget identifier sources are not usable (${problems.length} problems):\n  ${problems.join('\n  ')}`);
  }
}

/** The deepest COFOG code (class `07.4.0`, group `07.4`, division `07`) shared by every class given. */
export function commonCofog(classes: readonly string[]): string | null {
  if (classes.length === 0) return null;
  for (const depth of [3, 2, 1]) {
    const cut = new Set(classes.map((c) => c.split('.').slice(0, depth).join('.')));
    if (cut.size === 1) return [...cut][0]!;
  }
  return null;
}

const normal = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

export function deriveBudgetIdentifierCofog(
  crsCcCsv: string,
  dacCofog: ReadonlyMap<string, string | null>,
  budgetIdentifiers: ReadonlyMap<string, string>,
): { rows: BudgetIdentifierCofogRow[]; skipped: string[] } {
  const records = readCsvRecords(crsCcCsv);
  const problems: string[] = [];
  const covered = new Map<string, Set<string>>();
  const skipped = new Set<string>();
  const functionOf = (code: string) => normal(budgetIdentifiers.get(code)?.split(' - ').slice(1).join(' - ') ?? '');
  const sectorOf = (code: string) => normal(budgetIdentifiers.get(code)?.split(' - ')[0] ?? '');
  const identifierFor = (trial: string, fn: string): string => {
    if (budgetIdentifiers.has(trial) && functionOf(trial) === fn) return trial;
    const named = [...budgetIdentifiers.keys()].filter((code) => functionOf(code) === fn);
    if (named.length === 1) return named[0]!;
    const sameSector = named.filter((code) => budgetIdentifiers.has(trial) && sectorOf(code) === sectorOf(trial));
    return sameSector.length === 1 ? sameSector[0]! : '';
  };
  records.forEach((record, i) => {
    const crs = record['CRS Code']?.trim() ?? '';
    const common = identifierFor(record['Trial CC code']?.trim() ?? '', normal(record.Function ?? ''));
    // A common code with no purpose code at all (military, religion) is listed with the CRS code empty.
    if (crs === '' && record['CC has no CRS match']?.trim() === '1') return;
    if (!/^\d{5}$/.test(crs)) problems.push(`crs_cc.csv, row ${i + 2}, CRS Code: "${crs}" is not a DAC 5-digit purpose code`);
    else if (!common) skipped.add(`${crs} (${record['Trial CC code']} ${record.Function})`);
    else covered.set(common, (covered.get(common) ?? new Set()).add(crs));
  });
  if (problems.length > 0) throw new BudgetIdentifierSourceError(problems);
  const rows = [...budgetIdentifiers].map(([code, name]) => {
    const dacCodes = [...(covered.get(code) ?? [])].filter((dac) => dacCofog.get(dac)).sort();
    const cofog = commonCofog(dacCodes.map((dac) => dacCofog.get(dac)!));
    const basis =
      dacCodes.length === 0
        ? 'no purpose code with a COFOG class'
        : cofog === null
          ? `its ${dacCodes.length} purpose codes fall in different COFOG divisions`
          : `common to its ${dacCodes.length} purpose code${dacCodes.length === 1 ? '' : 's'}`;
    return { code, name, cofog, dacCodes, basis };
  });
  return { rows, skipped: [...skipped].sort() };
}

export function budgetIdentifierCofogCsv(rows: readonly BudgetIdentifierCofogRow[]): string {
  return writeCsv(
    rows.map((r) => [r.code, r.name, r.cofog ?? '', r.dacCodes.join(' '), r.basis]),
    ['budget_identifier', 'name', 'cofog', 'dac_codes', 'basis'],
  );
}
