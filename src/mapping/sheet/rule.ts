import type { MappingProblem, MappingRuleFields } from '../types.js';
import {
  cellProblem,
  crossFieldProblems,
  parseAction,
  parseCode,
  parseCountry,
  parseFiscalYear,
  parseReason,
  parseShare,
  parseSourceScheme,
  parseTargetScheme,
  type Parsed,
  type SheetAction,
} from './fields.js';
import type { SheetColumn } from './problems.js';

/** A mapping rule as a sheet row (or a mutation) states it: the rule, what to do with it and why. */
export interface SheetRule extends MappingRuleFields {
  readonly action: SheetAction;
  readonly reason: string;
}

export interface SheetRow extends SheetRule {
  /** 1-based row of the sheet; the header is row 1. */
  readonly row: number;
}

/** The cells of one row by column, as text; a missing column reads as empty. */
export type SheetTexts = Partial<Readonly<Record<SheetColumn, string>>>;

/**
 * What could be read of a row that has a problem: the group it was meant for, as far as known
 * (undefined: unreadable). Validation does not add up the shares of a group such a row may belong
 * to, because the sum would be wrong only for want of that row.
 */
export interface UnreadRow {
  readonly row: number | null;
  readonly country?: string | null;
  readonly sourceScheme?: string;
  readonly sourceCode?: string;
  readonly targetScheme?: string;
}

export interface InterpretedRule {
  readonly rule: SheetRule | null;
  readonly problems: MappingProblem[];
  readonly unread: UnreadRow | null;
}

/**
 * One row's cells → a rule, or every problem of the row. A COFOG code whose division lost its
 * leading zero in a spreadsheet (`07.4` typed into a cell is the number 7.4, in XLSX and in the CSV
 * it saves) gets it back: no COFOG code has a one-digit division.
 */
export function interpretRule(texts: SheetTexts, row: number | null): InterpretedRule {
  const problems: MappingProblem[] = [];
  const read = <T>(column: SheetColumn, parse: (text: string) => Parsed<T>): T | undefined => {
    const text = texts[column] ?? '';
    const parsed = parse(text);
    if ('code' in parsed) {
      problems.push(cellProblem(row, column, text, parsed));
      return undefined;
    }
    return parsed.value;
  };
  const country = read('country', parseCountry);
  const sourceScheme = read('source_scheme', parseSourceScheme);
  const sourceCode = read('source_code', (text) => parseCode(cofogText(text, sourceScheme), 'source_code'));
  const targetScheme = read('target_scheme', parseTargetScheme);
  const targetCode = read('target_code', (text) => parseCode(cofogText(text, targetScheme), 'target_code'));
  const share = read('share', parseShare);
  const validFrom = read('valid_from', parseFiscalYear);
  const validTo = read('valid_to', parseFiscalYear);
  const reason = read('reason', parseReason);
  const action = read('action', parseAction);
  if (country !== undefined && targetScheme !== undefined) {
    problems.push(...crossFieldProblems(row, { country, targetScheme, validFrom: validFrom ?? null, validTo: validTo ?? null }));
  }
  if (
    problems.length > 0 ||
    country === undefined ||
    sourceScheme === undefined ||
    sourceCode === undefined ||
    targetScheme === undefined ||
    targetCode === undefined ||
    share === undefined ||
    validFrom === undefined ||
    validTo === undefined ||
    reason === undefined ||
    action === undefined
  ) {
    return { rule: null, problems, unread: { row, country, sourceScheme, sourceCode, targetScheme } };
  }
  const rule: SheetRule = { country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo, action, reason };
  return { rule, problems, unread: null };
}

/** A COFOG division or group with its leading zero restored: 7 → 07, 7.4 → 07.4. */
function cofogText(text: string, scheme: string | undefined): string {
  if (scheme !== 'cofog' || !/^\d(\.\d)?$/.test(text.trim())) return text;
  return `0${text.trim()}`;
}
