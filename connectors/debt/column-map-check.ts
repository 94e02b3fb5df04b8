import { readFile } from 'node:fs/promises';
import { TributaryError } from '../../src/errors.js';
import { AMOUNT_FIELDS, DATE_FIELDS, TERM_TYPES, type LoanColumnMap } from './column-map.js';
import { CREDITOR_CATEGORIES, INSTRUMENTS, LOAN_STATUSES } from './types.js';
import { compileDateFormat } from '../formats/dates.js';
import { isIsoCountry, isIsoCurrency } from './values.js';

/**
 * Checks a loan column map read from JSON, naming every mistake with its path in the map
 * (`instrument.values.GURB: "guaranty" is not one of …`), so a bad map fails before any file is
 * read rather than as a thousand row errors.
 */
type Json = Readonly<Record<string, unknown>>;

const TOP_KEYS = [
  'name',
  'description',
  'source',
  'delimiter',
  'dateFormat',
  'numbers',
  'loanNumber',
  'creditor',
  'creditorCategory',
  'instrument',
  'country',
  'borrower',
  'guarantor',
  'projectId',
  'projectName',
  'status',
  'currency',
  'interestRate',
  'interestType',
  'dates',
  'amounts',
  'terms',
];

class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string, keys?: readonly string[]): Json | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'expected an object');
      return null;
    }
    for (const key of Object.keys(value))
      if (keys && !keys.includes(key)) this.fail(`${path}.${key}`, `unknown key (expected one of ${keys.join(', ')})`);
    return value as Json;
  }

  text(value: unknown, path: string, optional = false): void {
    if (value === undefined && optional) return;
    if (typeof value !== 'string' || value === '') this.fail(path, 'expected a non-empty string');
  }

  ref(value: unknown, path: string, optional = false): void {
    if (value === undefined && optional) return;
    if (typeof value === 'string') return this.text(value, path);
    const object = this.object(value, path, ['value']);
    if (object) this.text(object.value, `${path}.value`);
  }

  /** `{ value }` or `{ column, values, otherwise?, about? }`, every word one of `allowed`. */
  coded(value: unknown, path: string, allowed: readonly string[], optional = false): void {
    if (value === undefined && optional) return;
    const object = this.object(value, path, ['value', 'column', 'values', 'otherwise', 'about']);
    if (!object) return;
    const word = (v: unknown, p: string): void => {
      if (typeof v !== 'string' || !allowed.includes(v)) this.fail(p, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    };
    if ('value' in object) {
      word(object.value, `${path}.value`);
      if ('column' in object || 'values' in object) this.fail(path, 'give either value or column with values, not both');
      return;
    }
    this.text(object.column, `${path}.column`);
    const values = this.object(object.values, `${path}.values`);
    for (const [key, v] of Object.entries(values ?? {})) word(v, `${path}.values.${key}`);
    if (object.otherwise !== undefined) word(object.otherwise, `${path}.otherwise`);
  }

  columns(value: unknown, path: string, fields: readonly string[]): void {
    if (value === undefined) return;
    for (const [key, column] of Object.entries(this.object(value, path, fields) ?? {})) this.text(column, `${path}.${key}`);
  }
}

export function checkColumnMap(json: unknown, file: string): LoanColumnMap {
  const c = new Checker();
  const map = c.object(json, '(map)', TOP_KEYS) ?? {};
  for (const key of ['name', 'source', 'dateFormat', 'loanNumber'] as const) c.text(map[key], key);
  for (const key of ['borrower', 'guarantor', 'projectId', 'projectName', 'interestRate'] as const) c.text(map[key], key, true);
  if (map.delimiter !== undefined && (typeof map.delimiter !== 'string' || map.delimiter.length !== 1))
    c.fail('delimiter', 'expected one character');
  if (typeof map.dateFormat === 'string') {
    try {
      compileDateFormat(map.dateFormat);
    } catch (error) {
      c.fail('dateFormat', (error as Error).message);
    }
  }
  if (map.numbers !== undefined) {
    for (const [key, sep] of Object.entries(c.object(map.numbers, 'numbers', ['thousands', 'decimal']) ?? {})) {
      if (typeof sep !== 'string' || sep.length !== 1) c.fail(`numbers.${key}`, 'expected one character');
    }
  }
  c.ref(map.creditor, 'creditor');
  c.coded(map.creditorCategory, 'creditorCategory', CREDITOR_CATEGORIES, true);
  c.coded(map.instrument, 'instrument', INSTRUMENTS);
  c.coded(map.status, 'status', LOAN_STATUSES);
  c.coded(map.interestType, 'interestType', ['fixed', 'variable'], true);
  checkCountry(c, map.country);
  checkCurrency(c, map.currency);
  c.columns(map.dates, 'dates', DATE_FIELDS);
  c.columns(map.amounts, 'amounts', AMOUNT_FIELDS);
  for (const [term, column] of Object.entries(map.terms === undefined ? {} : (c.object(map.terms, 'terms') ?? {}))) {
    if (typeof column === 'string') continue;
    const object = c.object(column, `terms.${term}`, ['column', 'type']);
    if (!object) continue;
    c.text(object.column, `terms.${term}.column`);
    if (!TERM_TYPES.includes(object.type as never)) c.fail(`terms.${term}.type`, `expected one of ${TERM_TYPES.join(', ')}`);
  }
  if (c.errors.length > 0) {
    throw new TributaryError('BAD_USER_INPUT', `column map ${file} is not valid:\n  ${c.errors.join('\n  ')}`, { file });
  }
  return json as LoanColumnMap;
}

function checkCountry(c: Checker, value: unknown): void {
  const country = c.object(value, 'country', ['column', 'value', 'aliases', 'accept']);
  if (!country) return;
  if ('column' in country === 'value' in country) c.fail('country', 'give either column or value');
  c.text(country.column, 'country.column', true);
  if (country.value !== undefined && (typeof country.value !== 'string' || !isIsoCountry(country.value))) {
    c.fail('country.value', 'expected an ISO 3166-1 alpha-2 code');
  }
  for (const [code, iso] of Object.entries(country.aliases === undefined ? {} : (c.object(country.aliases, 'country.aliases') ?? {}))) {
    if (typeof iso !== 'string' || !isIsoCountry(iso))
      c.fail(`country.aliases.${code}`, `${JSON.stringify(iso)} is not an ISO 3166-1 alpha-2 code`);
  }
  for (const [code, why] of Object.entries(country.accept === undefined ? {} : (c.object(country.accept, 'country.accept') ?? {}))) {
    c.text(why, `country.accept.${code}`);
  }
}

function checkCurrency(c: Checker, value: unknown): void {
  const currency = c.object(value, 'currency', ['column', 'value', 'whenEmpty']);
  if (!currency) return;
  if ('column' in currency === 'value' in currency) c.fail('currency', 'give either column (and whenEmpty) or value');
  c.text(currency.column, 'currency.column', true);
  for (const key of ['value', 'whenEmpty'] as const) {
    const code = currency[key];
    if (code !== undefined && (typeof code !== 'string' || !isIsoCurrency(code))) c.fail(`currency.${key}`, 'expected an ISO 4217 code');
  }
}

/** Reads and checks `mappings/debt/<name>.json` (or any path). */
export async function readColumnMap(path: string): Promise<LoanColumnMap> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new TributaryError('FILE_NOT_FOUND', `cannot read column map ${path}: no such file`, { file: path });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TributaryError('BAD_USER_INPUT', `column map ${path} is not JSON: ${(error as Error).message}`, { file: path });
  }
  return checkColumnMap(json, path);
}
