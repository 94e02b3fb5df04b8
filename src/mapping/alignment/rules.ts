import { ALIGNMENT_DIMENSIONS, type AlignmentDimension, type MappingProblem } from '../types.js';
import { readCsvRecords, readCsvRows } from '../../../connectors/formats/csv.js';

/**
 * Budget alignment rules: editable CSV rows that derive the CABRI / Mokoro dimensions from what
 * the IATI data says about a transaction (or about an activity without transactions).
 *
 *     id,priority,dimension,condition,value,reason
 *     budget-support-general,20,*,aidType = A01,yes,aid type A01 (general budget support) uses country systems
 *
 * `dimension` is one dimension (`onTreasury`), several joined by `|`, or `*` for all eight.
 * `condition` is `*` (always) or clauses joined by ` and `: `fact = value`, `fact != value` or
 * `fact in v1|v2|…`. `value` is `yes`, `no` or `unknown`. For each dimension the matching rule
 * with the lowest priority wins; rows of equal priority are taken in file order.
 */

/** Facts about one transaction, or about an activity that has none. */
export interface AlignmentFacts {
  /** DAC aid type codes (vocabulary 1): the transaction's own, else the activity's default. */
  readonly aidTypes: readonly string[];
  readonly financeType: string | null;
  readonly flowType: string | null;
  /** IATI DisbursementChannel: 1 treasury, 2 implementing institution's own account, 3 and 4 in kind. */
  readonly disbursementChannel: string | null;
  readonly transactionType: string | null;
  /** The receiver is a national government entity; null when nobody knows. */
  readonly receiverIsGovernment: boolean | null;
  /** The activity reports country-budget-items (any vocabulary). */
  readonly hasCountryBudgetItems: boolean;
  /** A country-budget-item of vocabulary 1 (IATI) or 2 (country chart of accounts) exists. */
  readonly reportedOnBudget: boolean;
}

/** The facts a condition may name: code facts compare codes, the others `true` / `false`. */
export const CODE_FACTS = ['aidType', 'financeType', 'flowType', 'disbursementChannel', 'transactionType'] as const;
export const BOOLEAN_FACTS = ['receiverIsGovernment', 'hasCountryBudgetItems', 'reportedOnBudget'] as const;
export type CodeFact = (typeof CODE_FACTS)[number];
export type BooleanFact = (typeof BOOLEAN_FACTS)[number];

/** The IATI codelist each code fact draws from, for checking a rule's codes. */
export const FACT_CODELISTS: Readonly<Record<CodeFact, string>> = {
  aidType: 'AidType',
  financeType: 'FinanceType',
  flowType: 'FlowType',
  disbursementChannel: 'DisbursementChannel',
  transactionType: 'TransactionType',
};

export type Clause =
  | { readonly fact: CodeFact; readonly op: '=' | '!=' | 'in'; readonly values: readonly string[] }
  | { readonly fact: BooleanFact; readonly op: '=' | '!='; readonly value: boolean };

export interface AlignmentRule {
  readonly id: string;
  readonly priority: number;
  readonly dimensions: readonly AlignmentDimension[];
  /** Every clause must hold; no clause: always. */
  readonly condition: readonly Clause[];
  /** Null: the rule settles the dimension as unknown (and stops lower rules from deciding it). */
  readonly value: boolean | null;
  readonly reason: string;
  /** The row of the sheet (header = 1), to say where a rule came from; 0 for a rule not read from a sheet. */
  readonly row: number;
}

export const RULE_COLUMNS = ['id', 'priority', 'dimension', 'condition', 'value', 'reason'] as const;
type Column = (typeof RULE_COLUMNS)[number];

const VALUES: Readonly<Record<string, boolean | null>> = { yes: true, no: false, unknown: null };
const CODE = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/** Known codes per code fact (from the shipped IATI codelists); a fact left out is checked for form only. */
export type KnownCodes = Partial<Record<CodeFact, ReadonlySet<string>>>;

