import { registerEnumType } from 'type-graphql';
import { ENROLMENT_STATUSES, GRIEVANCE_STATUSES, PAYMENT_STATUSES } from '../../../connectors/registry/columns.js';
import { badInput } from '../../graphql/errors.js';

/**
 * What a registry statistic counts, and the dimensions it can be broken down by. Every count is
 * additive (a cell's parts add up to it), so every published total can be the sum of perturbed
 * finest cells: a person enrolled in two programmes is one beneficiary of each.
 */
export enum RegistryMeasure {
  /** People reached: an individual's own enrolment, or every member of an enrolled household. */
  BENEFICIARIES = 'BENEFICIARIES',
  /** Households reached: an enrolled household, or the household of an enrolled individual. */
  HOUSEHOLDS = 'HOUSEHOLDS',
  /** Payments (count and amount), by the payroll cycle they belong to. */
  PAYMENTS = 'PAYMENTS',
  GRIEVANCES = 'GRIEVANCES',
  HOUSEHOLD_CHANGES = 'HOUSEHOLD_CHANGES',
}

export enum RegistryDimension {
  PROGRAMME = 'PROGRAMME',
  AREA = 'AREA',
  PERIOD = 'PERIOD',
  /** Of the person; for households, of the household head. */
  SEX = 'SEX',
  /** Age in whole years at the end of the period (or on `asOf`): 0-4, 5-17, 18-59, 60+. */
  AGE_BAND = 'AGE_BAND',
  /** Enrolment, payment or grievance status. */
  STATUS = 'STATUS',
  CURRENCY = 'CURRENCY',
  CATEGORY = 'CATEGORY',
  CHANNEL = 'CHANNEL',
  PRIORITY = 'PRIORITY',
  /** Household change: member-added, member-left, moved. */
  KIND = 'KIND',
}

export enum PeriodGrain {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  /** The country's fiscal year (finance's calendar), e.g. 2025/26. */
  FISCAL_YEAR = 'FISCAL_YEAR',
  /** Quarters of the country's fiscal year, e.g. 2025/26 Q2. */
  FISCAL_QUARTER = 'FISCAL_QUARTER',
}

registerEnumType(RegistryMeasure, { name: 'RegistryMeasure', description: 'What a registry statistic counts.' });
registerEnumType(RegistryDimension, { name: 'RegistryDimension', description: 'What a registry statistic is broken down by.' });
registerEnumType(PeriodGrain, { name: 'PeriodGrain' });

/** Enrolments are stocks, counted as on a window's last day; payments, grievances and changes are flows, counted by their date. */
export const STOCKS: ReadonlySet<RegistryMeasure> = new Set([RegistryMeasure.BENEFICIARIES, RegistryMeasure.HOUSEHOLDS]);

const D = RegistryDimension;
const PEOPLE = [D.PROGRAMME, D.AREA, D.PERIOD, D.SEX, D.AGE_BAND, D.STATUS];

export const DIMENSIONS_OF: Readonly<Record<RegistryMeasure, readonly RegistryDimension[]>> = {
  BENEFICIARIES: PEOPLE,
  HOUSEHOLDS: PEOPLE,
  PAYMENTS: [...PEOPLE, D.CURRENCY],
  GRIEVANCES: [D.PROGRAMME, D.AREA, D.PERIOD, D.STATUS, D.CATEGORY, D.CHANNEL, D.PRIORITY],
  HOUSEHOLD_CHANGES: [D.AREA, D.PERIOD, D.KIND],
};

/** The dimensions a table is built on, in a fixed order; payments always keep their currency. */
export function dimensionsFor(measure: RegistryMeasure, by: readonly RegistryDimension[]): RegistryDimension[] {
  const allowed = DIMENSIONS_OF[measure];
  const wrong = by.find((d) => !allowed.includes(d));
  if (wrong) throw badInput(`${measure} cannot be broken down by ${wrong}; it can by ${allowed.join(', ')}`, 'by');
  const wanted = new Set(by);
  if (measure === RegistryMeasure.PAYMENTS) wanted.add(D.CURRENCY);
  return allowed.filter((d) => wanted.has(d));
}

/** The statuses a measure's records can have (STATUS and the `statuses` filter). */
export const STATUSES_OF: Readonly<Record<RegistryMeasure, readonly string[]>> = {
  BENEFICIARIES: ENROLMENT_STATUSES,
  HOUSEHOLDS: ENROLMENT_STATUSES,
  PAYMENTS: PAYMENT_STATUSES,
  GRIEVANCES: GRIEVANCE_STATUSES,
  HOUSEHOLD_CHANGES: [],
};

export function checkStatuses(measure: RegistryMeasure, statuses: readonly string[] | null): void {
  const known = STATUSES_OF[measure];
  const wrong = statuses?.find((status) => !known.includes(status));
  if (wrong !== undefined)
    throw badInput(
      known.length ? `${measure} has no status ${wrong}; its statuses are ${known.join(', ')}` : `${measure} have no status`,
      'statuses',
    );
}

/** Age bands in years, lowest first; the last is open. */
export const AGE_BANDS: readonly { readonly label: string; readonly from: number }[] = [
  { label: '0-4', from: 0 },
  { label: '5-17', from: 5 },
  { label: '18-59', from: 18 },
  { label: '60+', from: 60 },
];
