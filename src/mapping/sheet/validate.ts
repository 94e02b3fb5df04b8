import type { MappingProblem, MappingRuleFields } from '../types.js';
import { checkGroup } from './groups.js';
import { problem, quote, rowName, sortProblems } from './problems.js';
import type { SheetRow, UnreadRow } from './rule.js';

/**
 * What the codes of a sheet are checked against. The rule store implements it over the database
 * (COFOG, the national charts of accounts, the IATI codelists); a test over the files in mappings/.
 * Every method is synchronous: load what a sheet needs first.
 */
export interface MappingCatalogue {
  /**
   * Whether `code` is a code of source `scheme` (`dac5`, `dac3`, `budget-identifier`, `cofog`,
   * `sector:7` …); undefined when the scheme's codes cannot be checked (an organisation's name,
   * an activity), and then any code is taken.
   */
  hasSourceCode(scheme: string, code: string): boolean | undefined;
  /** Whether `code` is a code of the target: `cofog` (country null or not), or `coa:<segment>` of the country. */
  hasTargetCode(country: string | null, targetScheme: string, code: string): boolean;
  /**
   * Whether `code` of `coa:<segment>` was retired by a later version of the country's chart. A
   * retired code keeps the rules that already use it, but no new rule may point at it.
   */
  isRetiredCode?(country: string, targetScheme: string, code: string): boolean;
  /** Whether an active rule already maps this source to this target (restating it is not new). */
  hasActiveRule?(rule: MappingRuleFields): boolean;
  /** Whether the country has a chart of accounts. */
  hasCountry(country: string): boolean;
  /** Whether the country's chart of accounts has the segment (`functional`, `programme` …). */
  hasSegment(country: string, segment: string): boolean;
}

/**
 * Every problem of rows read from one sheet, at once: codes against the catalogue, then the
 * groups (splits sum to exactly 100, no overlapping validity, no repeated rows). `unread` are the
 * rows `readMappingSheet` could not read, whose groups are not added up.
 */
export function validateMappingRows(
  rows: readonly SheetRow[],
  catalogue: MappingCatalogue,
  unread: readonly UnreadRow[] = [],
): MappingProblem[] {
  const problems = rows.flatMap((row) => ruleCodeProblems(row, catalogue));
  problems.push(...checkGroup(rows, 'exact', { unread }));
  return sortProblems(problems);
}

const SOURCE_HINTS: Readonly<Record<string, string>> = {
  dac5: 'a DAC 5-digit purpose code of the IATI Sector codelist, such as 12220',
  dac3: 'a DAC 3-digit category of the IATI SectorCategory codelist, such as 122',
  'budget-identifier': 'a code of the IATI BudgetIdentifier codelist, such as 1.1.1',
  cofog: 'a COFOG division, group or class, such as 07, 07.4 or 07.4.0',
};

/**
 * The problems of one rule's codes against the catalogue: its source code (where checkable), its
 * country, its target segment and its target code. A sheet row or a mutation's rule (row null).
 */
export function ruleCodeProblems(row: MappingRuleFields & { readonly row: number | null }, catalogue: MappingCatalogue): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const where = rowName(row.row, row);
  const known = catalogue.hasSourceCode(row.sourceScheme, row.sourceCode);
  if (known === false) {
    const hint = SOURCE_HINTS[row.sourceScheme] ?? `a code of ${row.sourceScheme}`;
    problems.push(
      problem(
        row.row,
        'source_code',
        'UNKNOWN_CODE',
        `${where}, source_code ${quote(row.sourceCode)}: not a known ${row.sourceScheme} code; write ${hint}`,
      ),
    );
  }
  const country = row.country;
  if (country !== null && !catalogue.hasCountry(country)) {
    problems.push(
      problem(
        row.row,
        'country',
        'UNKNOWN_COUNTRY',
        `${where}, country ${quote(country)}: tributary has no chart of accounts for this country; write the code of a configured country, such as MW`,
      ),
    );
    return problems;
  }
  const segment = row.targetScheme.startsWith('coa:') ? row.targetScheme.slice('coa:'.length) : null;
  if (segment !== null && country !== null && !catalogue.hasSegment(country, segment)) {
    problems.push(
      problem(
        row.row,
        'target_scheme',
        'UNKNOWN_SCHEME',
        `${where}, target_scheme ${quote(row.targetScheme)}: ${country}'s chart of accounts has no segment ${quote(segment)}; write coa: and one of its segments`,
      ),
    );
    return problems;
  }
  if (!catalogue.hasTargetCode(country, row.targetScheme, row.targetCode)) {
    const fix =
      segment === null
        ? 'not a COFOG division, group or class; write one such as 07, 07.4 or 07.4.0'
        : `not a code of ${country ?? ''}'s ${segment} segment; write a code of that segment of the chart of accounts`;
    problems.push(problem(row.row, 'target_code', 'UNKNOWN_CODE', `${where}, target_code ${quote(row.targetCode)}: ${fix}`));
  } else if (country !== null && segment !== null && pointsNewlyAtRetiredCode(row, country, catalogue)) {
    problems.push(
      problem(
        row.row,
        'target_code',
        'RETIRED_CODE',
        `${where}, target_code ${quote(row.targetCode)}: retired from ${country}'s ${segment} segment by a later version of the chart of accounts; map to a code of the current chart`,
      ),
    );
  }
  return problems;
}

/** A rule that would newly point at a retired code (a sheet's `retire` row, or restating an active rule, does not). */
function pointsNewlyAtRetiredCode(
  row: MappingRuleFields & { readonly action?: string },
  country: string,
  catalogue: MappingCatalogue,
): boolean {
  if (row.action === 'retire') return false;
  if (!catalogue.isRetiredCode?.(country, row.targetScheme, row.targetCode)) return false;
  return !catalogue.hasActiveRule?.(row);
}
