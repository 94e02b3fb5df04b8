import type { ProjectionRequest } from '../../mapping/projection/setup.js';
import type { ExportFormat } from '../budget.js';

/** A query parameter the route refuses: answered 400 naming it, before any byte of file. */
export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** The budget download's parameters: the CLI's options (`--fy` → `fy`), lists repeated or comma-separated. */
const LISTS = ['fy', 'treasury', 'budget', 'donor', 'sector', 'vote', 'financeType'] as const;
const SINGLES = ['country', 'segment', 'currency', 'format', 'quarters'] as const;
export const BUDGET_PARAMETERS: readonly string[] = [...SINGLES, ...LISTS];
export const IATI_PARAMETERS: readonly string[] = ['country', 'segment'];

/** Longest value and most values of one parameter: a filter is a few codes, not a file. */
const MAX_VALUE_CHARS = 200;
const MAX_VALUES = 100;

function checked(query: URLSearchParams, allowed: readonly string[]): void {
  for (const name of new Set(query.keys())) {
    if (!allowed.includes(name))
      throw new ParameterError(name, `${name}: not a parameter of this download (it takes ${allowed.join(', ')})`);
    const values = query.getAll(name);
    if (values.some((value) => value.length > MAX_VALUE_CHARS))
      throw new ParameterError(name, `${name}: a value longer than ${MAX_VALUE_CHARS} characters`);
    if (values.flatMap((value) => value.split(',')).length > MAX_VALUES)
      throw new ParameterError(name, `${name}: more than ${MAX_VALUES} values`);
  }
}

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new ParameterError(name, `${name}: given ${values.length} times; give it once`);
  const value = values[0]?.trim();
  return value === '' ? undefined : value;
}

function list(query: URLSearchParams, name: string): string[] | undefined {
  const values = query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return values.length > 0 ? values : undefined;
}

function required(query: URLSearchParams, name: string): string {
  const value = single(query, name);
  if (value === undefined) throw new ParameterError(name, `${name}: required (e.g. ${name}=MW)`);
  return value;
}

export interface BudgetDownload {
  readonly request: ProjectionRequest;
  readonly format: ExportFormat;
}

/** `?country=MW&fy=2025/26&treasury=off&format=xlsx`, as the export takes it; the filters' values are checked by the projection. */
export function budgetDownloadOf(query: URLSearchParams): BudgetDownload {
  checked(query, BUDGET_PARAMETERS);
  const format = (single(query, 'format') ?? 'xlsx').toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw new ParameterError('format', `format: "${format}" is neither xlsx nor csv`);
  const quarters = single(query, 'quarters');
  if (quarters !== undefined && !['true', 'false'].includes(quarters))
    throw new ParameterError('quarters', `quarters: "${quarters}" is neither true nor false`);
  return {
    format,
    request: {
      country: required(query, 'country'),
      segment: single(query, 'segment'),
      fiscalYears: list(query, 'fy'),
      quarters: quarters === 'true',
      treasury: list(query, 'treasury'),
      budget: list(query, 'budget'),
      donors: list(query, 'donor'),
      sectors: list(query, 'sector'),
      votes: list(query, 'vote'),
      financeTypes: list(query, 'financeType'),
      currency: single(query, 'currency'),
    },
  };
}

export function iatiDownloadOf(query: URLSearchParams): { country: string; segment: string | undefined } {
  checked(query, IATI_PARAMETERS);
  return { country: required(query, 'country'), segment: single(query, 'segment') };
}

/** The projection names a refused field as the graph does (`fiscalYears`); the route answers with its parameter. */
const PARAMETER_OF_FIELD: Readonly<Record<string, string>> = {
  fiscalYears: 'fy',
  donors: 'donor',
  sectors: 'sector',
  votes: 'vote',
  financeTypes: 'financeType',
};

export function parameterOfField(field: string): string {
  return PARAMETER_OF_FIELD[field] ?? field;
}
