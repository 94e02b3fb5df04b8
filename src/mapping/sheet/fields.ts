import { Decimal } from 'decimal.js';
import { SOURCE_SCHEMES, type MappingProblem, type MappingRuleFields } from '../types.js';
import { problem, quote, rowName, type SheetProblemCode } from './problems.js';

/**
 * One cell of a mapping row, text → value. Each parser says what is wrong and what to write
 * instead; the caller adds the row, the column and the text.
 */
export type Parsed<T> = { readonly value: T } | { readonly code: SheetProblemCode; readonly fix: string };

const fail = (code: SheetProblemCode, fix: string): Parsed<never> => ({ code, fix });

/** Exact decimal arithmetic for shares: 40 digits is far more than any share sum needs. */
export const ShareDecimal = Decimal.clone({ precision: 40 });

/** More decimals than this is a rounding artefact (`=100/3`), not a share anyone means. */
export const SHARE_DECIMALS = 10;

/** Fiscal years a mapping can sensibly name. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

export type SheetAction = 'set' | 'retire';

/** Upper-case ISO 3166 alpha-2, or null (only for COFOG targets; checked with the target scheme). */
export function parseCountry(text: string): Parsed<string | null> {
  const code = text.trim().toUpperCase();
  if (code === '') return { value: null };
  if (!/^[A-Z]{2}$/.test(code)) return fail('BAD_COUNTRY', 'write the ISO 3166 two-letter country code, such as MW');
  return { value: code };
}

const SOURCE_LIST = [...SOURCE_SCHEMES, 'sector:<vocabulary>', 'location:<vocabulary>'].join(', ');

/** One of SOURCE_SCHEMES, or `sector:<IATI sector vocabulary>` for the vocabularies without a scheme of their own. */
export function parseSourceScheme(text: string): Parsed<string> {
  const scheme = text.trim().toLowerCase();
  if (scheme === '') return fail('MISSING_VALUE', `write the source scheme: one of ${SOURCE_LIST}`);
  if ((SOURCE_SCHEMES as readonly string[]).includes(scheme)) return { value: scheme };
  const sector = /^sector:\s*(\d{1,3})$/.exec(scheme);
  if (sector) {
    const vocabulary = sector[1] ?? '';
    if (vocabulary === '1') return fail('UNKNOWN_SCHEME', 'sector vocabulary 1 is DAC 5-digit purpose codes: write dac5');
    if (vocabulary === '2') return fail('UNKNOWN_SCHEME', 'sector vocabulary 2 is DAC 3-digit categories: write dac3');
    return { value: `sector:${vocabulary}` };
  }
  const location = /^location:\s*([a-z][a-z0-9]{0,3})$/.exec(scheme);
  if (location) return { value: `location:${(location[1] ?? '').toUpperCase()}` };
  if (scheme.startsWith('location:'))
    return fail('UNKNOWN_SCHEME', 'write location: and the IATI GeographicVocabulary code of the administrative code, such as location:G1');
  if (scheme.startsWith('sector:')) return fail('UNKNOWN_SCHEME', 'write sector: and the IATI sector vocabulary code, such as sector:7');
  return fail('UNKNOWN_SCHEME', `not a source scheme; write one of ${SOURCE_LIST}`);
}

/** `cofog`, or `coa:<segment id>` of the country's chart of accounts. */
export function parseTargetScheme(text: string): Parsed<string> {
  const scheme = text.trim().toLowerCase();
  if (scheme === '') return fail('MISSING_VALUE', 'write the target scheme: cofog, or coa: and a segment of the chart of accounts');
  if (scheme === 'cofog') return { value: scheme };
  const coa = /^coa:\s*([a-z][a-z0-9-]*)$/.exec(scheme);
  if (coa) return { value: `coa:${coa[1] ?? ''}` };
  return fail('UNKNOWN_SCHEME', 'not a target scheme; write cofog, or coa: and a segment of the chart of accounts, such as coa:programme');
}

export function parseCode(text: string, column: 'source_code' | 'target_code'): Parsed<string> {
  const code = text.trim();
  if (code === '') return fail('MISSING_VALUE', `write the ${column === 'source_code' ? 'source' : 'target'} code`);
  return { value: code };
}

/**
 * A per cent as exact decimal text: `60`, `60.5`, `60,5` and `60 %` are all accepted; empty is 100.
 * A thousands separator is never needed (a share is at most 100), so a comma is always decimal.
 */
