import { TributaryError } from '../../src/errors.js';

/**
 * The parts of a Fiscal Data Package descriptor (`datapackage.json`, FDP 0.3 `model` or 1.0
 * `mapping`) that a column map needs, read defensively: descriptors in the wild omit fields,
 * misspell phases and leave `dimensionType` out.
 */
export interface FdpAttribute {
  readonly name: string;
  readonly source: string;
  readonly parent?: string;
  readonly labelfor?: string;
}

export interface FdpDimension {
  readonly name: string;
  readonly dimensionType?: string;
  readonly classificationType?: string;
  readonly attributes: readonly FdpAttribute[];
  readonly primaryKey: readonly string[];
}

export interface FdpMeasure {
  readonly name: string;
  readonly source: string;
  readonly currency?: string;
  readonly direction?: string;
  readonly phase?: string;
  readonly factor?: number;
  readonly resource?: string;
}

export interface FdpField {
  readonly name: string;
  readonly type?: string;
  readonly decimalChar?: string;
  readonly groupChar?: string;
}

export interface FdpResource {
  readonly name?: string;
  readonly path?: string;
  readonly format?: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly fields: readonly FdpField[] | null;
}

export interface FdpModel {
  readonly name: string;
  readonly title?: string;
  readonly countryCode?: string;
  readonly fiscalPeriod?: { readonly start?: string; readonly end?: string };
  readonly measures: readonly FdpMeasure[];
  readonly dimensions: readonly FdpDimension[];
  readonly resources: readonly FdpResource[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

export function fdpError(message: string): TributaryError {
  return new TributaryError('BAD_USER_INPUT', `Fiscal Data Package descriptor: ${message}`, { field: 'mapping' });
}

function entries(value: unknown, what: string): [string, Json][] {
  if (value === undefined) return [];
  if (!isObject(value)) throw fdpError(`${what} must be an object`);
  return Object.entries(value).map(([name, item]) => {
    if (!isObject(item)) throw fdpError(`${what}.${name} must be an object`);
    return [name, item];
  });
}

function keyList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function resource(value: unknown): FdpResource {
  const item = isObject(value) ? value : {};
  const schema = isObject(item.schema) ? item.schema : {};
  const fields = Array.isArray(schema.fields)
    ? schema.fields.filter(isObject).map((f) => ({
        name: String(f.name ?? ''),
        type: text(f.type),
        decimalChar: text(f.decimalChar),
        groupChar: typeof f.groupChar === 'string' ? f.groupChar : undefined,
      }))
    : null;
  const dialect = isObject(item.dialect) ? item.dialect : {};
  return {
    name: text(item.name),
    path: text(item.path) ?? (Array.isArray(item.path) ? text(item.path[0]) : undefined),
    format: text(item.format),
    encoding: text(item.encoding),
    delimiter: typeof dialect.delimiter === 'string' ? dialect.delimiter : undefined,
    fields,
  };
}

export function readFdp(descriptor: unknown): FdpModel {
  if (!isObject(descriptor)) throw fdpError('not a JSON object');
  const mapping = descriptor.mapping ?? descriptor.model;
  if (!isObject(mapping)) throw fdpError('no "mapping" (FDP 1.0) or "model" (FDP 0.3)');
  const measures = entries(mapping.measures, 'measures').map(([name, m]): FdpMeasure => {
    const source = text(m.source);
    if (!source) throw fdpError(`measure ${name} has no source column`);
    return {
      name,
      source,
      currency: text(m.currency),
      direction: text(m.direction),
      phase: text(m.phase),
      factor: typeof m.factor === 'number' ? m.factor : undefined,
      resource: text(m.resource),
    };
  });
  const dimensions = entries(mapping.dimensions, 'dimensions').map(([name, d]): FdpDimension => {
    const attributes = entries(d.attributes, `dimensions.${name}.attributes`).map(([attribute, a]): FdpAttribute => {
      const source = text(a.source);
      if (!source) throw fdpError(`dimension ${name} attribute ${attribute} has no source column`);
      return { name: attribute, source, parent: text(a.parent), labelfor: text(a.labelfor) };
    });
    return {
      name,
      dimensionType: text(d.dimensionType),
      classificationType: text(d.classificationType),
      attributes,
      primaryKey: keyList(d.primaryKey),
    };
  });
  const period = isObject(descriptor.fiscalPeriod) ? descriptor.fiscalPeriod : undefined;
  return {
    name: text(descriptor.name) ?? 'fiscal-data-package',
    title: text(descriptor.title),
    countryCode: text(descriptor.countryCode),
    fiscalPeriod: period ? { start: text(period.start), end: text(period.end) } : undefined,
    measures,
    dimensions,
    resources: Array.isArray(descriptor.resources) ? descriptor.resources.map(resource) : [],
  };
}
