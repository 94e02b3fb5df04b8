import type { EntityManager } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { coaSegments } from '../../finance/coa-lookup.js';
import { countryCalendar, type FiscalCalendar } from '../../finance/country-calendar.js';
import { fiscalYearLabel } from '../../finance/fiscal-calendar.js';
import { ALIGNMENT_FILTERS, type AlignmentFilter, type ProjectionFilter } from './filter.js';
import { FINANCE_TYPES, type FinanceTypeClass } from './finance-type.js';

/** The filter as a caller gives it: codes and names as text, checked by `checkProjection`. */
export interface ProjectionRequest {
  readonly country: string;
  readonly segment?: string | null;
  /** Fiscal year names ("2025/26") or start years ("2025"). */
  readonly fiscalYears?: readonly string[] | null;
  readonly quarters?: boolean | null;
  readonly treasury?: readonly string[] | null;
  readonly budget?: readonly string[] | null;
  readonly donors?: readonly string[] | null;
  readonly sectors?: readonly string[] | null;
  readonly votes?: readonly string[] | null;
  readonly financeTypes?: readonly string[] | null;
  readonly currency?: string | null;
}

/** A checked request and what it resolved to: the calendar and the segments of the country's chart. */
export interface Projection {
  readonly filter: ProjectionFilter;
  readonly calendar: FiscalCalendar;
  readonly administrative: string;
  /** Every segment of the chart, in its order. */
  readonly segments: readonly string[];
}

/** The name of the fiscal year starting in `year` ("2025/26"). */
export function labelOf(calendar: FiscalCalendar, year: number): string {
  return fiscalYearLabel({ startMonth: calendar.startMonth, label: calendar.label ?? undefined }, year);
}

const bad = (message: string, field: string) => new TributaryError('BAD_USER_INPUT', message, { field });

function oneOf<T extends string>(values: readonly string[] | null | undefined, allowed: readonly T[], field: string): T[] {
  return (values ?? []).map((value) => {
    const lower = value.toLowerCase();
    if (!(allowed as readonly string[]).includes(lower)) throw bad(`${field}: "${value}" is not one of ${allowed.join(', ')}`, field);
    return lower as T;
  });
}

function fiscalYearOf(calendar: FiscalCalendar, text: string): number {
  const year = Number(/^\d{4}/.exec(text.trim())?.[0] ?? NaN);
  const valid = Number.isInteger(year) && (text.trim() === String(year) || labelOf(calendar, year) === text.trim());
  if (!valid)
    throw bad(`fiscalYears: "${text}" is not a fiscal year of ${calendar.country} (e.g. "${labelOf(calendar, 2025)}")`, 'fiscalYears');
  return year;
}

/** Refuses a segment the country's chart does not have, naming the segments it has. */
export function checkSegment(
  projection: { readonly segments: readonly string[]; readonly filter: { readonly country: string } },
  segment: string,
  asked: string | null | undefined = segment,
): void {
  if (!projection.segments.includes(segment))
    throw bad(
      `segment: "${asked}" is not a segment of ${projection.filter.country}'s chart (${projection.segments.join(', ')})`,
      'segment',
    );
}

/** Checks every part of the request against the country's chart; a bad value is refused naming the field. */
export async function checkProjection(em: EntityManager, request: ProjectionRequest): Promise<Projection> {
  const country = request.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw bad(`country: "${request.country}" is not an ISO 3166 country code`, 'country');
  const calendar = await countryCalendar(em, country);
  if (!calendar) throw bad(`country: the hub holds no chart of accounts for ${country}`, 'country');
  const chart = (await coaSegments(em)).filter((s) => s.country === country);
  const administrative = chart.find((s) => s.kind === 'administrative')?.segment;
  if (!administrative) throw bad(`country: the chart of accounts of ${country} has no administrative segment`, 'country');
  const segment = request.segment?.replace(/^coa:/, '') ?? administrative;
  checkSegment({ segments: chart.map((s) => s.segment), filter: { country } }, segment, request.segment);
  const currency = (request.currency ?? calendar.currency).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw bad(`currency: "${request.currency}" is not an ISO 4217 currency code`, 'currency');
  const sectors = (request.sectors ?? []).map((s) => s.trim());
  for (const sector of sectors)
    if (!/^\d{3}(\d{2})?$/.test(sector)) throw bad(`sectors: "${sector}" is not a DAC purpose code (5 digits) or category (3)`, 'sectors');
  return {
    calendar,
    administrative,
    segments: chart.map((s) => s.segment),
    filter: {
      country,
      segment,
      fiscalYears: (request.fiscalYears ?? []).map((fy) => fiscalYearOf(calendar, fy)),
      quarters: request.quarters ?? false,
      treasury: oneOf<AlignmentFilter>(request.treasury, ALIGNMENT_FILTERS, 'treasury'),
      budget: oneOf<AlignmentFilter>(request.budget, ALIGNMENT_FILTERS, 'budget'),
      donors: [...(request.donors ?? [])],
      sectors,
      votes: [...(request.votes ?? [])],
      financeTypes: oneOf<FinanceTypeClass>(request.financeTypes, FINANCE_TYPES, 'financeTypes'),
      currency,
    },
  };
}