export interface ParsedRules {
  /** Sorted by priority, then row. Empty when there is any problem: a rule set is used whole or not at all. */
  readonly rules: readonly AlignmentRule[];
  readonly problems: readonly MappingProblem[];
}

/** Rule order: lower priority first, then earlier row, then id (rules not from a sheet have row 0). */
export function ruleBefore(a: AlignmentRule, b: AlignmentRule): boolean {
  return a.priority !== b.priority ? a.priority < b.priority : a.row !== b.row ? a.row < b.row : a.id < b.id;
}

/** The text of one rule, as a sheet row or a table row holds it. */
export type RuleFields = Readonly<Record<Column, string>>;

type Add = (row: number | null, field: string, code: string, message: string) => void;

/**
 * Checks one rule (a sheet row, or a rule edited alone). Problems go to `add`; the rule comes
 * back only when there are none.
 */
export function parseRuleFields(fields: RuleFields, row: number | null, known: KnownCodes, add: Add): AlignmentRule | null {
  let ok = true;
  const report: Add = (...args) => {
    ok = false;
    add(...args);
  };
  const text = (column: Column) => fields[column].trim();
  for (const column of RULE_COLUMNS) if (text(column) === '') report(row, column, 'MISSING_VALUE', `${column} is empty`);
  const priority = Number(text('priority'));
  if (text('priority') && !(/^\d+$/.test(text('priority')) && Number.isSafeInteger(priority)))
    report(row, 'priority', 'BAD_PRIORITY', `priority "${text('priority')}" is not a whole number of 0 or more`);
  const dimensions = text('dimension') ? parseDimensions(text('dimension'), row, report) : [];
  const condition = text('condition') ? parseCondition(text('condition'), row, known, report) : [];
  const value = VALUES[text('value').toLowerCase()];
  if (text('value') && value === undefined) report(row, 'value', 'BAD_VALUE', `value "${text('value')}" is not yes, no or unknown`);
  if (!ok || value === undefined) return null;
  return { id: text('id'), priority, dimensions, condition, value, reason: text('reason'), row: row ?? 0 };
}

/** Parses a rule sheet, reporting every problem at once with its row and field. */
export function parseAlignmentRules(csv: string, known: KnownCodes = {}): ParsedRules {
  const problems: MappingProblem[] = [];
  const add: Add = (row, field, code, message) => problems.push({ row, field, code, message });
  let table: string[][];
  try {
    table = readCsvRows(csv, { trim: true });
  } catch (error) {
    add(null, 'file', 'INVALID_CSV', `the rules are not readable CSV: ${(error as Error).message}`);
    return { rules: [], problems };
  }
  const header = (table[0] ?? []).map((name) => name.toLowerCase());
  const missing = RULE_COLUMNS.filter((column) => !header.includes(column));
  for (const column of missing)
    add(1, column, 'MISSING_COLUMN', `the header has no "${column}" column; expected ${RULE_COLUMNS.join(', ')}`);
  if (missing.length > 0) return { rules: [], problems };

  const rules: AlignmentRule[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell === '')) return;
    cells.forEach((cell, column) => {
      if (column >= header.length && cell !== '')
        add(row, `column ${column + 1}`, 'EXTRA_CELLS', `the row has more cells than the header; put text with commas in quotes ("…")`);
    });
    const fields = Object.fromEntries(RULE_COLUMNS.map((column) => [column, cells[header.indexOf(column)] ?? ''])) as RuleFields;
    const earlier = seen.get(fields.id);
    if (fields.id && earlier !== undefined) add(row, 'id', 'DUPLICATE_ID', `rule id "${fields.id}" is already used in row ${earlier}`);
    else if (fields.id) seen.set(fields.id, row);
    const rule = parseRuleFields(fields, row, known, add);
    if (rule) rules.push(rule);
  });
  if (problems.length > 0) return { rules: [], problems };
  return { rules: rules.sort((a, b) => (ruleBefore(a, b) ? -1 : 1)), problems };
}

