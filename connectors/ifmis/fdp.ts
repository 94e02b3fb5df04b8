import type { ColumnMap, ColumnRef, SegmentColumns } from './column-map.js';
import { fdpError, readFdp, type FdpMeasure, type FdpModel, type FdpResource } from './fdp-model.js';
import { fdpSegments } from './fdp-segments.js';
import type { BudgetStage } from './types.js';

/**
 * A Fiscal Data Package descriptor as a ready-made column map. Measures become stages (FDP phase
 * approved → approved, adjusted → revised, executed → paid, proposed → proposed); dimensions
 * become segments (see fdp-segments.ts); the date dimension's year is the fiscal year.
 */
export interface FdpOptions {
  /** ISO alpha-2; default the descriptor's `countryCode`. */
  readonly country?: string;
  /** When no measure names a currency. */
  readonly currency?: string;
  /** When the descriptor has no date dimension and its fiscal period spans several years. */
  readonly fiscalYear?: string;
  readonly name?: string;
  /** Told what was decided on the descriptor's behalf (a phase overridden, a measure skipped…). */
  readonly onWarning?: (message: string) => void;
}

const PHASES: Readonly<Record<string, BudgetStage>> = { proposed: 'proposed', approved: 'approved', adjusted: 'revised', executed: 'paid' };

/** Words in a measure's name or column, first match wins; FDP's four phases cannot say committed, allotted, AE or verified. */
const NAMED: readonly [RegExp, BudgetStage][] = [
  [/autoris|authori[sz]ation|commitment.?authority|\bAE\b/i, 'commitment_authority'],
  [/commit|obligat|comprometid/i, 'committed'],
  [/allot|allocat|asignad/i, 'allotted'],
  [/propos|draft|proyecto/i, 'proposed'],
  [/adjust|modif|revis|amend|vigente/i, 'revised'],
  [/approv|original|voted|aprobad/i, 'approved'],
  [/liquid|verif|devengad/i, 'verified'],
  [/execut|paid|pagad|ejecut|spent|actual/i, 'paid'],
];
const INEXPRESSIBLE: ReadonlySet<BudgetStage> = new Set(['committed', 'allotted', 'commitment_authority', 'verified']);