export function parseShare(text: string): Parsed<string> {
  const body = text.trim().replace(/\s*%$/, '');
  if (body === '') return text.trim() === '' ? { value: '100' } : fail('BAD_SHARE', 'write a per cent such as 60, 60.5 or 60%');
  const match = /^(\d*)(?:[.,](\d*))?$/.exec(body);
  if (!match || `${match[1] ?? ''}${match[2] ?? ''}` === '') {
    return fail('BAD_SHARE', 'not a per cent; write a number such as 60, 60.5 or 60% (empty means 100)');
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > SHARE_DECIMALS) {
    return fail('BAD_SHARE', `more than ${SHARE_DECIMALS} decimals; round it so that the shares of the split sum to exactly 100`);
  }
  const value = new ShareDecimal(`${match[1] || '0'}.${fraction || '0'}`);
  if (value.lte(0)) return fail('BAD_SHARE', 'a share must be more than 0; to end a mapping, use action retire');
  if (value.gt(100)) return fail('BAD_SHARE', 'a share is at most 100 (per cent)');
  return { value: value.toFixed() };
}

/**
 * The start year of a fiscal year: `2024`, or a label `2024/25`, `2024-25`, `2024/2025`, `FY2024/25`.
 * Empty is open (null).
 */
export function parseFiscalYear(text: string): Parsed<number | null> {
  const body = text.trim();
  if (body === '') return { value: null };
  const hint = 'write the fiscal year as its start year (2024) or as a label (2024/25); leave it empty for no limit';
  const match = /^(?:FY\s*)?(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$/i.exec(body);
  if (!match) return fail('BAD_FISCAL_YEAR', `not a fiscal year; ${hint}`);
  const start = Number(match[1]);
  if (start < FIRST_YEAR || start > LAST_YEAR) return fail('BAD_FISCAL_YEAR', `not a year between ${FIRST_YEAR} and ${LAST_YEAR}; ${hint}`);
  const end = match[2];
  if (end !== undefined) {
    const next = start + 1;
    const expected = end.length === 2 ? String(next % 100).padStart(2, '0') : String(next);
    if (end !== expected) {
      return fail('BAD_FISCAL_YEAR', `a fiscal year label names two consecutive years (${start}/${expected.slice(-2)}); ${hint}`);
    }
  }
  return { value: start };
}

export function parseAction(text: string): Parsed<SheetAction> {
  const action = text.trim().toLowerCase();
  if (action === '' || action === 'set') return { value: 'set' };
  if (action === 'retire') return { value: 'retire' };
  return fail('BAD_ACTION', 'write set (or leave it empty) to add or change a mapping, or retire to end it');
}

export function parseReason(text: string): Parsed<string> {
  const reason = text.trim();
  if (reason === '') return fail('MISSING_REASON', 'say why this mapping holds (kept in the mapping history)');
  return { value: reason };
}

/** The problem for a cell that did not parse, naming the row, the column and the text. */
export function cellProblem(
  row: number | null,
  column: string,
  text: string,
  failed: { code: SheetProblemCode; fix: string },
): MappingProblem {
  const where = row === null ? column : `${rowName(row)}, ${column}`;
  const shown = text.trim() === '' ? 'is empty' : quote(text.trim());
  return problem(row, column, failed.code, `${where} ${shown}: ${failed.fix}`);
}

/** Rules between the cells of one row: the country a target needs, and the order of the years. */
export function crossFieldProblems(
  row: number | null,
  rule: Pick<MappingRuleFields, 'country' | 'targetScheme' | 'validFrom' | 'validTo'>,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const where = row === null ? '' : `${rowName(row)}, `;
  if (rule.country === null && rule.targetScheme.startsWith('coa:')) {
    problems.push(
      problem(
        row,
        'country',
        'MISSING_VALUE',
        `${where}country is empty: target ${rule.targetScheme} is a segment of one country's chart of accounts; write the country code, such as MW`,
      ),
    );
  }
  if (rule.country !== null && rule.targetScheme === 'cofog') {
    // COFOG is international: a rule to it with a country would never apply.
    problems.push(
      problem(
        row,
        'country',
        'BAD_COUNTRY',
        `${where}country ${rule.country}: target cofog is international; leave country empty (a country's own functional codes are coa:functional)`,
      ),
    );
  }
  if (rule.validFrom !== null && rule.validTo !== null && rule.validTo < rule.validFrom) {
    problems.push(
      problem(
        row,
        'valid_to',
        'BAD_FISCAL_YEAR',
        `${where}valid_to ${rule.validTo} is before valid_from ${rule.validFrom}: the last fiscal year must not come before the first`,
      ),
    );
  }
  return problems;
}