function parseDimensions(text: string, row: number | null, add: Add): AlignmentDimension[] {
  if (text === '*') return [...ALIGNMENT_DIMENSIONS];
  const dimensions: AlignmentDimension[] = [];
  for (const name of text.split('|').map((part) => part.trim())) {
    const dimension = ALIGNMENT_DIMENSIONS.find((known) => known === name);
    if (dimension) dimensions.push(dimension);
    else add(row, 'dimension', 'UNKNOWN_DIMENSION', `"${name}" is not a dimension; use * or one of ${ALIGNMENT_DIMENSIONS.join(', ')}`);
  }
  return dimensions;
}

const CLAUSE = /^([A-Za-z]+)\s*(\bin\b|[^\sA-Za-z0-9|]+|\S+)\s*(.*)$/;

function parseCondition(text: string, row: number | null, known: KnownCodes, add: Add): Clause[] {
  if (text === '*') return [];
  const clauses: Clause[] = [];
  for (const part of text.split(/\s+and\s+/)) {
    const where = `condition "${part}"`;
    const match = CLAUSE.exec(part.trim());
    if (!match) {
      add(row, 'condition', 'BAD_CONDITION', `${where} is not "fact = value", "fact != value" or "fact in a|b"`);
      continue;
    }
    const [, fact = '', op = '', rest = ''] = match;
    const codeFact = CODE_FACTS.find((name) => name === fact);
    const booleanFact = BOOLEAN_FACTS.find((name) => name === fact);
    if (!codeFact && !booleanFact) {
      add(
        row,
        'condition',
        'UNKNOWN_FACT',
        `${where}: "${fact}" is not a fact; use one of ${[...CODE_FACTS, ...BOOLEAN_FACTS].join(', ')}`,
      );
      continue;
    }
    if (op !== '=' && op !== '!=' && op !== 'in') {
      add(row, 'condition', 'BAD_OPERATOR', `${where}: "${op}" is not an operator; use =, != or in`);
      continue;
    }
    const values = rest.split('|').map((value) => value.trim());
    if (booleanFact) {
      const value = rest === 'true' ? true : rest === 'false' ? false : null;
      if (op === 'in') add(row, 'condition', 'BAD_OPERATOR', `${where}: ${fact} is true or false; use = or !=, not in`);
      else if (value === null) add(row, 'condition', 'BAD_VALUE', `${where}: ${fact} is compared with true or false, not "${rest}"`);
      else clauses.push({ fact: booleanFact, op, value });
    } else if (codeFact) {
      const codes = known[codeFact];
      const bad = values.filter((value) => !CODE.test(value));
      const unknown = codes ? values.filter((value) => !codes.has(value)) : [];
      if (op !== 'in' && values.length > 1) add(row, 'condition', 'BAD_VALUE', `${where}: ${op} takes one code; use "in" for a list`);
      else if (bad.length > 0 || rest === '') add(row, 'condition', 'BAD_VALUE', `${where}: "${rest}" is not a code or list of codes`);
      else if (unknown.length > 0)
        add(row, 'condition', 'UNKNOWN_CODE', `${where}: ${unknown.join(', ')} not in the IATI ${FACT_CODELISTS[codeFact]} codelist`);
      else clauses.push({ fact: codeFact, op, values });
    }
  }
  return clauses;
}

/**
 * The known codes of each code fact from the shipped IATI codelists
 * (`mappings/iati-codelists/items.csv`, columns codelist, code, …), withdrawn codes included:
 * old data still carries them.
 */
export function knownCodesFromCodelists(itemsCsv: string): KnownCodes {
  const rows = readCsvRecords(itemsCsv);
  const known: Partial<Record<CodeFact, Set<string>>> = {};
  for (const fact of CODE_FACTS) {
    known[fact] = new Set(rows.filter((row) => row.codelist === FACT_CODELISTS[fact]).map((row) => row.code ?? ''));
  }
  return known;
}