export function fromFiscalDataPackage(descriptor: unknown, options: FdpOptions = {}): ColumnMap {
  const model = readFdp(descriptor);
  const warn = options.onWarning ?? (() => undefined);
  const country = (options.country ?? model.countryCode ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw fdpError('no countryCode; pass options.country (ISO 3166 alpha-2)');
  const measures = model.measures.filter((m) => {
    if (!m.direction || m.direction === 'expenditure') return true;
    warn(`measure ${m.name} is ${m.direction}, not expenditure: left out`);
    return false;
  });
  if (measures.length === 0) throw fdpError('no expenditure measure');
  const resource = resourceOf(model, measures);
  const amounts: Partial<Record<BudgetStage, string>> = {};
  for (const measure of measures) {
    const stage = stageOf(measure, warn);
    if (amounts[stage]) throw fdpError(`measures ${measure.source} and ${amounts[stage]} both give stage ${stage}`);
    amounts[stage] = measure.source;
  }
  const { segments, fiscalYear: yearColumn } = fdpSegments(model.dimensions, resource, warn);
  if (Object.keys(segments).length === 0) throw fdpError('no classification dimension to make segments from');
  const columns = [...measures.map((m) => m.source), ...Object.values(segments).flatMap((s: SegmentColumns) => s.columns)];
  if (yearColumn) columns.push(yearColumn);
  checkFields(resource, columns);
  const format = formatOf(resource);
  const encoding = resource.encoding && !/^utf-?8$/i.test(resource.encoding) ? resource.encoding : undefined;
  return {
    name: options.name ?? model.name,
    description: `From the Fiscal Data Package descriptor ${model.name}${model.title ? ` (${model.title})` : ''}.`,
    country,
    format,
    ...(encoding ? { encoding } : {}),
    ...(resource.delimiter && resource.delimiter !== ',' ? { delimiter: resource.delimiter } : {}),
    headerRow: 1,
    fiscalYear: fiscalYearOf(model, yearColumn, options),
    currency: { value: currencyOf(measures, options) },
    ...numbersOf(resource, measures),
    segments,
    amounts,
  };
}

function stageOf(measure: FdpMeasure, warn: (message: string) => void): BudgetStage {
  if (measure.factor !== undefined && measure.factor !== 1) {
    throw fdpError(
      `measure ${measure.name} has factor ${measure.factor}; scaled amounts are not supported (amounts must be read as written)`,
    );
  }
  if (/million|millon|thousand|miles\b|\bmil\b/i.test(measure.source)) {
    const factor = measure.factor === undefined ? 'gives no factor' : 'gives factor 1';
    warn(`measure ${measure.name}: column "${measure.source}" looks scaled, but the descriptor ${factor}; amounts are read as written`);
  }
  const phased = measure.phase ? PHASES[measure.phase.toLowerCase()] : undefined;
  if (measure.phase && !phased) warn(`measure ${measure.name}: phase "${measure.phase}" is not an FDP phase`);
  const named = NAMED.find(([pattern]) => pattern.test(`${measure.name} ${measure.source}`))?.[1];
  if (named && phased && named !== phased) {
    const stage = INEXPRESSIBLE.has(named) ? named : phased;
    warn(`measure ${measure.name}: phase "${measure.phase ?? ''}" but the column says ${named}; read as ${stage}`);
    return stage;
  }
  const stage = phased ?? named;
  if (!stage) throw fdpError(`measure ${measure.name} (${measure.source}) has no phase and its name names no stage`);
  return stage;
}

function resourceOf(model: FdpModel, measures: readonly FdpMeasure[]): FdpResource {
  const wanted = measures.find((m) => m.resource)?.resource;
  const found = wanted ? model.resources.find((r) => r.name === wanted) : model.resources[0];
  if (wanted && !found) throw fdpError(`measures name resource ${wanted}, which the descriptor does not list`);
  return found ?? { fields: null };
}

function checkFields(resource: FdpResource, columns: readonly string[]): void {
  if (!resource.fields) return;
  const names = new Set(resource.fields.map((f) => f.name));
  const missing = columns.filter((c) => !names.has(c));
  if (missing.length) throw fdpError(`the mapping names columns the resource's schema does not have: ${missing.join(', ')}`);
}

function formatOf(resource: FdpResource): 'csv' | 'xlsx' {
  const format = (resource.format ?? resource.path?.split('.').pop() ?? 'csv').toLowerCase();
  if (format === 'csv' || format === 'xlsx') return format;
  throw fdpError(`resource ${resource.name ?? ''} is ${format}; only csv and xlsx resources can be read`);
}

function fiscalYearOf(model: FdpModel, column: string | null, options: FdpOptions): ColumnRef {
  if (column) return column;
  if (options.fiscalYear) return { value: options.fiscalYear };
  const start = model.fiscalPeriod?.start?.slice(0, 4);
  const end = model.fiscalPeriod?.end?.slice(0, 4);
  if (start && start === end) return { value: start };
  throw fdpError('no date dimension and the fiscal period is not one year; pass options.fiscalYear');
}

function currencyOf(measures: readonly FdpMeasure[], options: FdpOptions): string {
  const currencies = new Set(measures.flatMap((m) => (m.currency ? [m.currency.toUpperCase()] : [])));
  if (currencies.size > 1) throw fdpError(`measures are in several currencies (${[...currencies].join(', ')})`);
  const currency = [...currencies][0] ?? options.currency?.toUpperCase();
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw fdpError('no measure names its currency; pass options.currency');
  return currency;
}

function numbersOf(resource: FdpResource, measures: readonly FdpMeasure[]): Pick<ColumnMap, 'numbers'> {
  const fields = (resource.fields ?? []).filter((f) => measures.some((m) => m.source === f.name));
  const decimal = fields.find((f) => f.decimalChar)?.decimalChar;
  const thousands = fields.find((f) => f.groupChar)?.groupChar;
  return decimal || thousands ? { numbers: { ...(thousands ? { thousands } : {}), ...(decimal ? { decimal } : {}) } } : {};
}
